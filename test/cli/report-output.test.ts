import assert from 'node:assert/strict';
import { linkSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { folderWith, runCli as run } from './run';

// `report --output` next to plans reached by other names: a link of any kind never lets the
// report into a plan.

const plan = planText();

function setUp() {
  const dir = folderWith({ 'a.virtplan.json': plan, 'other.virtplan.json': plan, 'notes.txt': 'kept' });
  return { dir, input: join(dir, 'a.virtplan.json'), other: join(dir, 'other.virtplan.json') };
}

const unchanged = (path: string) => assert.equal(readFileSync(path, 'utf8'), plan, `${path} is as it was`);

describe('virtplan report --output never writes a plan', () => {
  it('refuses a symbolic link to a plan that is not one of the inputs', () => {
    const { dir, input, other } = setUp();
    symlinkSync(other, join(dir, 'sym.html'));
    const result = run(['report', '--output', join(dir, 'sym.html'), input]);
    assert.equal(result.code, 2);
    assert.match(result.err, /would overwrite a plan/);
    unchanged(other);
  });

  it('refuses a second name (hard link) of an input plan', () => {
    const { dir, input } = setUp();
    linkSync(input, join(dir, 'hard.html'));
    const result = run(['report', '--output', join(dir, 'hard.html'), input]);
    assert.equal(result.code, 2);
    assert.match(result.err, /would overwrite a plan/);
    unchanged(input);
  });

  it('replaces a second name of a plan that is not an input, leaving the plan as it was', () => {
    const { dir, input, other } = setUp();
    linkSync(other, join(dir, 'hard.html'));
    const result = run(['report', '--output', join(dir, 'hard.html'), input]);
    assert.equal(result.code, 0, result.err);
    unchanged(other);
    assert.match(readFileSync(join(dir, 'hard.html'), 'utf8'), /^<!DOCTYPE html>/);
    assert.equal(statSync(other).nlink, 1, 'the report is a file of its own now');
  });

  it('writes through a symbolic link to another file, and leaves no file of its own beside it', () => {
    const { dir, input } = setUp();
    writeFileSync(join(dir, 'old.html'), 'old report');
    symlinkSync(join(dir, 'old.html'), join(dir, 'link.html'));
    const result = run(['report', '--output', join(dir, 'link.html'), input]);
    assert.equal(result.code, 0, result.err);
    assert.match(readFileSync(join(dir, 'old.html'), 'utf8'), /^<!DOCTYPE html>/);
    assert.ok(statSync(join(dir, 'link.html')).isFile());
    assert.deepEqual(readdirSync(dir).sort(), ['a.virtplan.json', 'link.html', 'notes.txt', 'old.html', 'other.virtplan.json']);
    unchanged(input);
  });

  it('a folder it cannot write into is a clear error, and nothing is left', () => {
    const { dir, input } = setUp();
    const result = run(['report', '--output', join(dir, 'missing', 'r.html'), input]);
    assert.equal(result.code, 2);
    assert.match(result.err, /cannot write .*r\.html \(ENOENT\)/);
  });
});
