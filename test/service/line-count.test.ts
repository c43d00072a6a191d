import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/json/text';
import { positionsFrom } from '../../server/src/service/name-places';

/** Line and character of an offset, from the text's line breaks (\r\n, \r, \n), an offset inside a \r\n on the \r's line. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (const m of text.matchAll(/\r\n|\r|\n/g)) {
    const end = m.index + m[0].length;
    if (end > clamped) break;
    line++;
    lineStart = end;
  }
  return { line, character: clamped - lineStart };
}

const textArb = fc.array(fc.constantFrom('a', 'bc', '', '\r\n', '\r', '\n', '\r\n\r'), { minLength: 1, maxLength: 200 }).map((parts) => parts.join(''));

/** Pieces of the text with their line breaks, no \r\n split between two. */
function piecesOf(text: string, cuts: number[]): { lengths: number[]; breaks: number[] } {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].filter((c) => !(text[c - 1] === '\r' && text[c] === '\n')).sort((a, b) => a - b);
  const bounds = [0, ...at.filter((c) => c > 0 && c < text.length), text.length];
  const lengths: number[] = [];
  const breaks: number[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const piece = text.slice(bounds[i - 1], bounds[i]);
    lengths.push(piece.length);
    breaks.push((piece.match(/\r\n|\r|\n/g) ?? []).length);
  }
  return { lengths, breaks };
}

describe('line breaks counted from a place in the text', () => {
  it("give each offset's position, from the pieces of a document and from a line start on", () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.integer({ min: -2, max: 1000 }), { minLength: 1, maxLength: 8 }), fc.nat(), (text, cuts, offsets, from) => {
        const index = new LineIndex(text, piecesOf(text, cuts));
        for (const offset of offsets) assert.deepEqual(index.positionAt(offset), positionOf(text, offset), `${JSON.stringify(text)} at ${offset}`);
        // From the start of a line on: the line the oracle gives for that start.
        const start = positionOf(text, from % (text.length + 1));
        const lineStart = from % (text.length + 1) - start.character;
        const after = offsets.map((o) => Math.max(lineStart, Math.min(o, text.length)));
        assert.deepEqual(positionsFrom(text, start.line, lineStart, after), after.map((o) => positionOf(text, o)), JSON.stringify(text));
      }),
      { numRuns: 1500 },
    );
  });
});
