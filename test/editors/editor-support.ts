import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';

/**
 * Whether an editor binary is on the PATH. Outside CI a missing editor skips the test with
 * the package to install; in CI (where .ci/run installs it) it fails the test.
 */
export function editorAvailable(t: TestContext, binary: string): boolean {
  const found = spawnSync(binary, ['--version'], { encoding: 'utf8' }).status === 0;
  if (found) return true;
  if (process.env.CI) throw new Error(`${binary} is not installed; .ci/run should install it`);
  t.skip(`${binary} is not installed (apt-get install ${binary === 'nvim' ? 'neovim' : binary})`);
  return false;
}

/**
 * Runs an editor headless on a copy of an example plan, with the built server attached and
 * a hover asked on the first product id. The editor's script writes one JSON line; this
 * returns it with the plan's lines, to check ranges against.
 */
export function runEditorOnExample<T>(binary: string, args: (root: string) => string[], env: (home: string) => Record<string, string>): { result: T; lines: string[] } {
  const root = repoRoot();
  const home = mkdtempSync(join(tmpdir(), `virtplan-${binary}-`));
  const plan = join(home, 'first-hyperv-mistakes.virtplan.json');
  copyFileSync(join(root, 'examples', 'first-hyperv-mistakes.virtplan.json'), plan);
  const lines = readFileSync(plan, 'utf8').split('\n');
  const hoverLine = lines.findIndex((l) => l.includes('"product": "hyperv-2008"'));
  const run = spawnSync(binary, args(root), {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      ...env(home),
      VIRTPLAN_SERVER: join(root, 'dist', 'server.js'),
      VIRTPLAN_PLAN: plan,
      VIRTPLAN_HOVER_LINE: String(hoverLine),
      VIRTPLAN_HOVER_COL: String(lines[hoverLine].indexOf('hyperv-2008') + 2),
    },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `${binary} wrote its result (exit ${run.status}; stderr: ${run.stderr.slice(-800)})`);
  return { result: JSON.parse(line) as T, lines };
}
