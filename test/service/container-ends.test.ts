import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { contextAt } from '../../server/src/json/cursor';
import { containerEnds, skipContainer } from '../../server/src/json/scan';

/** Texts of brackets, strings (closed or not), comments and commas: what a hostile or half-typed plan is made of. */
const piece = fc.constantFrom('{', '}', '[', ']', '"a"', '"b', '"x]"', '// c\n', '/* ] */', '/*', ',', ':', '1', '\n', ' ', '"\\"', '"k": ');
const textArb = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

describe('the ends of the containers from one pass', () => {
  it('are what skipContainer finds from each bracket the pass read', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1);
        const limit = start + (b % (text.length - start + 1));
        const ends = containerEnds(text, start, limit);
        for (let at = start; at < limit; at++) {
          const end = ends.end(at);
          if (end !== undefined) assert.equal(end, skipContainer(text, at, limit), `from ${at} in ${JSON.stringify(text)} up to ${limit}`);
        }
        if (start < limit && (text[start] === '{' || text[start] === '[')) assert.notEqual(ends.end(start), undefined, 'the bracket it starts at');
      }),
      { numRuns: 3000 },
    );
  });

  it('let the cursor scan read 200,000 open brackets once, not once a bracket', () => {
    const text = '{"vms":' + '['.repeat(200_000);
    const context = contextAt(text, text.length);
    assert.equal(context.path.length, 200_001);
  });
});
