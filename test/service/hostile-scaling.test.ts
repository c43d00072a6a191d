import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { checkText } from '../../server/src/service/check';
import { parsePlan } from '../../server/src/json/parse';
import { parseTarget, whatIf } from '../../server/src/service/whatif';
import { executedBlocks } from './executed-blocks';

/*
 * Plans made to be slow: the work of checking one (blocks executed, see executed-blocks.ts) and
 * the same shape twice as large. Linear work doubles; work that walks the plan for each of its
 * items quadruples.
 */

const catalog = loadCatalog();
type Json = Record<string, unknown>;

const host = (name: string, extra: Json = {}): Json => ({ name, product: 'hyperv-2008', edition: 'enterprise', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 }, ...extra });
const vm = (name: string, on: string, extra: Json = {}): Json => ({ name, host: on, guest: { os: 'windows-server-2008' }, vcpus: 1, memoryGB: 1, ...extra });

/** The FNV-1a hash the duplicate-name table uses, as anyone can compute it. */
function fnv(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Names whose hashes share their low 14 bits: the slot in any table of up to 16,384 slots. The
 * low bits of FNV-1a depend on the low bits alone, so the last character sets them.
 */
function collidingNames(count: number): string[] {
  const low = 0x3fff;
  return Array.from({ length: count }, (_, i) => {
    const prefix = `vm-${i}-`;
    // The last step is (hash ^ c) * prime: with c's low bits equal to the hash's, it leaves 0 there.
    return prefix + String.fromCharCode(0x4000 | (fnv(prefix) & low));
  });
}

function work(plan: Json): number {
  const text = JSON.stringify(plan, null, 2);
  let diagnostics = 0;
  const blocks = executedBlocks(() => {
    diagnostics = checkText(text, { catalog }).diagnostics.length;
  });
  assert.ok(diagnostics >= 0);
  return blocks;
}

function assertLinear(shape: (n: number) => Json, n: number): void {
  const small = work(shape(n));
  const large = work(shape(2 * n));
  const ratio = large / small;
  assert.ok(ratio < 2.4, `${small} blocks for ${n}, ${large} for ${2 * n} (×${ratio.toFixed(2)})`);
}

describe('crafted plans cost work in proportion to their size', () => {
  it('names that all fall in one slot of the duplicate-name table', () => {
    const names = collidingNames(8);
    assert.equal(new Set(names.map((name) => fnv(name) & 0x3fff)).size, 1, 'the names do share their slot');
    assertLinear((n) => ({ name: 'p', hosts: [host('h')], vms: collidingNames(n).map((name) => vm(name, 'h')) }), 1500);
  });

  it('the same colliding names used twice each are still each reported on the later use', () => {
    const names = collidingNames(600);
    const plan = { name: 'p', hosts: [host('h')], vms: [...names, ...names].map((name) => vm(name, 'h')) };
    const found = checkText(JSON.stringify(plan), { catalog }).diagnostics.filter((d) => d.code === 'duplicate-name');
    assert.deepEqual(
      found.map((d) => d.pointer),
      names.map((_, i) => `/vms/${names.length + i}/name`),
    );
    assert.ok(found.every((d, i) => d.message.startsWith(`VM ${i + 1} is already named`)));
  });

  it('a cluster of thousands of nodes whose one node holds every highly available VM', () => {
    assertLinear(
      (n) => ({
        name: 'p',
        hosts: Array.from({ length: n }, (_, i) => host(`h-${i}`)),
        clusters: [{ name: 'c', nodes: Array.from({ length: n }, (_, i) => `h-${i}`) }],
        vms: Array.from({ length: n }, (_, i) => vm(`vm-${i}`, 'h-0', { highlyAvailable: true, memoryGB: 8 })),
      }),
      400,
    );
  });

  it('a cluster that must survive the loss of every one of its thousands of nodes', () => {
    assertLinear(
      (n) => ({
        name: 'p',
        hosts: Array.from({ length: n }, (_, i) => host(`h-${i}`)),
        clusters: [{ name: 'c', reserve: n, nodes: Array.from({ length: n }, (_, i) => `h-${i}`) }],
        vms: Array.from({ length: n }, (_, i) => vm(`vm-${i}`, `h-${i}`, { highlyAvailable: true })),
      }),
      400,
    );
  });

  it('VMs naming an unknown host of many words, among hosts that share them', () => {
    assertLinear(
      (n) => ({
        name: 'p',
        hosts: Array.from({ length: n }, (_, i) => host(`a-${i}`)),
        vms: Array.from({ length: 50 }, (_, i) => vm(`v-${i}`, 'a-'.repeat(n / 4))),
      }),
      1000,
    );
  });

  it('suppress and hotAdd lists of thousands of distinct entries, each looked for among the others', () => {
    // Of one length, so that each costs the same to look up among the codes.
    const entries = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}`);
    assertLinear((n) => ({ name: 'p', suppress: entries(n, 'code'), hosts: [host('h')] }), 3000);
    assertLinear((n) => ({ name: 'p', hosts: [host('h', { suppress: entries(n, 'code') })] }), 3000);
    assertLinear((n) => ({ name: 'p', hosts: [host('h')], vms: [vm('v', 'h', { suppress: entries(n, 'code') })] }), 3000);
    assertLinear((n) => ({ name: 'p', hosts: [host('h')], clusters: [{ name: 'c', nodes: ['h'], suppress: entries(n, 'code') }] }), 3000);
    assertLinear((n) => ({ name: 'p', hosts: [host('h', { features: { hotAdd: entries(n, 'device') } })] }), 3000);
  });

  it("what-if of one host at the end of a chain of clusters, each sharing a node with the next", () => {
    const target = parseTarget('vmware-esx-3.5', catalog);
    const chain = (n: number): Json => ({
      name: 'p',
      hosts: Array.from({ length: n + 1 }, (_, i) => host(`h-${i}`)),
      vms: [vm('v', 'h-0')],
      // Listed from the far end: a pass over the clusters in order reaches one more each time.
      clusters: Array.from({ length: n }, (_, k) => ({ name: `c-${n - 1 - k}`, nodes: [`h-${n - 1 - k}`, `h-${n - k}`], reserve: 0 })),
    });
    const whatIfWork = (n: number) => {
      const parsed = parsePlan(JSON.stringify(chain(n)));
      let moved = 0;
      const blocks = executedBlocks(() => {
        moved = whatIf(parsed, target, { hosts: ['h-0'], catalog }).moved.length;
      });
      assert.equal(moved, 1);
      return blocks;
    };
    const ratio = whatIfWork(1600) / whatIfWork(800);
    assert.ok(ratio < 2.4, `×${ratio.toFixed(2)}`);
  });

  it('a VM naming an unknown host as long as a long host name', () => {
    assertLinear((n) => ({ name: 'p', hosts: [host('a'.repeat(n))], vms: [vm('v', 'a'.repeat(n - 1) + 'b')] }), 2000);
  });
});
