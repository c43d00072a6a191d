import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bracketsAreStructural, knownStructural, skipByBrackets } from '../../server/src/json/counts';
import { locatePointers, locateTolerant } from '../../server/src/json/locate';
import { parsePlan } from '../../server/src/json/parse';
import { escapeSegment } from '../../server/src/json/pointer';
import { skipContainer } from '../../server/src/json/scan';

/** Every pointer of a value. */
function pointersOf(value: unknown, pointer = '', out: string[] = []): string[] {
  out.push(pointer);
  if (Array.isArray(value)) value.forEach((item, i) => pointersOf(item, `${pointer}/${i}`, out));
  else if (typeof value === 'object' && value !== null) for (const key of Object.keys(value)) pointersOf((value as Record<string, unknown>)[key], `${pointer}/${escapeSegment(key)}`, out);
  return out;
}

/** Plans whose strings and comments may hold brackets, and whose keys may be written twice. */
const text = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }).filter((v) => typeof v === 'object' && v !== null),
    fc.constantFrom('', ' // [a] {b}', ' /* } */', ' // none'),
    fc.boolean(),
    fc.constantFrom('"a]"', '"{x"', '"plain"', '"[]{}"'),
  )
  .map(([value, comment, twice, name]) => {
    let out = JSON.stringify({ name: JSON.parse(name), plan: value }, null, 2).replace(/,\n/, `,${comment}\n`);
    if (twice) out = out.replace('{\n', '{\n  "plan": [{"dropped": [1]}],\n');
    return out;
  });

describe('locating by brackets', () => {
  it('places every pointer as the tolerant parse does, whatever brackets strings, comments and dropped keys hold', () => {
    fc.assert(
      fc.property(text, (source) => {
        const parsed = parsePlan(source);
        assert.equal(parsed.syntaxErrors.length, 0);
        const pointers = pointersOf(parsed.value);
        const expected = locateTolerant(source, pointers);
        assert.deepStrictEqual(locatePointers(parsed, pointers), expected);
        // Alone, each pointer has the containers beside it stepped over.
        for (const pointer of pointers) assert.deepStrictEqual(locatePointers(parsed, [pointer]).get(pointer), expected.get(pointer), pointer);
      }),
      { numRuns: 400 },
    );
  });

  it('steps over each container as the character scan does, when every bracket is structural', () => {
    fc.assert(
      fc.property(text, (source) => {
        const parsed = parsePlan(source);
        if (!bracketsAreStructural(parsed.source, parsed.value)) return;
        for (let i = 0; i < source.length; i++) {
          const ch = source[i];
          if (ch === '{' || ch === '[') assert.equal(skipByBrackets(source, i), skipContainer(source, i), `the container at ${i}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is not trusted when a string, a comment or a dropped key holds a bracket', () => {
    const structural = (source: string) => bracketsAreStructural(source, parsePlan(source).value);
    assert.equal(structural('{"a": [1, {"b": 2}]}'), true);
    assert.equal(structural('{"a": "x]"}'), false);
    assert.equal(structural('{"a": 1 /* { */}'), false);
    assert.equal(structural('{"a": [1], "a": 2}'), false);
  });

  it('places any set of pointers, written or not, as the tolerant parse does, and learns the brackets as counting them does', () => {
    // Keys written with escapes, objects with many keys, arrays with many items, and pointers the plan does not hold:
    // items past the end or not written as an index, keys of no object, paths through values.
    const escaped = fc.tuple(text, fc.boolean(), fc.integer({ min: 0, max: 14 })).map(([source, escape, many]) => {
      let out = escape ? source.replace('"name"', '"n\\u0061m\\u0065"') : source;
      if (many) out = out.replace('{\n', `{\n  "wide": {${Array.from({ length: many }, (_, i) => `"k${i}": [${i}, "k${i}"]`).join(', ')}},\n  "long": [${Array.from({ length: 2 * many }, (_, i) => (i % 3 ? i : `{"i": ${i}}`)).join(', ')}],\n`);
      return out;
    });
    fc.assert(
      fc.property(escaped, fc.array(fc.nat(), { maxLength: 30 }), fc.array(fc.constantFrom('/name', '/wide/k3', '/wide/k9/1', '/plan/01', '/plan/-1', '/plan/999', '/plan/0/x', '/name/0', '/nope', '/wide/k12', '/plan/1/0/a', '/long/12', '/long/012', '/long/00', '/long/1e1', '/long/99999999999999999999', '/long/27/i'), { maxLength: 6 }), fc.boolean(), (source, picks, others, everyItem) => {
        const parsed = parsePlan(source);
        assert.equal(parsed.syntaxErrors.length, 0);
        const all = pointersOf(parsed.value);
        // With every item of the long list wanted, its items are found by their index.
        const pointers = [...picks.map((n) => all[n % all.length]), ...others, ...(everyItem ? all.filter((pointer) => /^\/long\/[0-9]+$/.test(pointer)) : [])];
        assert.deepStrictEqual(locatePointers(parsed, pointers), locateTolerant(source, pointers));
        // The walk's answer, kept with the value, is the one counting every bracket gives.
        const learnt = knownStructural(parsed.source, parsed.value);
        if (learnt !== undefined) assert.equal(learnt, bracketsAreStructural(parsePlan(source).source, parsePlan(source).value));
        // And a second scan of the same version, trusting what was learnt, finds the same.
        const again = parsePlan(source);
        const first = locatePointers(again, [all[0]]);
        assert.deepStrictEqual(locatePointers(again, pointers), locateTolerant(source, pointers));
        assert.deepStrictEqual(first.get(all[0]), locateTolerant(source, [all[0]]).get(all[0]));
      }),
      { numRuns: 500 },
    );
  });
});

