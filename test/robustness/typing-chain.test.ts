import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { PlanDocument } from '../../server/src/document';
import { parsePlan } from '../../server/src/json/parse';
import { PlanLanguageService } from '../../server/src/service/language-service';
import type { PlanVersion } from '../../server/src/service/plan-version';
import { damagedPlanArb, placeEdit, type TypedEdit } from './typed-plans';
import { reparse } from '../../server/src/json/reparse';

const service = new PlanLanguageService();
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

/** A text as an editor may hold it: line breaks as written, or all \r\n; a byte-order mark or none. */
const brokenArb = damagedPlanArb.filter((text) => ((p) => p.syntaxErrors.length > 0 && p.keysStoredTwice === 0)(parsePlan(text)));
const textArb = fc.tuple(fc.oneof(damagedPlanArb, brokenArb), fc.boolean(), fc.boolean()).map(([text, crlf, bom]) => (bom ? '\ufeff' : '') + (crlf ? text.replace(/\r?\n/g, '\r\n') : text));


const fraction = fc.double({ min: 0, max: 0.999, noNaN: true });
const editArb: fc.Arbitrary<TypedEdit> = fc.record({
  target: fc.constantFrom('number', 'number', 'string', 'string', 'start', 'end', 'anywhere'),
  which: fraction,
  at: fraction,
  removed: fc.constantFrom(0, 0, 1, 2, 4),
  text: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('', '7', '0', '12', '-', '.', 'e', 'x', ' ', 'é', '😀', '\ud83d', '\ufeff') },
    { weight: 3, arbitrary: fc.constantFrom(',', '"', '}', ']', '{', '\\', '/', '//', '/*', '*/', '\n', '\r\n', '\r', ':') },
  ),
});

/** An edit that retypes the inside of a number or a string, as a planner changing a count or a name does. */
const plainEditArb: fc.Arbitrary<TypedEdit> = fc.record({
  target: fc.constantFrom('number', 'string'),
  which: fraction,
  at: fraction,
  removed: fc.constantFrom(0, 0, 1, 2),
  text: fc.constantFrom('', '7', '0', '12', '-', 'x', ' ', 'é', '😀', '\ud83d'),
});


/** What a user sees of a version: diagnostics, outline, and the inlay hints of a screen at the top and of the whole text. */
function seen(version: PlanVersion): unknown {
  const whole = { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } };
  const screen = { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } };
  const unchecked = service.inlayHints(version, screen, 1);
  const diagnostics = service.validate(version, { defaultReserve: 1 });
  return { diagnostics, unchecked, outline: service.symbols(version, 40), screen: service.inlayHints(version, screen, 1), hints: service.inlayHints(version, whole, 1) };
}

describe('a plan typed into, version after version, each read from the one before', () => {
  it('shows what a fresh read of the final text shows: diagnostics, outline and hints, with several changes per notification, \\r\\n, a byte-order mark and undo', () => {
    let reused = 0;
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.record({ edits: fc.oneof(fc.array(plainEditArb, { minLength: 1, maxLength: 3 }), fc.array(editArb, { minLength: 1, maxLength: 3 })), undo: fc.boolean(), read: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        (initial, notifications) => {
          const document = PlanDocument.create('file:///p.virtplan.json', 'virtplan', 1, initial);
          let version = 1;
          let current = service.parse(initial);
          let currentVersion = 1;
          seen(current);
          const send = (changes: TextDocumentContentChangeEvent[]) => {
            PlanDocument.update(document, changes, ++version);
          };
          for (const { edits, undo, read } of notifications) {
            // Several changes in one notification, each in the positions of the text the ones before it left.
            let text = document.getText();
            const changes: TextDocumentContentChangeEvent[] = [];
            const inverse: TextDocumentContentChangeEvent[] = [];
            for (const edit of edits) {
              const { offset, removed } = placeEdit(text, edit);
              const oracle = TextDocument.create('file:///o', 'virtplan', 1, text);
              const range = { start: oracle.positionAt(offset), end: oracle.positionAt(offset + removed) };
              changes.push({ range, text: edit.text });
              const after = TextDocument.update(oracle, [{ range, text: edit.text }], 2);
              inverse.unshift({ range: { start: after.positionAt(offset), end: after.positionAt(offset + edit.text.length) }, text: text.slice(offset, offset + removed) });
              text = after.getText();
            }
            send(changes);
            if (undo) send(inverse);
            if (!read) continue;
            const next = service.parseFrom(current, document.getText(), document.changesSince(currentVersion));
            const changesNow = document.changesSince(currentVersion);
            if (changesNow && current.syntaxErrors.length && reparse(current, document.getText(), changesNow)) reused++;
            assert.equal(next.text, document.getText());
            assert.deepStrictEqual(seen(next), seen(service.parse(document.getText())));
            current = next;
            currentVersion = version;
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(reused > RUNS / 40, `read from the version before ${reused} times`);
  });
});
