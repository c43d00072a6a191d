import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { after, describe, it } from 'node:test';
import { compile } from '../../server/src/launch';
import { repoRoot } from '../protocol/lsp-client';

/**
 * Runs a compiled bundle that reports through its exports, and saves its cache. `holdYoung`:
 * the bundle holds the young generation while it runs, as the language server does once a
 * large plan comes (through its own copy of the flag's module, so the launcher's never knows).
 */
function runHere(bundle: string, holdYoung: boolean): { fromCache: boolean; value: unknown } {
  const compiled = compile(bundle);
  const module = { exports: {} as Record<string, unknown> };
  compiled.run.call(module.exports, module.exports, require, module, bundle, join(bundle, '..'));
  const value = (module.exports.answer as () => unknown)();
  if (holdYoung) setFlagsFromString('--semi-space-growth-factor=1');
  compiled.saveCache();
  return { fromCache: compiled.fromCache, value };
}

// Each run is a process of its own, as each start is: within one process V8 keeps what it
// compiled and would answer from memory, not from the cache file.
const CHILD = 'VIRTPLAN_CODE_CACHE_BUNDLE';
const HOLD = 'VIRTPLAN_CODE_CACHE_HOLD_YOUNG';
if (process.env[CHILD]) {
  process.stdout.write(JSON.stringify(runHere(process.env[CHILD], process.env[HOLD] === '1')));
  process.exit(0);
}

function exportsOf(bundle: string, holdYoung = false, env: Record<string, string> = {}): { fromCache: boolean; value: unknown } {
  const run = spawnSync(process.execPath, [__filename], { env: { ...process.env, ...env, [CHILD]: bundle, [HOLD]: holdYoung ? '1' : '0' }, encoding: 'utf8' });
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

  it('is used after a run that held the young generation, whose flag V8 reads in the cache', () => {
    const bundle = join(dir, 'held.js');
    writeFileSync(bundle, source('n * 2 + 2'));
    assert.deepEqual(exportsOf(bundle, true), { fromCache: false, value: 42 });
    assert.deepEqual(exportsOf(bundle, true), { fromCache: true, value: 42 });
    assert.deepEqual(exportsOf(bundle), { fromCache: true, value: 42 });
  });

  it("is kept in the user's cache folder when the bundle's folder cannot take it", () => {
    const bundle = join(dir, 'installed.js');
    writeFileSync(bundle, source('n * 2 + 2'));
    // What a folder the user cannot write does: no file can be put there under that name.
    mkdirSync(`${bundle}.cache`);
    writeFileSync(join(`${bundle}.cache`, 'taken'), '');
    const env = { XDG_CACHE_HOME: join(dir, 'user-cache') };
    assert.deepEqual(exportsOf(bundle, false, env), { fromCache: false, value: 42 });
    assert.deepEqual(exportsOf(bundle, false, env), { fromCache: true, value: 42 });
    const kept = readdirSync(join(env.XDG_CACHE_HOME, 'virtplan'));
    assert.equal(kept.length, 1);
    assert.match(kept[0], /^installed\.js\.[0-9a-f]+\.cache$/);
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('installed.js.cache.')), [], 'no file left half-written');
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

describe("the command line's code cache", () => {
  // A copy of what an installed command holds, so the tests' own dist/ keeps its cache as it is.
  const installed = mkdtempSync(join(tmpdir(), 'virtplan-cli-cache-'));
  after(() => rmSync(installed, { recursive: true, force: true }));
  cpSync(join(repoRoot(), 'dist'), join(installed, 'dist'), { recursive: true, filter: (path) => !path.endsWith('.cache') });
  cpSync(join(repoRoot(), 'schemas'), join(installed, 'schemas'), { recursive: true });
  const cacheFile = join(installed, 'dist', 'cli-main.js.cache');
  const plan = join(installed, 'plan.virtplan.json');
  writeFileSync(plan, JSON.stringify({ name: 'p', hosts: [{ name: 'hv', product: 'hyperv-2008', edition: 'datacenter', hardware: { sockets: 'two', coresPerSocket: 4, memoryGB: 64 } }] }));
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(installed, 'dist', 'cli.js'), ...args], { encoding: 'utf8', timeout: 20_000 });
  const cacheLine = () => readFileSync(cacheFile, 'latin1').split('\n', 1)[0];

  it('is written by a first run, again by the first check, and then used as it is', () => {
    assert.match(cli('--version').stdout, /^\d+\.\d+\.\d+\n$/);
    assert.ok(!cacheLine().endsWith(' deep'), 'a run that checked nothing wrote a shallow cache');
    const first = cli('check', '--no-config', plan);
    assert.equal(first.status, 1, first.stderr);
    assert.ok(cacheLine().endsWith(' deep'), 'the first check wrote the cache again, with the check compiled');
    const written = readFileSync(cacheFile);
    const again = cli('check', '--no-config', plan);
    assert.deepEqual([again.status, again.stdout, again.stderr], [first.status, first.stdout, first.stderr], 'the same answer from the cache');
    // A cache the next run could not use (other flags, another bundle) would be written anew.
    assert.deepEqual(readFileSync(cacheFile), written, 'the cache was used, not written again');
    assert.equal(cli('--version').status, 0);
    assert.deepEqual(readFileSync(cacheFile), written, 'a shallow run keeps the deep cache');
  });
});
