import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { planTexts, readPlanFile, readPlanText } from '../../server/src/util/read-file';

const dir = mkdtempSync(join(tmpdir(), 'virtplan-read-'));
const MB = 1024 * 1024;

/** What a UTF-8 decoder makes of the bytes: the text (BOM dropped, bad bytes replaced), where the first bad byte is, and whether a BOM was dropped. */
function decoded(bytes: Uint8Array): { text: string; invalidAt?: number; bom?: boolean } {
  const text = new TextDecoder('utf-8').decode(bytes);
  const bom = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).startsWith('\uFEFF') ? { bom: true } : {};
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, ...bom };
  } catch {
    return { text, invalidAt: text.indexOf('\uFFFD'), ...bom };
  }
}

/** Pieces of a plan file as an editor or a broken tool writes them. */
const piece = fc.oneof(
  fc.string().map((s) => Buffer.from(s, 'utf8')),
  fc.string({ unit: 'grapheme' }).map((s) => Buffer.from(s, 'utf8')),
  fc.constantFrom(
    Buffer.from([0xef, 0xbb, 0xbf]), // a BOM
    Buffer.from([0xef, 0xbf, 0xbd]), // a real U+FFFD
    Buffer.from([0xff]),
    Buffer.from([0xc3]), // a sequence cut short
    Buffer.from([0xed, 0xa0, 0x80]), // a surrogate, which UTF-8 forbids
    Buffer.from([0xc0, 0xaf]), // an overlong "/"
    Buffer.from('{"hosts": []}\n'),
  ),
);

let n = 0;
function file(bytes: Uint8Array): string {
  const path = join(dir, `plan-${n++}.virtplan.json`);
  writeFileSync(path, bytes);
  return path;
}

describe('reading a plan file as text', () => {
  it('gives the text and the first bad byte a UTF-8 decoder gives, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const bytes = Buffer.concat(pieces);
        const path = file(bytes);
        assert.deepEqual(readPlanText(path, MB), decoded(bytes));
        assert.deepEqual([...planTexts([path], [])].map((p) => p.text), [decoded(bytes).text]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a BOM-only file, an empty file and a large plain file', () => {
    for (const bytes of [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.alloc(0), Buffer.from(`{"hosts": [${'{"name": "hv"},'.repeat(50_000)}{}]}`)]) {
      assert.deepEqual(readPlanText(file(bytes), 10 * MB), decoded(bytes));
    }
  });

  it('refuses what readPlanFile refuses, with the same words', () => {
    const big = file(Buffer.alloc(2000, 0x20));
    for (const [path, max] of [[big, 1000], [dir, MB], [join(dir, 'missing.virtplan.json'), MB]] as const) {
      const bytes = readPlanFile(path, max);
      assert.ok('problem' in bytes);
      assert.deepEqual(readPlanText(path, max), bytes);
    }
  });
});
