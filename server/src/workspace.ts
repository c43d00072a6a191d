import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectPlanFiles, PLAN_SUFFIX } from './cli/files';

/** What the workspace checker needs from the server around it. */
export interface WorkspaceHost {
  isOpen(uri: string): boolean;
  /** Diagnostics for a plan's text, as for an open document. */
  check(uri: string, text: string): unknown[];
  send(uri: string, diagnostics: unknown[]): void;
  log(message: string): void;
}

/** The most plans checked from disk; beyond it the rest are left unchecked and a log line says so. */
export const MAX_WORKSPACE_PLANS = 1000;

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Opt-in checking of the plans in the workspace folders that are not open, from disk. Plans
 * are checked one per turn of the event loop, so requests from the editor are answered in
 * between; a plan that is opened is left to the editor's own checks, and checked from disk
 * again when it is closed.
 */
export class WorkspaceChecker {
  private enabled = false;
  private readonly published = new Set<string>();
  private readonly queue = new Set<string>();
  private scheduled = false;

  constructor(private readonly host: WorkspaceHost, private maxBytes: number) {}

  enable(folders: string[], maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.enabled = true;
    const { files } = collectPlanFiles(folders.map((f) => uriToPath(f)).filter((f): f is string => f !== undefined));
    if (files.length > MAX_WORKSPACE_PLANS) this.host.log(`virtplan: ${files.length} plans in the workspace; checking the first ${MAX_WORKSPACE_PLANS} from disk.`);
    for (const file of files.slice(0, MAX_WORKSPACE_PLANS)) this.enqueue(pathToFileURL(file).href);
  }

  disable(): void {
    this.enabled = false;
    this.queue.clear();
    for (const uri of this.published) this.host.send(uri, []);
    this.published.clear();
  }

  /** A plan changed, appeared or went away on disk. */
  changed(uri: string, deleted: boolean): void {
    if (!this.enabled || !uri.endsWith(PLAN_SUFFIX)) return;
    if (deleted) {
      this.queue.delete(uri);
      if (this.published.delete(uri)) this.host.send(uri, []);
    } else {
      this.enqueue(uri);
    }
  }

  /** The editor checks an open plan itself: what was published from disk for it goes. */
  opened(uri: string): void {
    this.queue.delete(uri);
    if (this.published.delete(uri)) this.host.send(uri, []);
  }

  /** Whether a closed plan keeps its diagnostics, now read from disk. */
  closed(uri: string): boolean {
    if (!this.enabled) return false;
    this.enqueue(uri);
    return true;
  }

  /** Checks again every plan published from disk, after a configuration file changed. */
  recheck(): void {
    for (const uri of this.published) this.enqueue(uri);
  }

  private enqueue(uri: string): void {
    if (this.host.isOpen(uri)) return;
    this.queue.add(uri);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.next());
    }
  }

  private next(): void {
    this.scheduled = false;
    const uri = this.queue.values().next().value as string | undefined;
    if (uri === undefined) return;
    this.queue.delete(uri);
    this.checkFromDisk(uri);
    if (this.queue.size) {
      this.scheduled = true;
      setImmediate(() => this.next());
    }
  }

  private checkFromDisk(uri: string): void {
    if (!this.enabled || this.host.isOpen(uri)) return;
    const path = uriToPath(uri);
    if (!path) return;
    let text: string;
    try {
      const stats = statSync(path);
      if (!stats.isFile() || stats.size > this.maxBytes) {
        if (this.published.delete(uri)) this.host.send(uri, []);
        return;
      }
      text = readFileSync(path, 'utf8');
    } catch {
      if (this.published.delete(uri)) this.host.send(uri, []);
      return;
    }
    this.published.add(uri);
    this.host.send(uri, this.host.check(uri, text));
  }
}
