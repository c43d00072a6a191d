import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { compile } from '../../server/src/launch';

/** Runs a compiled bundle that reports through its exports, and saves its cache. */
function runHere(bundle: string): { fromCache: boolean; value: unknown } {
  const compiled = compile(bundle);
  const module = { exports: {} as Record<string, unknown> };
  compiled.run.call(module.exports, module.exports, require, module, bundle, join(bundle, '..'));
  const value = (module.exports.answer as () => unknown)();
  compiled.saveCache();
  return { fromCache: compiled.fromCache, value };
}

// Each run is a process of its own, as each start is: within one process V8 keeps what it
// compiled and would answer from memory, not from the cache file.
const CHILD = 'VIRTPLAN_CODE_CACHE_BUNDLE';
if (process.env[CHILD]) {
  process.stdout.write(JSON.stringify(runHere(process.env[CHILD])));
  process.exit(0);
}

function exportsOf(bundle: string): { fromCache: boolean; value: unknown } {
  const run = spawnSync(process.execPath, [__filename], { env: { ...process.env, [CHILD]: bundle }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { fromCache: boolean; value: unknown };
}

/** A bundle whose functions are compiled only when called, as a real bundle's are. */
const source = (answer: string) => `'use strict';\nfunction inner(n) { return ${answer}; }\nexports.answer = () => inner(20);\n`;

describe('the code cache of a launched bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-cache-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is written at the first run, read at the next, and the code runs the same', () => {
    const bundle = join(dir, 'first.js');
    writeFileSync(bundle, source('n * 2 + 2'));
    assert.deepEqual(exportsOf(bundle), { fromCache: false, value: 42 });
    assert.deepEqual(exportsOf(bundle), { fromCache: true, value: 42 });
  });

  it('is not used for a rebuilt bundle, even one of the same length', () => {
    const bundle = join(dir, 'rebuilt.js');
    writeFileSync(bundle, source('n * 2 + 2'));
    exportsOf(bundle);
    assert.equal(exportsOf(bundle).fromCache, true);
    // V8 itself compares only the source's length: same length, other code.
    writeFileSync(bundle, source('n * 3 - 1'));
    const later = new Date(Date.now() + 5_000);
    utimesSync(bundle, later, later);
    assert.deepEqual(exportsOf(bundle), { fromCache: false, value: 59 });
    assert.deepEqual(exportsOf(bundle), { fromCache: true, value: 59 });
  });

  it('is not used when it is damaged, and the bundle still runs', () => {
    const bundle = join(dir, 'damaged.js');
    writeFileSync(bundle, source('n + 22'));
    exportsOf(bundle);
    const cache = readFileSync(`${bundle}.cache`);
    const header = cache.indexOf(10) + 1;
    writeFileSync(`${bundle}.cache`, Buffer.concat([cache.subarray(0, header), Buffer.alloc(cache.length - header, 7)]));
    assert.deepEqual(exportsOf(bundle), { fromCache: false, value: 42 });
  });
});
