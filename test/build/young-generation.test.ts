import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Heap from '../../server/src/heap';
import type * as ReadFile from '../../server/src/util/read-file';

// V8's heap flags belong to the process: each case runs in a child process of its own.
const CHILD = 'VIRTPLAN_YOUNG_GENERATION_CASE';

/** A workload like a check's: millions of objects, many kept a while. */
function workload(): number {
  const kept: Array<{ a: number; b: string }> = [];
  for (let i = 0; i < 1_500_000; i++) kept.push({ a: i, b: `x${i}` });
  return kept.length;
}

function runCase(name: string): Record<string, number> {
  const heap = require('../../server/src/heap') as typeof Heap;
  const size = () => heap.youngGenerationBytes() ?? Number.NaN;
  const before = size();
  if (name.startsWith('command line')) {
    // As the command line reads a plan: a file of that many bytes.
    const { readPlanText } = require('../../server/src/util/read-file') as typeof ReadFile;
    const file = join(mkdtempSync(join(tmpdir(), 'virtplan-young-')), 'plan.virtplan.json');
    const bytes = name === 'command line, large plan' ? heap.LARGE_PLAN_BYTES : heap.LARGE_PLAN_BYTES - 1;
    writeFileSync(file, `{"name":"${'x'.repeat(bytes - 11)}"}`);
    assert.equal(statSync(file).size, bytes);
    assert.ok('text' in readPlanText(file, 1 << 20));
  }
  if (name === 'small plan') heap.youngGenerationFor(false);
  if (name === 'large plan') heap.youngGenerationFor(true);
  if (name === 'large message') heap.holdYoungGeneration();
  const grown = size();
  workload();
  return { before, grown, afterWorkload: size() };
}

if (process.env[CHILD]) {
  process.stdout.write(JSON.stringify(runCase(process.env[CHILD])));
  process.exit(0);
}

function inChild(name: string): Record<string, number> {
  const run = spawnSync(process.execPath, [__filename], { env: { ...process.env, [CHILD]: name }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, number>;
}

describe('the young generation', () => {
  it('of the command line with a large plan read stays at its first size through a workload', () => {
    const { afterWorkload } = inChild('command line, large plan');
    assert.ok(afterWorkload < (4 << 20), `${afterWorkload} bytes`);
  });

  it("of the command line with a small plan read is V8's, grown by a workload past 8 MB a half", async () => {
    const { YOUNG_GENERATION_BYTES } = await import('../../server/src/heap');
    const { afterWorkload } = inChild('command line, small plan');
    assert.ok(afterWorkload > YOUNG_GENERATION_BYTES, `${afterWorkload} bytes`);
  });

  it("of the language server with small plans only is V8's, grown by a workload past 8 MB a half", async () => {
    const { YOUNG_GENERATION_BYTES } = await import('../../server/src/heap');
    const { before, grown, afterWorkload } = inChild('small plan');
    assert.equal(grown, before);
    assert.ok(afterWorkload > YOUNG_GENERATION_BYTES, `${afterWorkload} bytes`);
  });

  it('of the language server checking a large plan grows to 8 MB a half, and stays there through a workload', async () => {
    const { YOUNG_GENERATION_BYTES } = await import('../../server/src/heap');
    const { before, grown, afterWorkload } = inChild('large plan');
    assert.ok(before < YOUNG_GENERATION_BYTES, `${before} bytes at first`);
    // V8 grows by doubling: to the size asked for, not to twice it (its default largest).
    assert.ok(grown >= YOUNG_GENERATION_BYTES && grown < 2 * YOUNG_GENERATION_BYTES, `${grown} bytes grown`);
    assert.equal(afterWorkload, grown);
  });

  it('of the language server reading a large message stays at the size it had', () => {
    const { afterWorkload } = inChild('large message');
    assert.ok(afterWorkload < (4 << 20), `${afterWorkload} bytes`);
  });
});
