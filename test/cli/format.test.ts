import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';
import { folderWith, runCli as run } from './run';

const messy = '{"name":"p", // the plan\n"hosts":[{"name":"h","product":"esx-3.5"}]}';
const tidy = '{\n  "name": "p", // the plan\n  "hosts": [{ "name": "h", "product": "esx-3.5" }]\n}\n';

describe('virtplan format', () => {
  it('prints a plan formatted with its comments, and never writes it', () => {
    const dir = folderWith({ 'a.virtplan.json': messy });
    const path = join(dir, 'a.virtplan.json');
    const before = statSync(path).mtimeMs;
    const result = run(['format', path]);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, tidy);
    assert.equal(readFileSync(path, 'utf8'), messy);
    assert.equal(statSync(path).mtimeMs, before);
  });

  it('--check names the plans that are not formatted and exits 1', () => {
    const dir = folderWith({ 'a.virtplan.json': messy, 'b.virtplan.json': tidy });
    const result = run(['format', '--check', dir]);
    assert.equal(result.code, 1);
    assert.equal(result.out, `${join(dir, 'a.virtplan.json')}\n`);
    assert.equal(run(['format', '--check', join(dir, 'b.virtplan.json')]).code, 0);
  });

  it('heads each plan with its path when it prints several', () => {
    const dir = folderWith({ 'a.virtplan.json': messy, 'b.virtplan.json': tidy });
    const result = run(['format', dir]);
    assert.equal(result.code, 0);
    assert.equal(result.out, `==> ${join(dir, 'a.virtplan.json')} <==\n${tidy}\n==> ${join(dir, 'b.virtplan.json')} <==\n${tidy}`);
  });

  it('refuses a plan with a syntax error, saying where, and formats the others', () => {
    const dir = folderWith({ 'a.virtplan.json': '{"name": "p" "hosts": []}', 'b.virtplan.json': messy });
    const result = run(['format', dir]);
    assert.equal(result.code, 1);
    assert.match(result.err, /a\.virtplan\.json:1:14: not formatted: Expected a comma/);
    assert.ok(result.out.includes(tidy));
  });

  it('keeps a byte-order mark and CRLF line ends', () => {
    const dir = folderWith({ 'a.virtplan.json': `\uFEFF${messy.replace(/\n/g, '\r\n')}` });
    const result = run(['format', join(dir, 'a.virtplan.json')]);
    assert.equal(result.code, 0, result.err);
    assert.equal(result.out, `\uFEFF${tidy.replace(/\n/g, '\r\n')}`);
    const formatted = folderWith({ 'b.virtplan.json': result.out });
    assert.equal(run(['format', '--check', formatted]).code, 0);
  });

  it('finds the shipped examples formatted, as docs/ci.md has CI check plans', () => {
    const result = run(['format', '--check', join(repoRoot(), 'examples')]);
    assert.equal(result.out, '');
    assert.equal(result.code, 0, result.err);
  });

  it('exits 2 on a missing path or a bad option', () => {
    assert.equal(run(['format', '/nonexistent/x.virtplan.json']).code, 2);
    const bad = run(['format', '--write', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown option "--write"/);
  });
});
