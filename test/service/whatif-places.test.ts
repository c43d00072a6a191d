import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePlan } from '../../server/src/json/parse';
import { escapeSegment } from '../../server/src/json/pointer';
import type { Finding } from '../../server/src/rules/finding';
import { bracketsAreStructural } from '../../server/src/json/counts';
import { findDuplicateKeys } from '../../server/src/service/schema';
import { placeInSameText } from '../../server/src/service/validate';
import { spanInItems } from '../../server/src/service/whatif-places';

type Json = Record<string, unknown>;

/** A small seeded random source, so that one case writes one text. */
function randomOf(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

/**
 * The value written as a planner might: white space and comments between tokens, trailing
 * commas, keys with escapes, and keys written twice (the earlier one a number, or a container
 * JSON.parse drops), strings that may hold brackets.
 */
function write(value: unknown, random: (n: number) => number, twice: boolean): string {
  const gap = () => ['', ' ', '\n    ', ' /* note */ ', ' // note\n'][random(5)];
  const key = (name: string) => (random(4) === 0 ? `"${[...name].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(name));
  const trailing = () => (random(6) === 0 ? ',' : '');
  if (Array.isArray(value)) {
    if (value.length === 0) return `[${gap()}]`;
    return `[${value.map((item) => gap() + write(item, random, twice) + gap()).join(',')}${trailing()}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return `{${gap()}}`;
    const parts = entries.map(([name, inner]) => {
      const dropped = twice && random(8) === 0 ? `${key(name)}: ${random(4) ? '7' : '{"gone": [1]}'},${gap()}` : '';
      return `${gap()}${dropped}${key(name)}${gap()}:${gap()}${write(inner, random, twice)}${gap()}`;
    });
    return `{${parts.join(',')}${trailing()}}`;
  }
  return JSON.stringify(value);
}

/** Every pointer of a value, and pointers just beyond what it holds. */
function pointersOf(value: unknown, pointer: string, out: string[]): string[] {
  out.push(pointer);
  if (Array.isArray(value)) {
    value.forEach((item, i) => pointersOf(item, `${pointer}/${i}`, out));
    out.push(`${pointer}/${value.length}`, `${pointer}/01`, `${pointer}/bus`);
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) pointersOf((value as Json)[key], `${pointer}/${escapeSegment(key)}`, out);
    out.push(`${pointer}/bus`, `${pointer}/bus/0`, `${pointer}/`);
  } else {
    out.push(`${pointer}/0`);
  }
  return out;
}

// Strings with brackets are rare: a text with a bracket that is not the value's own is left to the locator whole.
const leaf = fc.oneof(
  { arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('ide', 'scsi', 'say "hi"', 'back\\slash', '')), weight: 40 },
  { arbitrary: fc.constantFrom('vm[1]', 'a{b}'), weight: 1 },
);
const key = fc.constantFrom('name', 'disks', 'bus', 'guest', 'os', 'features', '0', 'a/b', 'x~y', 'ké', '');
const inner = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 3 }),
})).value;
const list = fc.array(fc.oneof(fc.dictionary(key, inner, { maxKeys: 5 }), fc.array(inner, { maxLength: 3 }), leaf), { maxLength: 6 });
const plan = fc.record(
  {
    name: fc.constantFrom('plan', 'plan', 'plan', 'plan', 'plan', 'plan [2]'),
    hosts: list,
    vms: list,
    clusters: fc.oneof(list, leaf),
    // The root's other containers, read down from as the lists' items are.
    suppress: fc.oneof(fc.array(fc.oneof(leaf, inner), { maxLength: 4 }), leaf),
    policy: fc.oneof(fc.dictionary(key, inner, { maxKeys: 4 }), leaf),
  },
  { requiredKeys: ['name'] },
);

describe('what-if findings placed from their items', () => {
  it('are placed where the locator places them, on their nearest written ancestor where the text holds nothing', () => {
    let spanned = 0;
    let inItems = 0;
    let inMembers = 0;
    fc.assert(
      fc.property(plan, fc.integer(), fc.boolean(), fc.array(fc.nat(), { minLength: 5, maxLength: 40 }), (generated, seed, twice, picks) => {
        // As JSON.parse makes it: plain objects.
        const value: unknown = JSON.parse(JSON.stringify(generated));
        const text = write(value, randomOf(seed), twice);
        const parsed = parsePlan(text);
        assert.equal(parsed.syntaxErrors.length, 0, text);
        assert.deepEqual(parsed.value, value);
        const pointers = pointersOf(value, '', []);
        const findings: Finding[] = picks.map((pick, i) => ({
          code: 'schema',
          severity: 'warning',
          message: `finding ${i}`,
          pointer: pointers[pick % pointers.length],
          ...(pick % 3 === 0 ? { target: 'key' as const } : {}),
          ...(pick % 5 === 0 ? { data: { replacement: 'ide' } } : {}),
        }));
        const expected = placeInSameText(parsePlan(text), findings);
        const fresh = parsePlan(text);
        const withSpans = spanInItems(fresh, findings, findDuplicateKeys(fresh).length === 0);
        spanned += withSpans.filter((finding) => finding.span).length;
        inItems += findings.filter((finding) => /^\/(hosts|vms|clusters)\/\d/.test(finding.pointer)).length;
        inMembers += withSpans.filter((finding) => finding.span && /^\/(suppress|policy)\//.test(finding.pointer)).length;
        assert.deepEqual(placeInSameText(fresh, withSpans), expected, text);
        // In a text whose brackets are all the value's own, what is inside a container of the
        // root is placed from it, whatever lists come before it.
        if (bracketsAreStructural(fresh.source, fresh.value)) {
          findings.forEach((finding, i) => {
            const key = /^\/(suppress|policy)\//.exec(finding.pointer)?.[1];
            const inner = key === undefined ? undefined : (value as Json)[key];
            if (typeof inner === 'object' && inner !== null) assert.ok(withSpans[i].span, `${finding.pointer} in ${text}`);
          });
        }
      }),
      { numRuns: 600 },
    );
    // Findings about items are placed from them, not left for the locator (but for those in a
    // text with a bracket that is not the value's own, or on an item that is no container).
    assert.ok(spanned > inItems / 4, `${spanned} of ${inItems} findings about items placed from them`);
    assert.ok(inMembers > 0, 'findings in the root\'s other containers are placed from them');
  });
});
