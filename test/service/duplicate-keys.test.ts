import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { duplicateKeys, walkDuplicateKeys } from '../../server/src/json/duplicates';
import { parsePlan } from '../../server/src/json/parse';

/** JSON text that may write a key twice, with colons in strings and comments; with or without a syntax error. */
const key = fc.constantFrom('"a"', '"b"', '"a:b"', '"c"');
const scalar = fc.constantFrom('1', '"x"', '"10:30"', '"http://host:80"', 'true', 'null');
const { value } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(key, tie('value'), fc.constantFrom('', ' // at 10:30', ' /* a: b */')), { maxLength: 4 })
      .map((props) => `{\n${props.map(([k, v, comment]) => `${k}: ${v},${comment}\n`).join('')}"end": 0\n}`),
  ),
}));

describe('duplicate keys', () => {
  it('are found as the walk of the whole text finds them, whatever colons the strings and comments hold', () => {
    fc.assert(
      fc.property(value, fc.option(fc.nat()), (text, cut) => {
        // With a syntax error too: a character gone anywhere.
        const at = cut === null ? -1 : cut % (text.length + 1);
        const parsed = parsePlan(at < 0 ? text : text.slice(0, at) + text.slice(at + 1));
        if (parsed.value === undefined) return;
        assert.deepEqual(duplicateKeys(parsed), walkDuplicateKeys(parsed.source));
      }),
      { numRuns: 1000 },
    );
  });
});
