import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nearest } from '../../server/src/util/nearest';

describe('suggestions against a list asked again', () => {
  it('are those of a fresh copy of the list, after the list changed too', () => {
    const name = fc.stringMatching(/^[a-z]{1,4}(-[a-z0-9]{1,4}){0,2}$/);
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 12 }), name, name, fc.nat(), name, (list, first, second, at, replacement) => {
        const shared = [...list];
        assert.equal(nearest(first, shared), nearest(first, [...list]));
        assert.equal(nearest(second, shared), nearest(second, [...list]));
        shared[at % shared.length] = replacement;
        assert.equal(nearest(second, shared), nearest(second, [...shared]));
        shared.push(first);
        assert.equal(nearest(second, shared), nearest(second, [...shared]));
      }),
      { numRuns: 300 },
    );
  });
});
