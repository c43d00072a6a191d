import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { duplicateKeys, walkDuplicateKeys } from '../../server/src/json/duplicates';
import { parsePlan } from '../../server/src/json/parse';

/** JSON text that may write a key twice, with colons in strings and comments. */
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
      fc.property(value, (text) => {
        const parsed = parsePlan(text);
        assert.deepEqual(duplicateKeys(parsed), walkDuplicateKeys(parsed.source));
      }),
      { numRuns: 500 },
    );
  });
});
