import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Range } from 'vscode-languageserver-types';
import { PlanDocument } from '../../server/src/document';
import { PlanLanguageService } from '../../server/src/service/language-service';
import type { PlanVersion } from '../../server/src/service/plan-version';

const service = new PlanLanguageService();
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const WINDOWS = { os: 'windows-server-2008', arch: 'x64' };

/** Hosts in clusters with VMs on them, some near their limits, so a retyped count moves a hint. */
function plan(eol: string): string {
  const hosts = ['h1', 'h2', 'h3', 'h4'].map((name, i) => ({ name, product: 'hyperv-2008', edition: i % 2 ? 'standard' : 'enterprise', hardware: { sockets: 1, coresPerSocket: 2, memoryGB: 16 } }));
  const vms = Array.from({ length: 8 }, (_, i) => ({ name: `vm-${i}`, host: `h${(i % 4) + 1}`, vcpus: 1 + (i % 3), memoryGB: 2 + i, highlyAvailable: true, guest: WINDOWS }));
  const value = { name: 'p', hosts, clusters: [{ name: 'c1', nodes: ['h1', 'h2'] }, { name: 'c2', nodes: ['h3', 'h4'], reserve: 1 }], vms };
  return JSON.stringify(value, null, 2).replace(/\n/g, eol);
}

/** A VM's count retyped in place: its digits replaced by others, as typing over them does. */
const editArb = fc.record({ vm: fc.nat(7), key: fc.constantFrom('vcpus', 'memoryGB'), digits: fc.integer({ min: 1, max: 40 }) });
const rangeArb = fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 70 })).map(([a, b]): Range => ({ start: { line: Math.min(a, b), character: 0 }, end: { line: Math.max(a, b), character: 0 } }));
const askArb = fc.constantFrom('hints', 'lens', 'both', 'none');

describe('inlay hints and code lens asked before the check of an edit', () => {
  it('show what a fresh read shows, the check after them finds what a fresh check finds, and the model is handed on', () => {
    let handedOn = 0;
    fc.assert(
      fc.property(fc.constantFrom('\n', '\r\n'), fc.array(fc.tuple(editArb, askArb, rangeArb), { minLength: 1, maxLength: 6 }), (eol, steps) => {
        const initial = plan(eol);
        const document = PlanDocument.create('file:///p.virtplan.json', 'virtplan', 1, initial);
        let current: PlanVersion = service.parse(initial);
        service.validate(current, { defaultReserve: 1 });
        let version = 1;
        for (const [edit, ask, range] of steps) {
          const text = document.getText();
          const at = text.indexOf(`"name": "vm-${edit.vm}"`);
          const value = text.indexOf(`"${edit.key}": `, at) + edit.key.length + 4;
          const digits = /^\d+/.exec(text.slice(value))![0];
          const start = current.lines.positionAt(value);
          PlanDocument.update(document, [{ range: { start, end: { line: start.line, character: start.character + digits.length } }, text: String(edit.digits) }], ++version);
          const next = service.parseFrom(current, document.getText(), document.changesSince(version - 1), document.lineIndex());
          const fresh = service.parse(document.getText());
          if (ask === 'hints' || ask === 'both') assert.deepEqual(service.inlayHints(next, range, 1), service.inlayHints(fresh, range, 1));
          if (ask === 'lens' || ask === 'both') assert.deepEqual(service.codeLenses(next, 1), service.codeLenses(fresh, 1));
          if (ask !== 'none' && !current.hasModel) handedOn++;
          assert.deepEqual(service.validate(next, { defaultReserve: 1 }), service.validate(fresh, { defaultReserve: 1 }));
          assert.deepEqual(service.inlayHints(next, range, 1), service.inlayHints(fresh, range, 1));
          assert.deepEqual(service.codeLenses(next, 1), service.codeLenses(fresh, 1));
          current = next;
        }
      }),
      { numRuns: RUNS },
    );
    // The earlier version's model went to the new one when the hints or lens asked first.
    assert.ok(handedOn > RUNS / 2, `the model was handed on ${handedOn} times`);
  });
});
