import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PlanDocument } from '../../server/src/document';
import { checkpointSpacing, contextAt, cursorContext } from '../../server/src/json/cursor';
import { OpenPlans } from '../../server/src/lsp/open-plans';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { planText } from '../helpers';

const service = new PlanLanguageService();
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const URI = 'file:///p.virtplan.json';

/** Numbers retyped as a planner retypes them: digits added after the last one, or the last removed. */
const editArb = fc.record({ which: fc.double({ min: 0, max: 0.999, noNaN: true }), append: fc.boolean(), digit: fc.constantFrom('0', '1', '7') });

describe('an open plan typed into, its versions read one from another', () => {
  it('reads the value and diagnostics of its text read afresh, and the cursor context of the scan from the top, with the scan checkpoints carried across versions', () => {
    const spacing = checkpointSpacing.characters;
    checkpointSpacing.characters = 7;
    try {
      fc.assert(
        fc.property(fc.constantFrom(0, 2), fc.array(editArb, { minLength: 1, maxLength: 10 }), fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 4 }), (indent, edits, cursors) => {
          const initial = indent ? planText() : JSON.stringify(JSON.parse(planText()));
          const document = PlanDocument.create(URI, 'virtplan', 1, initial);
          const documents = { get: (uri: string) => (uri === URI ? document : undefined) } as unknown as TextDocuments<PlanDocument>;
          const plans = new OpenPlans(documents, service, () => 1e9);
          let version = 1;
          const ask = (plan = plans.current(URI)!) => {
            const text = plan.text;
            return cursors.map((p) => service.complete(plan, plan.lines.positionAt(Math.floor(p * (text.length + 1))), { snippetSupport: true, triggerSuggest: false }));
          };
          ask();
          for (const edit of edits) {
            const text = document.getText();
            const numbers = [...text.matchAll(/(?<=[:[,]\s*)\d+/g)];
            const number = numbers[Math.floor(edit.which * numbers.length)];
            const end = number.index + number[0].length;
            const oracle = TextDocument.create(URI, 'virtplan', 1, text);
            const change = edit.append || number[0].length < 2
              ? { range: { start: oracle.positionAt(end), end: oracle.positionAt(end) }, text: edit.digit }
              : { range: { start: oracle.positionAt(end - 1), end: oracle.positionAt(end) }, text: '' };
            PlanDocument.update(document, [change], ++version);
            // Completions where a number was typed and elsewhere, on the version the server reads.
            const plan = plans.current(URI)!;
            const at = edit.append ? end + 1 : end - 1;
            service.complete(plan, plan.lines.positionAt(at), { snippetSupport: true, triggerSuggest: false });
            const fresh = service.parse(document.getText());
            assert.deepStrictEqual(plan.value, fresh.value);
            assert.deepStrictEqual(service.validate(plan, { defaultReserve: 1 }), service.validate(fresh, { defaultReserve: 1 }));
            // The cursor context the completions read, resumed from kept checkpoints, is the scan's from the top.
            for (const offset of [at, at + 1, ...cursors.map((p) => Math.floor(p * (plan.text.length + 1)))]) {
              assert.deepStrictEqual(cursorContext(plan, offset), contextAt(plan.source, offset), `at ${offset}`);
            }
            ask(plan);
          }
        }),
        { numRuns: RUNS },
      );
    } finally {
      checkpointSpacing.characters = spacing;
    }
  });
});
