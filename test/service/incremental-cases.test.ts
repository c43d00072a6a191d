import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PlanDocument } from '../../server/src/document';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { startFromBefore } from '../../server/src/service/incremental';
import { SCHEMA_FINDINGS } from '../../server/src/service/validate';
import type { PlanVersion } from '../../server/src/service/plan-version';

const service = new PlanLanguageService();

const WINDOWS = { os: 'windows-server-2008', arch: 'x64' };
function plan(eol = '\n'): string {
  const value = {
    name: 'p',
    hosts: [
      { name: 'h1', product: 'hyperv-2008', edition: 'standard', hardware: { sockets: 1, coresPerSocket: 2, memoryGB: 16 } },
      { name: 'h2', product: 'hyperv-2008', edition: 'standard', hardware: { sockets: 1, coresPerSocket: 2, memoryGB: 16 } },
      { name: 'h3', product: 'hyperv-2008', edition: 'enterprise', hardware: { sockets: 1, coresPerSocket: 2, memoryGB: 16 } },
    ],
    clusters: [{ name: 'c1', nodes: ['h1', 'h3'] }, { name: 'c2', nodes: ['h2', 'h3'] }],
    vms: [
      { name: 'vm-a', host: 'h1', vcpus: 2, memoryGB: 6, highlyAvailable: true, guest: WINDOWS },
      { name: 'vm-b', host: 'h1', vcpus: 2, memoryGB: 6, highlyAvailable: true, guest: WINDOWS, suppress: ['too-many-vcpus'] },
      { name: 'vm-c', host: 'h2', vcpus: 4, memoryGB: 6, highlyAvailable: true, guest: WINDOWS, disks: [{ sizeGB: 10, bus: 'ide' }] },
      { name: 'vm-d', host: 'h2', vcpus: 2, memoryGB: 9, highlyAvailable: true, guest: WINDOWS },
    ],
  };
  return JSON.stringify(value, null, 2).replace(/\n/g, eol);
}

/** What the editor shows of a version: diagnostics, lenses, hints, quick fixes, capacity, the model. */
function shown(version: PlanVersion, reserve: number): unknown {
  const diagnostics = service.validate(version, { defaultReserve: reserve });
  const end = version.lines.positionAt(version.text.length);
  return {
    diagnostics,
    lenses: service.codeLenses(version, reserve),
    hints: service.inlayHints(version, { start: { line: 0, character: 0 }, end }, reserve),
    actions: service.codeActions(version, 'file:///p', diagnostics),
    capacity: version.capacity(reserve),
    // A hover on every value and key of the VMs and hosts.
    hovers: [...version.text.matchAll(/"\w/g)].map((m) => service.hover(version, version.lines.positionAt(m.index + 1))),
  };
}

/** Each edit (the first occurrence of `find` after `after` replaced), checked from the version before and afresh. */
function follow(initial: string, edits: Array<{ after?: string[]; find: string; by: string; reserve?: number }>): number {
  const document = PlanDocument.create('file:///p.virtplan.json', 'virtplan', 1, initial);
  let current = service.parse(initial);
  shown(current, 1);
  let version = 1;
  let incremental = 0;
  for (const edit of edits) {
    const text = document.getText();
    const from = (edit.after ?? []).reduce((at, anchor) => text.indexOf(anchor, at) + anchor.length, 0);
    const offset = text.indexOf(edit.find, from);
    assert.ok(offset >= 0, edit.find);
    const oracle = TextDocument.create('file:///o', 'virtplan', 1, text);
    const range = { start: oracle.positionAt(offset), end: oracle.positionAt(offset + edit.find.length) };
    PlanDocument.update(document, [{ range, text: edit.by }], ++version);
    const next = service.parseFrom(current, document.getText(), document.changesSince(version - 1), document.lineIndex());
    const reserve = edit.reserve ?? 1;
    startFromBefore(next, reserve);
    if (next.kept(SCHEMA_FINDINGS) !== undefined) incremental++;
    const got = shown(next, reserve);
    const fresh = service.parse(document.getText());
    assert.deepStrictEqual(got, shown(fresh, reserve), `${edit.find} -> ${edit.by}`);
    // The version before answers as before, its model handed on.
    assert.deepStrictEqual(shown(current, reserve), shown(service.parse(current.text), reserve), `before ${edit.find} -> ${edit.by}`);
    current = next;
  }
  return incremental;
}

describe('checks started from the version before, case by case', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`a VM's name made another's and back, its host changed, counts retyped (${JSON.stringify(eol)})`, () => {
      const n = follow(plan(eol), [
        { find: 'vm-b', by: 'vm-a' },
        { find: 'vm-d', by: 'vm-a' },
        { find: 'vm-a', by: 'vm-x' },
        { after: ['"vms"', '"host": "', '"host": "'], find: 'h1', by: 'h2' },
        { after: ['"vms"', '"host": "', '"host": "'], find: 'h2', by: 'h3' },
        { after: ['"vms"', '"host": "'], find: 'h1', by: 'h9' },
        { after: ['"vms"', '"host": "'], find: 'h9', by: 'h2' },
        { after: ['"vms"', '"host": "', '"host": "', '"host": "', '"host": "'], find: 'h2', by: 'h1' },
        { after: ['"vms"', '"vcpus": ', '"vcpus": ', '"vcpus": '], find: '4', by: '8' },
        { after: ['"vms"', '"memoryGB": ', '"memoryGB": ', '"memoryGB": '], find: '6', by: '9' },
        { after: ['"sizeGB": '], find: '10', by: '11' },
        { after: ['"suppress": ['], find: 'too-many-vcpus', by: 'too-many-vcpu' },
        { after: ['"suppress": ['], find: 'too-many-vcpu', by: 'too-many-vcpus' },
        { after: ['"vms"', '"os": ', '"os": ', '"os": '], find: 'windows-server-2008', by: 'windows-server-2003' },
        { after: ['"vms"', '"memoryGB": ', '"memoryGB": ', '"memoryGB": ', '"memoryGB": '], find: '9', by: '8', reserve: 2 },
        { after: ['"vms"', '"memoryGB": ', '"memoryGB": ', '"memoryGB": ', '"memoryGB": '], find: '8', by: '7', reserve: 2 },
        { find: 'vm-x', by: '' },
        { after: ['"vms"', '"host": "', '"host": "', '"host": "', '"host": "'], find: 'h1', by: '' },
        { after: ['"vms"', '"host": "', '"host": "', '"host": "', '"host": "'], find: '"', by: 'h2"' },
        { find: '"name": "",', by: '"name": "vm-a",' },
      ]);
      assert.ok(n >= 15, `${n} checked from the version before`);
    });
  }
});
