import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './lsp-client';

export interface RawMessage {
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: unknown;
  error?: { code: number; message: string };
}

/** One framed message, as a client writes it. */
export function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/**
 * The built server over stdio with nothing in between: the test writes exactly the bytes it
 * wants (several messages in one write, broken framing) and reads every message back.
 */
export class RawServer {
  readonly child: ChildProcess;
  readonly received: RawMessage[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  /** `bundle`: the server's command (dist/server.js), or the server run without it (server-main.js). */
  constructor(bundle = 'server.js') {
    this.child = spawn(process.execPath, [join(repoRoot(), 'dist', bundle), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      this.wake();
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
        if (this.buffer.length < end + 4 + length) break;
        this.received.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as RawMessage);
        this.buffer = this.buffer.subarray(end + 4 + length);
      }
      this.wake();
    });
    // A client answers the server's own requests (configuration, registrations).
    this.onReceived((m) => {
      if (m.method && m.id !== undefined) this.write(frame({ id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map(() => ({ validation: { delay: 0 } })) : null }));
    });
  }

  private listeners: Array<(m: RawMessage) => void> = [];
  private seen = 0;

  private onReceived(listener: (m: RawMessage) => void): void {
    this.listeners.push(listener);
  }

  private wake(): void {
    for (; this.seen < this.received.length; this.seen++) for (const listener of this.listeners) listener(this.received[this.seen]);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Waits until `accept` holds (checked at once and on every message or stderr line), failing after `timeoutMs`. */
  async until<T>(accept: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = accept();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiters.push(wake);
        void this.exited.then(wake);
      });
    }
  }

  response(id: number): Promise<RawMessage> {
    return this.until(() => this.received.find((m) => m.id === id && m.method === undefined), `answer to request ${id}`);
  }

  async initialize(): Promise<void> {
    this.write(frame({ id: 0, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } } }));
    await this.response(0);
    this.write(frame({ method: 'initialized', params: {} }));
  }

  published(uri: string): RawMessage[] {
    return this.received.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  }

  /** The exit code, or null if the server is still running after `timeoutMs`. */
  async exitCode(timeoutMs: number): Promise<number | null | 'running'> {
    return Promise.race([this.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), timeoutMs))]);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
