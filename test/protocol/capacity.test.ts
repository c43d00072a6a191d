import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { CodeLens, InlayHint, InlayHintLabelPart } from 'vscode-languageserver-protocol';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

const URI = 'file:///work/capacity.virtplan.json';
const text = planText((p) => {
  p.hosts.push({ ...p.hosts[1], name: 'hv-03', hardware: { ...p.hosts[1].hardware, memoryGB: 48 } });
  p.clusters[0].nodes.push('hv-03');
  p.vms.push({ ...p.vms[0], name: 'big', host: 'hv-02', memoryGB: 60 });
});
const lineCount = text.split('\n').length;
const whole = { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } };

function afterValue(path: Array<string | number>) {
  const node = findNodeAtLocation(parseTree(text)!, path)!;
  const before = text.slice(0, node.offset + node.length).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const labelOf = (hint: InlayHint) => (typeof hint.label === 'string' ? hint.label : (hint.label as InlayHintLabelPart[]).map((p) => p.value).join(''));

/** Hints at one position joined with a space, as an editor shows them side by side. */
function byPosition(hints: InlayHint[]): Array<{ position: InlayHint['position']; label: string }> {
  const out: Array<{ position: InlayHint['position']; label: string }> = [];
  for (const hint of hints) {
    const last = out[out.length - 1];
    if (last && last.position.line === hint.position.line && last.position.character === hint.position.character) last.label += ' ' + labelOf(hint);
    else out.push({ position: hint.position, label: labelOf(hint) });
  }
  return out;
}

describe('inlay hints and code lens from the built server', () => {
  const client = new TestClient();
  let capabilities: any;
  const refreshed: string[] = [];
  let waitRefresh: (() => void) | undefined;

  before(async () => {
    for (const method of ['workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) {
      client.connection.onRequest(method, () => {
        refreshed.push(method);
        if (refreshed.length === 2) waitRefresh?.();
        return null;
      });
    }
    capabilities = (
      await client.initialize({
        workspace: { configuration: true, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
        textDocument: { inlayHint: {}, codeLens: {} },
      })
    ).capabilities;
    client.settings = { validation: { delay: 0 } };
    client.open(URI, text);
    await client.diagnostics(URI);
  });
  after(() => client.stop());

  it('declares inlay hints and code lens', () => {
    assert.ok(capabilities.inlayHintProvider);
    assert.ok(capabilities.codeLensProvider);
  });

  it("answers inlay hints after each host's and cluster's name", async () => {
    const hints = byPosition(await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: URI }, range: whole }));
    assert.deepEqual(
      hints.map((h) => h.position),
      [afterValue(['hosts', 0, 'name']), afterValue(['hosts', 1, 'name']), afterValue(['hosts', 2, 'name']), afterValue(['clusters', 0, 'name'])],
    );
    assert.match(hints[1].label, /^8 LP · 2 vCPU \(0\.3:1\) · \d+ of 64 GB · 1 of \d+ VMs · 1 of 4 licences$/);
    // hv-02 down: "big" (60 GB) fits on neither hv-01 (64 GB, web-01 on it) nor hv-03 (48 GB).
    assert.equal(hints[3].label, '⚠ N+1: 1 VM short');
  });

  it('answers only for the requested range', async () => {
    const at = afterValue(['hosts', 2, 'name']);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: at.line, character: 0 }, end: { line: at.line + 1, character: 0 } } });
    assert.ok(hints.length > 0);
    assert.deepEqual(byPosition(hints).map((h) => h.position), [at]);
  });

  it('answers code lens above the plan and the cluster', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
    assert.equal(lenses.length, 2);
    assert.match(lenses[0].command!.title, /^3 hosts · 2 VMs · 4 vCPU on 24 LP · /);
    assert.equal(lenses[1].command!.title, 'Does not survive the loss of 1 node: with hv-02 down, 1 VM (60 GB) would not restart: big');
  });

  it('turns each off in settings, and asks the client to refresh', async () => {
    client.settings = { validation: { delay: 0 }, inlayHints: { enabled: false }, codeLens: { enabled: false } };
    const refreshedNow = new Promise<void>((resolve) => (waitRefresh = resolve));
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await refreshedNow;
    assert.deepEqual([...refreshed].sort(), ['workspace/codeLens/refresh', 'workspace/inlayHint/refresh']);
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: { uri: URI }, range: whole }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: URI } }), []);
  });
});
