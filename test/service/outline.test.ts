import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { DocumentSymbol, Range } from 'vscode-languageserver-types';
import { parsePlan } from '../../server/src/json/parse';
import { PlanVersion } from '../../server/src/service/plan-version';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { damagedPlanArb } from '../robustness/typed-plans';
import { planText } from '../helpers';

const service = new PlanLanguageService();
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const GROUPS = ['hosts', 'clusters', 'vms'] as const;
const NOUNS = { hosts: 'host', clusters: 'cluster', vms: 'VM' };

/** The text's positions, counted independently of the service's line index. */
function rangeOf(text: string, offset: number, end: number): Range {
  const at = (o: number) => {
    const before = text.slice(0, o).split(/\r\n|\r|\n/);
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { start: at(offset), end: at(end) };
}

/** Of a key written twice, the last one with a value, as the parsed value has it. */
function property(object: Node | undefined, key: string): Node | undefined {
  const same = (object?.children ?? []).filter((p) => p.children?.length === 2 && p.children[0].value === key);
  return same[same.length - 1];
}

/**
 * The outline as jsonc-parser's tolerant tree places it: each list from its key to its end,
 * each item where the tree has it, and an item's selection on its `name` value when that is
 * written as plain JSON (the item's only "name" key), else the item itself.
 */
function checkAgainstTree(text: string, symbols: DocumentSymbol[]): void {
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const tree = parseTree(source, [], { allowTrailingComma: true, disallowComments: false });
  for (const symbol of symbols) {
    const key = GROUPS[['Hosts', 'Clusters', 'VMs'].indexOf(symbol.name)];
    const list = property(tree, key)!;
    assert.ok(list, `${key} is in the text`);
    const [keyNode, array] = list.children!;
    assert.deepEqual(symbol.range, rangeOf(text, keyNode.offset, Math.min(array.offset + array.length, text.length)), `${key}: range`);
    assert.deepEqual(symbol.selectionRange, rangeOf(text, keyNode.offset, keyNode.offset + keyNode.length), `${key}: selection`);
    const parsed = parsePlan(text);
    const items = (parsed.value as Record<string, unknown[]>)[key];
    // The items the tree holds, in order: after a syntax error an item the parse lost has no symbol.
    let index = 0;
    for (const child of symbol.children ?? []) {
      while (index < items.length && !findNodeAtLocation(array, [index])) index++;
      const node = findNodeAtLocation(array, [index])!;
      assert.ok(node, `${key}/${index} is in the tree`);
      const value = (items[index] as { name?: unknown } | null)?.name;
      assert.equal(child.name, typeof value === 'string' && value !== '' ? value : `(${NOUNS[key]} ${index + 1})`);
      assert.deepEqual(child.range, rangeOf(text, node.offset, Math.min(node.offset + node.length, text.length)), `${key}/${index}: range`);
      const name = property(node, 'name')?.children![1];
      const itemText = source.slice(node.offset, node.offset + node.length);
      const plain = name?.type === 'string' && name.value === value && source.slice(name.offset, name.offset + name.length) === JSON.stringify(value) && itemText.split('"name"').length === 2;
      if (plain) assert.deepEqual(child.selectionRange, rangeOf(text, name.offset, name.offset + name.length), `${key}/${index}: selection`);
      else if (typeof value !== 'string' || !itemText.includes(JSON.stringify(value))) assert.deepEqual(child.selectionRange, child.range, `${key}/${index}: selection`);
      index++;
    }
  }
}

/** The items each list shows under a cap: one symbol for each list, then its items, in order, while the cap lasts. */
function expectedShape(value: unknown, maxItems: number): Array<[string, number]> {
  let budget = maxItems;
  const shape: Array<[string, number]> = [];
  for (const key of GROUPS) {
    const items = (value as Record<string, unknown>)?.[key];
    if (!Array.isArray(items) || budget <= 0) continue;
    budget--;
    const count = Math.min(items.length, budget);
    budget -= count;
    shape.push([key, count]);
  }
  return shape;
}

describe('the outline', () => {
  it('places every list and item where the tolerant tree has them, valid or broken, under any cap', () => {
    fc.assert(
      fc.property(damagedPlanArb, fc.integer({ min: 0, max: 12 }), (text, maxItems) => {
        const parsed = parsePlan(text);
        const symbols = service.symbols(parsed, maxItems);
        if (symbols.length === 0) return;
        checkAgainstTree(text, symbols);
        if (parsed.syntaxErrors.length === 0) {
          const shape = symbols.map((s): [string, number] => [GROUPS[['Hosts', 'Clusters', 'VMs'].indexOf(s.name)], s.children!.length]);
          assert.deepEqual(shape, expectedShape(parsed.value, maxItems));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('steps over comments, trailing commas, odd items and names written with escapes', () => {
    const text = planText((plan) => {
      plan.vms.push('not a VM', 7, null, [1, 2]);
      plan.hosts[0].name = 'hv-\u00e9';
    })
      .replace('"vms": [', '"vms": [ /* the VMs, ] { */ // ,\n')
      .replace('"hv-\u00e9"', '"hv-\\u00e9"')
      .replace(/\]\s*\}\s*$/, ',\n]\n}\n');
    const parsed = parsePlan(text);
    assert.equal(parsed.syntaxErrors.length, 0, 'comments and a trailing comma are no syntax error');
    const symbols = service.symbols(parsed, 1000);
    checkAgainstTree(text, symbols);
    const vms = symbols.find((s) => s.name === 'VMs')!.children!;
    assert.deepEqual(vms.slice(-4).map((s) => s.name), ['(VM 2)', '(VM 3)', '(VM 4)', '(VM 5)'].map((n, i) => n.replace(/\d+/, String(vms.length - 3 + i))));
    const host = symbols[0].children![0];
    assert.deepEqual(host.selectionRange, host.range, 'a name written with an escape is not looked for');
  });

  it('is made once per version and setting', () => {
    const version = new PlanVersion(parsePlan(planText()), service.catalog);
    const first = service.symbols(version, 100);
    assert.equal(service.symbols(version, 100), first);
    assert.notEqual(service.symbols(version, 3), first);
    assert.deepEqual(service.symbols(new PlanVersion(parsePlan(planText()), service.catalog), 100), first);
  });
});
