import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/json/text';

/** Line and character of an offset, counted here without the index. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length - 1, character: before.length - (lastBreak + 1) };
}

describe('positions of many offsets', () => {
  it('are right over several calls, each resuming where an earlier one counted', () => {
    // Lines short and many, so the passes cross many checkpoints.
    const text = fc.array(fc.constantFrom('a', 'bc', '', 'def'), { minLength: 2500, maxLength: 6000, size: 'max' }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, fc.array(fc.array(fc.integer({ min: -2, max: 30_000 }), { maxLength: 8, size: 'max' }), { minLength: 2, maxLength: 5, size: 'max' }), (source, calls) => {
        const index = new LineIndex(source);
        for (const offsets of calls) assert.deepEqual(index.positionsAt(offsets), offsets.map((offset) => positionOf(source, offset)));
      }),
      { numRuns: 200 },
    );
  });
});
