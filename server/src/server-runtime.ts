import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { IPCMessageReader, IPCMessageWriter, Message, StreamMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { DecodingMessageReader } from './message-reader';
import { takeEarlyAnswer } from './early-initialize';

/**
 * Where the server is in its life. After `shutdown` the specification allows the client only
 * `exit`: every other request is refused with InvalidRequest, and nothing more is published.
 */
export const lifecycle = {
  shutDown: false,
  /** When the last request was answered (performance.now()): a check waits for a quiet moment after it. */
  answeredAt: Number.NEGATIVE_INFINITY,
};

/**
 * Runs a request handler so that the server survives it. A request after shutdown is refused;
 * a cancelled request is answered RequestCancelled, as VS Code's own JSON server answers it, so
 * the client knows the empty answer is no answer; an exception is logged and answered with the
 * empty answer, never thrown onto the connection.
 */
export function guard<T>(connection: Connection, name: string, empty: T, token: CancellationToken | undefined, run: () => T): T | ResponseError<never> {
  if (lifecycle.shutDown) return new ResponseError<never>(ErrorCodes.InvalidRequest, `The server is shutting down: no ${name} after shutdown.`);
  if (token?.isCancellationRequested) return new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    return safely(connection, name, empty, run);
  } finally {
    lifecycle.answeredAt = performance.now();
  }
}

/** Runs work the server does of its own accord: an exception is logged and `empty` stands in. */
export function safely<T>(connection: Connection, name: string, empty: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    connection.console.error(`virtplan: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return empty;
  }
}

/** How long a message may stay half read before the stream is taken to be out of step. */
const PARTIAL_MESSAGE_LIMIT_MS = 30_000;

/**
 * The message reader and writer for the transport named on the command line, with the reader
 * watched: once a message cannot be framed or decoded (a bad Content-Length, a body that is not
 * JSON), every later message would be read from the wrong place and the server would be alive
 * but deaf. It says why on stderr and exits, and the client starts a new server. Undefined for
 * transports left to vscode-languageserver's own choice (sockets, pipes).
 */
export function watchedTransport(argv: readonly string[], exit: (code: number) => void = (code) => process.exit(code)): { reader: MessageReader; writer: MessageWriter } | undefined {
  let reader: MessageReader;
  let writer: MessageWriter;
  if (argv.includes('--stdio')) {
    reader = new DecodingMessageReader(process.stdin);
    writer = new StreamMessageWriter(process.stdout);
  } else if (argv.includes('--node-ipc')) {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
  } else {
    return undefined;
  }
  const stop = (why: string) => {
    process.stderr.write(`virtplan: ${why}; the language server stops so that the client can start it again.\n`);
    exit(1);
  };
  reader.onError((error) => stop(`cannot read the client's messages (${error.message.split('\n')[0]})`));
  let waitedMs = 0;
  let waitingFor: number | undefined;
  reader.onPartialMessage(({ messageToken, waitingTime }) => {
    waitedMs = messageToken === waitingFor ? waitedMs + waitingTime : waitingTime;
    waitingFor = messageToken;
    if (waitedMs >= PARTIAL_MESSAGE_LIMIT_MS) stop(`a message from the client has been incomplete for ${Math.round(waitedMs / 1000)} s, so its Content-Length is wrong`);
  });
  const answered = takeEarlyAnswer();
  return { reader, writer: answered === undefined ? writer : withoutAnswerTo(answered, writer) };
}

/**
 * A writer that does not send the server's answer to the request `id`, once: the command that
 * started the server has sent the same answer to `initialize` already (early-initialize.ts).
 */
function withoutAnswerTo(id: number | string, writer: MessageWriter): MessageWriter {
  let dropped = false;
  return {
    onError: writer.onError,
    onClose: writer.onClose,
    write: (message: Message) => {
      if (!dropped && Message.isResponse(message) && message.id === id) {
        dropped = true;
        return Promise.resolve();
      }
      return writer.write(message);
    },
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
}

/** Per-document timers: a newer edit replaces the pending run, so only the last version is checked. */
export class Debouncer {
  private readonly pending = new Map<string, () => void>();

  /**
   * Runs `run` after `delay` ms, and after the messages already received: the connection
   * handles one message per turn of the event loop, so a request that came with an edit is
   * answered before the check of the version it sees, not after it.
   */
  schedule(key: string, delay: number, run: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      const immediate = setImmediate(() => {
        this.pending.delete(key);
        run();
      });
      this.pending.set(key, () => clearImmediate(immediate));
    }, delay);
    this.pending.set(key, () => clearTimeout(timer));
  }

  /** Whether a run for `key` waits for its delay or for its turn. */
  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  cancel(key: string): void {
    this.pending.get(key)?.();
    this.pending.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
