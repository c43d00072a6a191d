import assert from 'node:assert/strict';
import { countingReads } from '../helpers';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import { generatePlan, generatePlanText } from '../../bench/generate';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { runChecks } from '../../server/src/rules/index';
import { buildModel, type PlanModel } from '../../server/src/model/plan';
import { findDuplicateKeys } from '../../server/src/service/schema';
import { parsePlan } from '../../server/src/json/parse';
import { escapeSegment } from '../../server/src/json/pointer';
import { validateSchema } from '../../server/src/service/schema';
import { validatePlan } from '../../server/src/service/validate';


/** The three syntax errors a planner leaves while typing. */
const BREAKS: Array<[string, (text: string) => string]> = [
  ['a missing comma in the middle', (t) => t.slice(0, t.indexOf(',', t.length >> 1)) + t.slice(t.indexOf(',', t.length >> 1) + 1)],
  ['an unclosed string near the end', (t) => t.slice(0, t.lastIndexOf('"name": "') + 9) + t.slice(t.indexOf('"', t.lastIndexOf('"name": "') + 9) + 1)],
  ['a truncated file', (t) => t.slice(0, Math.floor(t.length * 0.9))],
];

function brokenWork(vms: number, broken: (text: string) => string): number {
  const catalog = loadCatalog();
  const parsed = parsePlan(broken(generatePlanText({ vms, mistakes: 0.02 })));
  assert.ok(parsed.syntaxErrors.length > 0);
  const counter = { reads: 0 };
  const input = countingReads(parsed.value, counter);
  findDuplicateKeys({ ...parsed, value: input });
  validateSchema(input, catalog.planSchema);
  const model = buildModel(input, catalog) as PlanModel;
  runChecks(countingReads(model, counter));
  return counter.reads;
}

/** Reads of the places the tolerant parse noted, while the diagnostics of a broken plan are placed. */
function placingWork(vms: number, broken: (text: string) => string): { reads: number; placed: number } {
  const parsed = parsePlan(broken(generatePlanText({ vms, mistakes: 0.02 })));
  assert.ok(parsed.places, 'the tolerant parse noted places');
  const counter = { reads: 0 };
  const diagnostics = validatePlan({ ...parsed, places: countingReads(parsed.places, counter) });
  return { reads: counter.reads, placed: diagnostics.filter((d) => d.code !== 'parse-error').length };
}

/**
 * The oracle: the keys jsonc-parser's tolerant tree holds in one object more than once with a
 * value, each but the last (the one that counts), by the object's pointer (array items
 * numbered by the values they hold, as the tree does) and the key's place in the text; inside
 * the values that count only.
 */
function droppedKeys(text: string): Array<{ pointer: string; offset: number; length: number }> {
  const dropped: Array<{ pointer: string; offset: number; length: number }> = [];
  const walk = (node: Node, pointer: string): void => {
    if (node.type === 'array') (node.children ?? []).forEach((item, i) => walk(item, `${pointer}/${i}`));
    if (node.type !== 'object') return;
    const byKey = new Map<string, Node[]>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key && value) byKey.set(key.value as string, [...(byKey.get(key.value as string) ?? []), property]);
    }
    for (const [name, properties] of byKey) {
      const at = `${pointer}/${escapeSegment(name)}`;
      for (const [key] of properties.slice(0, -1).map((p) => p.children!)) dropped.push({ pointer: at, offset: key.offset, length: key.length });
      // A dropped value is not in the plan: what is written twice inside it does not matter.
      walk(properties.at(-1)!.children![1], at);
    }
  };
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root) walk(root, '');
  return dropped;
}

function sortedByPlace<T extends { offset: number; pointer: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.offset - b.offset || (a.pointer < b.pointer ? -1 : 1));
}

describe('a broken plan', () => {
  for (const [name, broken] of BREAKS) {
    it(`with ${name}: placing its diagnostics reads about twice as much for a plan twice as large`, () => {
      const small = placingWork(1000, broken);
      const large = placingWork(2000, broken);
      const ratio = large.reads / small.reads;
      assert.ok(small.placed > 10 && large.placed / small.placed > 1.5, `${small.placed} and ${large.placed} diagnostics placed`);
      assert.ok(small.reads > 1000 && ratio > 1.7 && ratio < 2.3, `${small.reads} reads for 1,000 VMs, ×${ratio.toFixed(2)} for 2,000`);
    });

    it(`with ${name}: the check reads about twice as much for a plan twice as large`, () => {
      const small = brokenWork(1000, broken);
      const ratio = brokenWork(2000, broken) / small;
      assert.ok(small > 1000 && ratio > 1.7 && ratio < 2.3, `${small} reads for 1,000 VMs, ×${ratio.toFixed(2)} for 2,000`);
    });

    it(`with ${name} and no key written twice: looking for duplicate keys reads nothing of the plan`, () => {
      const parsed = parsePlan(broken(generatePlanText({ vms: 200 })));
      const counter = { reads: 0 };
      assert.deepEqual(findDuplicateKeys({ ...parsed, value: countingReads(parsed.value, counter) }), []);
      assert.equal(counter.reads, 0);
    });
  }

  it('finds the keys written twice as jsonc-parser\'s tree holds them, with or without a syntax error', () => {
    const base = JSON.stringify(generatePlan({ vms: 4 }), null, 2);
    const keys = [...base.matchAll(/\n( *)("[a-zA-Z]+": [^\n]*?),?\n/g)];
    fc.assert(
      fc.property(
        fc.subarray(keys, { maxLength: 3 }),
        fc.option(fc.integer({ min: 0, max: base.length - 1 })),
        fc.constantFrom(...BREAKS.map(([, b]) => b), (t: string) => t),
        (duplicated, cut, broken) => {
          // Write some properties twice, on the line after themselves.
          let text = base;
          for (const match of [...duplicated].sort((a, b) => b.index - a.index)) {
            const end = match.index + match[0].length - 1;
            text = `${text.slice(0, end)}${match[0].endsWith(',\n') ? '' : ','}\n${match[1]}${match[2]},${text.slice(end)}`;
          }
          text = broken(cut === null ? text : text.slice(0, cut) + text.slice(cut + 1));
          const parsed = parsePlan(text);
          const found = findDuplicateKeys(parsed).map((f) => ({ pointer: f.pointer, offset: f.span!.offset, length: f.span!.length }));
          assert.deepEqual(sortedByPlace(found), sortedByPlace(droppedKeys(text)));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
