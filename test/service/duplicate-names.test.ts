import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildModel } from '../../server/src/model/plan';
import { RULES_BY_CODE, runChecks } from '../../server/src/rules/index';

const catalog = loadCatalog();
const rule = RULES_BY_CODE.get('duplicate-name')!;
const LISTS = [
  ['hosts', 'Host'],
  ['vms', 'VM'],
  ['clusters', 'Cluster'],
] as const;

// Names as plans give them: repeated, empty, of other types, the names of Object.prototype's members, and items that are no object.
const nameArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>('a', 'b', 'hv-01', 'hv-1', 'web', 'é', '\ud83d\ude00', '__proto__', 'toString', 'constructor', '') },
  { weight: 2, arbitrary: fc.string({ maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 7, null, ['a']) },
);
const itemArb = fc.oneof({ weight: 9, arbitrary: nameArb.map((name) => (name === undefined ? {} : { name })) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'a', 3) });

/** Each later use of a name, found by a map from each name to its first item, in the order the rule reports. */
function oracle(plan: Record<string, unknown[]>): Array<{ pointer: string; first: string }> {
  const found: Array<{ pointer: string; first: string }> = [];
  for (const [key, noun] of LISTS) {
    const first = new Map<string, number>();
    plan[key].forEach((item, index) => {
      const name = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as { name?: unknown }).name : undefined;
      if (typeof name !== 'string' || name === '') return;
      const earlier = first.get(name);
      if (earlier === undefined) first.set(name, index);
      else found.push({ pointer: `/${key}/${index}/name`, first: `${noun} ${earlier + 1}` });
    });
  }
  return found;
}

describe('duplicate names, found with a table sized once', () => {
  it('reports each later use of a name, naming the first, as a map of names finds them', () => {
    let reported = 0;
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 40 }), fc.array(itemArb, { maxLength: 40 }), fc.array(itemArb, { maxLength: 10 }), (hosts, vms, clusters) => {
        const plan = JSON.parse(JSON.stringify({ name: 'p', hosts, vms, clusters })) as Record<string, unknown[]>;
        const found = runChecks(buildModel(plan, catalog)!, undefined, [rule]).map((finding) => ({
          pointer: finding.pointer,
          first: /^(\w+ \d+) is already named/.exec(finding.message)?.[1] ?? finding.message,
        }));
        reported += found.length;
        assert.deepEqual(found, oracle(plan));
      }),
      { numRuns: 800 },
    );
    assert.ok(reported > 500, `only ${reported} duplicates in all`);
  });

  it('finds the duplicates among many names whose slots collide', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `vm-${i % 3001}`);
    const plan = JSON.parse(JSON.stringify({ name: 'p', hosts: [], vms: names.map((name) => ({ name })), clusters: [] })) as Record<string, unknown[]>;
    const found = runChecks(buildModel(plan, catalog)!, undefined, [rule]).map((finding) => finding.pointer);
    assert.deepEqual(found, oracle(plan).map((f) => f.pointer));
    assert.equal(found.length, 5000 - 3001);
  });
});
