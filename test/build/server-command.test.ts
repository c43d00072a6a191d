import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';

const SERVER = join(repoRoot(), 'dist', 'server.js');
const run = (...args: string[]) => spawnSync(process.execPath, [SERVER, ...args], { encoding: 'utf8', timeout: 10_000, input: '' });

describe('virtplan-language-server typed at a prompt', () => {
  it('without a transport says how it is started, in a line, with no stack trace', () => {
    const { status, stdout, stderr } = run();
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /--stdio/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });

  it('answers --help and --version', () => {
    const help = run('--help');
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: virtplan-language-server --stdio/);
    const version = run('--version');
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
