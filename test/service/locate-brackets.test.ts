import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bracketsAreStructural, skipByBrackets } from '../../server/src/json/counts';
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
});
