import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export function repoRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    // At the top with no package.json: a bundle copied out of the repository.
    if (dirname(dir) === dir) throw new Error(`no package.json in ${__dirname} or above it: run the bundle from the repository`);
  }
}

/**
 * A minimal LSP client for tests: starts the built server over stdio, records every
 * publishDiagnostics, and fails any pending request at once if the server exits.
 */
export class TestClient {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private exited: Promise<never>;
  private waiters: Array<() => void> = [];
  exitCode: number | null = null;

  constructor(args: string[] = ['--stdio']) {
    this.child = spawn(process.execPath, [join(repoRoot(), 'dist', 'server.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.exited = new Promise<never>((_, reject) => {
      this.child.on('exit', (code) => {
        this.exitCode = code;
        reject(new Error(`the server exited with code ${code}`));
      });
    });
    this.exited.catch(() => undefined);
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  settings: unknown = {};

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** A request that fails at once if the server dies. */
  request<R>(method: string, params: unknown): Promise<R> {
    return Promise.race([this.connection.sendRequest(method, params) as Promise<R>, this.exited]);
  }

  notifyServer(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  async initialize(capabilities: ClientCapabilities = {}, initializationOptions?: unknown, params: Record<string, unknown> = {}): Promise<any> {
    const result = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions, ...params });
    this.notifyServer('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1): void {
    this.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'virtplan', version, text } });
  }

  change(uri: string, version: number, text: string): void {
    this.notifyServer('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Waits for diagnostics for `uri` that pass `accept`, checking what already arrived first. */
  async diagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.published].reverse().find((p) => p.uri === uri && accept(p));
      if (found) return found.diagnostics;
      if (this.exitCode !== null) throw new Error(`the server exited with code ${this.exitCode}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.exited.catch(() => resolve());
      });
    }
  }

  async stop(): Promise<void> {
    try {
      if (this.exitCode === null) {
        await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
        this.notifyServer('exit', null);
      }
    } catch {
      // Already gone.
    }
    await new Promise<void>((resolve) => {
      if (this.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 2000);
      this.child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }
}
