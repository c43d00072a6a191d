import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PlanDocument } from '../../server/src/document';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { PlanVersion } from '../../server/src/service/plan-version';
import { planText } from '../helpers';

const service = new PlanLanguageService();
const URI = 'file:///typing.virtplan.json';

/** A plan with findings (so quick fixes), a second VM, and names to hover and complete. */
const text = planText((p) => {
  p.vms[0].vcpus = 64;
  p.vms.push({ name: 'db-01', host: 'hv-02', guest: { os: 'windows-server-2008', arch: 'x64' }, vcpus: 4, memoryGB: 16, disks: [{ sizeGB: 80 }] });
});

/** Whether an offset is inside a string literal: counts unescaped quotes from the start. */
function insideString(source: string, offset: number): boolean {
  let inside = false;
  for (let i = 0; i < offset; i++) {
    if (source[i] === '\\' && inside) i++;
    else if (source[i] === '"') inside = !inside;
  }
  return inside;
}

/**
 * An edit that keeps the model as it was: a character retyped over itself (a new version of
 * the same text), or a space typed next to a space outside strings.
 */
function modelKeepingEdit(offset: number): { at: number; remove: number; typed: string } | undefined {
  const ch = text[offset];
  if (ch === ' ' && !insideString(text, offset)) return { at: offset, remove: 0, typed: ' ' };
  if (/["\\/*{}[\],:\r\n]/.test(ch)) return undefined;
  return { at: offset, remove: 1, typed: ch };
}

const every = (version: PlanVersion, at: { line: number; character: number }) => {
  const lines = version.text.split('\n').length;
  return {
    hover: service.hover(version, at),
    completion: service.complete(version, at, { snippetSupport: true }),
    quickFixes: service.codeActions(version, URI, service.validate(service.parse(version.text))),
    hints: service.inlayHints(version, { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } }),
    lenses: service.codeLenses(version),
  };
};

describe('answers right after an edit', () => {
  it('read from the new text and the last checked model, are the answers of the check to come, for edits that keep the model', () => {
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.nat(text.length), (editAt, askAt) => {
        const edit = modelKeepingEdit(editAt);
        fc.pre(edit !== undefined);
        const document = PlanDocument.create(URI, 'json', 1, text);
        const basis = service.parse(text);
        service.validate(basis);
        const start = document.positionAt(edit!.at);
        const end = document.positionAt(edit!.at + edit!.remove);
        PlanDocument.update(document, [{ range: { start, end }, text: edit!.typed }], 2);
        assert.equal(document.plainEditsSince, 1, 'the edit kept the text’s shape');
        const edited = document.getText();
        const provisional = PlanVersion.provisional(edited, document.lineIndex(), basis);
        const checked = service.parse(edited);
        const at = checked.lines.positionAt(Math.min(askAt, edited.length));
        assert.deepEqual(every(provisional, at), every(checked, at));
      }),
      { numRuns: 300 },
    );
  });

  it('an edit that types or removes a quote, bracket, comma, colon, comment or line break is not answered from an earlier model', () => {
    for (const typed of ['"', '{', '}', '[', ']', ',', ':', '/', '*', '\n', '\\']) {
      const document = PlanDocument.create(URI, 'json', 1, text);
      PlanDocument.update(document, [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, text: typed }], 2);
      assert.equal(document.plainEditsSince, 2, JSON.stringify(typed));
      const removing = PlanDocument.create(URI, 'json', 1, typed + text);
      PlanDocument.update(removing, [{ range: { start: { line: 0, character: 0 }, end: removing.positionAt(1) }, text: '' }], 2);
      assert.equal(removing.plainEditsSince, 2, `removing ${JSON.stringify(typed)}`);
    }
    const whole = PlanDocument.create(URI, 'json', 1, text);
    PlanDocument.update(whole, [{ text }], 2);
    assert.equal(whole.plainEditsSince, 2, 'a whole new text');
  });
});
