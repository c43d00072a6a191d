import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Position, TextEdit } from 'vscode-languageserver-protocol';
import { RETARGET_ACTION_KIND, WhatIfRequest, WhatIfTargetsRequest, type WhatIfResponse, type WhatIfTargetInfo } from '../../server/src/protocol';
import { planText, type Json } from '../helpers';
import { TestClient } from './lsp-client';

const URI = 'file:///work/wave%201.virtplan.json';
const live = planText((p) => (p.vms[0].migration = 'live'));
const esx = planText((p) => {
  p.hosts = [{ name: 'esx-01', product: 'vmware-esx-3.5', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } }];
  p.clusters = [];
  p.vms[0].host = 'esx-01';
  p.vms[0].migration = 'none';
  p.vms[0].highlyAvailable = false;
});

function offsetOf(text: string, position: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, position.line).reduce((n, l) => n + l.length + 1, 0) + position.character;
}

function positionOf(text: string, needle: string, at = 1): Position {
  const before = text.slice(0, text.indexOf(needle) + at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start))) {
    out = out.slice(0, offsetOf(out, edit.range.start)) + edit.newText + out.slice(offsetOf(out, edit.range.end));
  }
  return out;
}

describe('what if over LSP (the built server)', () => {
  const client = new TestClient();
  let capabilities: any;

  before(async () => {
    capabilities = (await client.initialize({ workspace: { configuration: true } })).capabilities;
    client.settings = { validation: { delay: 0 } };
    client.open(URI, live);
    await client.diagnostics(URI, (p) => p.version === 1);
  });
  after(() => client.stop());

  it('declares the retarget code action kind', () => {
    assert.ok(capabilities.codeActionProvider.codeActionKinds.includes(RETARGET_ACTION_KIND));
  });

  it(`${WhatIfTargetsRequest.method} lists the products with their release and editions`, async () => {
    const targets = await client.request<WhatIfTargetInfo[]>(WhatIfTargetsRequest.method, null);
    const r2 = targets.find((t) => t.id === 'hyperv-2008-r2')!;
    assert.equal(r2.name, 'Hyper-V on Windows Server 2008 R2');
    assert.ok(r2.released.length >= 4);
    assert.deepEqual(r2.editions.map((e) => e.id), ['standard', 'enterprise', 'datacenter']);
    assert.deepEqual(targets.find((t) => t.id === 'vmware-esx-3.5')!.editions, []);
  });

  it(`${WhatIfRequest.method} answers fixed, introduced and kept, located in the open document, with a linked preview`, async () => {
    const answer = await client.request<WhatIfResponse>(WhatIfRequest.method, { textDocument: { uri: URI }, to: 'hyperv-2008-r2' });
    assert.equal(answer.to, 'hyperv-2008-r2');
    assert.deepEqual(answer.fixed.map((d) => d.code), ['live-migration-unsupported']);
    assert.deepEqual(answer.introduced, []);
    assert.deepEqual(answer.moved, ['hv-01', 'hv-02']);
    const [fixed] = answer.fixed;
    assert.equal(live.slice(offsetOf(live, fixed.range.start), offsetOf(live, fixed.range.end)), '"live"');
    assert.match(answer.preview.text, /^What if wave 1\.virtplan\.json ran Hyper-V on Windows Server 2008 R2\?\n\nMoving 2 hosts/);
    assert.equal(answer.preview.links.length, 1);
    const [link] = answer.preview.links;
    assert.deepEqual(link.target, fixed.range);
    const previewLine = answer.preview.text.split('\n')[link.range.start.line];
    assert.equal(previewLine.slice(link.range.start.character, link.range.end.character), `${fixed.range.start.line + 1}:${fixed.range.start.character + 1}`);
  });

  it('an unknown product or edition is an InvalidParams error with the nearest id', async () => {
    await assert.rejects(client.request(WhatIfRequest.method, { textDocument: { uri: URI }, to: 'hyperv-2008-r3' }), (e: { code: number; message: string }) => e.code === -32602 && /did you mean "hyperv-2008-r2"/.test(e.message));
    await assert.rejects(client.request(WhatIfRequest.method, { textDocument: { uri: URI }, to: 'hyperv-2008:enterprize' }), /did you mean "enterprise"/);
    await assert.rejects(client.request(WhatIfRequest.method, { textDocument: { uri: 'file:///nowhere.virtplan.json' }, to: 'hyperv-2008-r2' }), /not an open plan/);
    assert.equal(client.exitCode, null);
  });

  it('a code action on a host product retargets that host, product and edition in one edit', async () => {
    const at = positionOf(live, '"hyperv-2008"', 3);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: at, end: at }, context: { diagnostics: [] } });
    const retargets = actions.filter((a) => a.kind === RETARGET_ACTION_KIND);
    assert.ok(retargets.length >= 3, retargets.map((a) => a.title).join('\n'));
    const r2 = retargets.find((a) => a.title.startsWith('Retarget host to Hyper-V on Windows Server 2008 R2:'))!;
    assert.equal(r2.title, 'Retarget host to Hyper-V on Windows Server 2008 R2: fixes 1, introduces 1', 'live migration fixed; the cluster now mixes products');
    const edits = r2.edit!.changes![URI];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, '-r2', 'the smallest edit');
    const changed = JSON.parse(apply(live, edits)) as Json;
    assert.equal(changed.hosts[0].product, 'hyperv-2008-r2');
    assert.equal(changed.hosts[0].edition, 'enterprise', 'the edition is kept');
    assert.equal(changed.hosts[1].product, 'hyperv-2008', 'only this host');

    const toEsx = retargets.find((a) => a.title.startsWith('Retarget host to VMware ESX 3.5'))!;
    const dropped = JSON.parse(apply(live, toEsx.edit!.changes![URI])) as Json;
    assert.equal(toEsx.edit!.changes![URI].length, 1);
    assert.equal(dropped.hosts[0].product, 'vmware-esx-3.5');
    assert.ok(!('edition' in dropped.hosts[0]), 'the edition is removed for a product without editions');
    assert.deepEqual(Object.keys(dropped.hosts[0]), ['name', 'product', 'hardware']);

    const quickOnly = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: at, end: at }, context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual(quickOnly.filter((a) => a.kind === RETARGET_ACTION_KIND), []);
    const elsewhere = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: { start: positionOf(live, '"hv-01"'), end: positionOf(live, '"hv-01"') }, context: { diagnostics: [] } });
    assert.deepEqual(elsewhere, [], 'only on a product value');
  });

  it('a host without an edition gets one when it moves to a product with editions', async () => {
    const uri = 'file:///work/esx.virtplan.json';
    client.open(uri, esx);
    const at = positionOf(esx, '"vmware-esx-3.5"', 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } });
    const r2 = actions.find((a) => a.title.startsWith('Retarget host to Hyper-V on Windows Server 2008 R2 ('))!;
    assert.ok(r2, actions.map((a) => a.title).join('\n'));
    assert.match(r2.title, /\((Standard|Enterprise|Datacenter)\): fixes \d+, introduces \d+$/);
    const edits = r2.edit!.changes![uri];
    assert.equal(edits.length, 1);
    const text = apply(esx, edits);
    assert.match(text, /\n( +)"product": "hyperv-2008-r2",\n\1"edition": "\w+",\n\1"hardware"/, 'the edition on its own line after the product');
    const changed = JSON.parse(text) as Json;
    assert.equal(changed.hosts[0].product, 'hyperv-2008-r2');
    assert.ok(['standard', 'enterprise', 'datacenter'].includes(changed.hosts[0].edition));
    const answer = await client.request<WhatIfResponse>(WhatIfRequest.method, { textDocument: { uri }, to: `hyperv-2008-r2:${changed.hosts[0].edition}`, hosts: ['esx-01'] });
    assert.equal(r2.title.endsWith(`fixes ${answer.fixed.length}, introduces ${answer.introduced.length}`), true, 'the title agrees with the request');
    assert.deepEqual(answer.notes.map((n) => n.from), ['vmware-esx-3.5']);
  });
});
