import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../protocol/lsp-client';

/** The built command line, as `npm install` puts it on a user's PATH. */
export const CLI = join(repoRoot(), 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs `virtplan ARGS` in `cwd`, with a deadline: a command that blocks on a pipe or a device
 * fails the test rather than hanging it.
 */
export function runCli(args: string[], cwd?: string): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.signal, null, `virtplan ${args.join(' ')} ended by itself`);
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** A new folder holding `files`, by their paths relative to it (folders made as needed). */
export function folderWith(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
