/**
 * What the client does when the connection to its language server fails: a server that died
 * is restarted, quietly, a few times within a window; one that keeps dying is reported once.
 * Kept apart from vscode-languageclient so it can be tested without VS Code; extension.ts maps
 * the decisions onto the client's actions.
 */

/** The part of the server's ChildProcess the policy looks at. */
export interface ServerProcessState {
  readonly pid?: number;
  readonly exitCode: number | null;
  readonly signalCode: string | null;
}

export interface ErrorDecision {
  /** Stop the server (true) or carry on (false). */
  shutdown: boolean;
  /** Show the message to the user (true) or only log it in the output channel (false). */
  tell: boolean;
  message: string;
}

export interface CloseDecision {
  restart: boolean;
  tell: boolean;
  message: string;
}

/**
 * Node's codes for a write whose reader has gone: the server's end of the pipe or IPC channel
 * closed, which happens when it dies, sometimes before its exit is reported.
 */
const READER_GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_IPC_CHANNEL_CLOSED']);

/** Errors on one connection in a row that are tolerated before the server is stopped. */
const ERRORS_TOLERATED = 3;

function codeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function hasExited(process: ServerProcessState | undefined): boolean {
  return !process || process.exitCode !== null || process.signalCode !== null;
}

export class CrashPolicy {
  private restarts: number[] = [];

  constructor(
    private readonly serverProcess: () => ServerProcessState | undefined,
    private readonly limits = { restarts: 4, windowMs: 3 * 60 * 1000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** An error while reading from or writing to the server; `count` is how many in a row. */
  onError(error: Error, count: number | undefined): ErrorDecision {
    const process = this.serverProcess();
    if (hasExited(process) || READER_GONE.has(codeOf(error) ?? '')) {
      // Part of a crash: the closed connection that follows restarts the server.
      return { shutdown: false, tell: false, message: `The virtplan language server is gone (${error.message}); it is restarted when its connection closes.` };
    }
    if ((count ?? 1) <= ERRORS_TOLERATED) {
      return { shutdown: false, tell: false, message: `Error on the connection to the virtplan language server: ${error.message}` };
    }
    return {
      shutdown: true,
      tell: true,
      message: `The connection to the virtplan language server keeps failing (${error.message}), so the server was stopped. Use "virtplan: Restart Server" to start it again.`,
    };
  }

  /**
   * The connection closed without the client asking: the server died. (The client has already
   * logged how the process ended, when it knew.)
   */
  onClosed(): CloseDecision {
    const now = this.now();
    this.restarts = this.restarts.filter((at) => now - at < this.limits.windowMs);
    this.restarts.push(now);
    const minutes = Math.round(this.limits.windowMs / 60_000);
    if (this.restarts.length <= this.limits.restarts) {
      return {
        restart: true,
        tell: false,
        message: `The virtplan language server stopped; restarting it (${this.restarts.length} of ${this.limits.restarts} restarts allowed in ${minutes} minutes).`,
      };
    }
    return {
      restart: false,
      tell: true,
      message: `The virtplan language server stopped several times in a few minutes and was not restarted. Use "virtplan: Restart Server" to start it again.`,
    };
  }
}
