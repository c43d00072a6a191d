import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ancestorPointers, parsePointer, toPointer } from '../../server/src/json/pointer';

describe('ancestor pointers', () => {
  it('are the pointers of every prefix of the segments, longest first, whatever the segments hold', () => {
    // Segments with the characters a pointer escapes, empty ones, and numbers.
    const segment = fc.oneof(fc.string({ unit: fc.constantFrom('a', '/', '~', '0', '1', '', 'é') }), fc.nat());
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        const pointer = toPointer(segments);
        const expected = segments.map((_, i) => toPointer(segments.slice(0, segments.length - i))).concat('');
        assert.deepEqual(ancestorPointers(pointer), expected);
        assert.deepEqual(ancestorPointers(pointer).map((p) => parsePointer(p).length), expected.map((_, i) => segments.length - i));
      }),
      { numRuns: 2000 },
    );
  });
});
