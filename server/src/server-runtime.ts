import type { CancellationToken, Connection } from 'vscode-languageserver';

/**
 * Runs a request handler so that the server survives it: a cancelled request gets the empty
 * answer at once, and an exception is logged and answered with the empty answer, never thrown
 * onto the connection.
 */
export function guard<T>(connection: Connection, name: string, empty: T, token: CancellationToken | undefined, run: () => T): T {
  if (token?.isCancellationRequested) return empty;
  try {
    return run();
  } catch (error) {
    connection.console.error(`virtplan: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return empty;
  }
}

/** Per-document timers: a newer edit replaces the pending run, so only the last version is checked. */
export class Debouncer {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  schedule(key: string, delay: number, run: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delay),
    );
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }
}
