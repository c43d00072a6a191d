import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';

const root = repoRoot();
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const isClone = spawnSync('git', ['rev-parse', '--git-dir'], { cwd: root }).status === 0;

/** A repository with plans, and a PATH where `virtplan` is this build, as an install would make it. */
function project(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-pre-commit-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'virtplan'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'dist', 'cli.js')}" "$@"\n`);
  chmodSync(join(bin, 'virtplan'), 0o755);
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  spawnSync('git', ['init', '-q'], { cwd: repo });
  spawnSync('git', ['add', '.'], { cwd: repo });
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, PRE_COMMIT_HOME: join(dir, 'cache'), GIT_CONFIG_GLOBAL: '/dev/null' };
  return (hook: string) => {
    const result = spawnSync('pre-commit', ['try-repo', root, hook, '--all-files'], { cwd: repo, env, encoding: 'utf8' });
    return { code: result.status, out: result.stdout + result.stderr };
  };
}

describe('the pre-commit hooks', { skip: !hasPreCommit || !isClone ? 'pre-commit is not installed (.ci/run installs it)' : false }, () => {
  it('virtplan fails a commit with an error in a plan, and passes a clean one', () => {
    const run = project({ 'bad.virtplan.json': planText((p) => (p.vms[0].migration = 'live')), 'notes.txt': 'not a plan' });
    const failed = run('virtplan');
    assert.equal(failed.code, 1, failed.out);
    assert.match(failed.out, /bad\.virtplan\.json:\d+:\d+ error live-migration-unsupported/);
    const passed = project({ 'good.virtplan.json': planText() })('virtplan');
    assert.equal(passed.code, 0, passed.out);
  });

  it('virtplan-format names a plan that is not formatted', () => {
    const run = project({ 'messy.virtplan.json': '{"name":"p","hosts":[]}' });
    const result = run('virtplan-format');
    assert.equal(result.code, 1, result.out);
    assert.match(result.out, /messy\.virtplan\.json/);
  });
});
