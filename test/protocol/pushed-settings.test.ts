import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

// 68 virtual processors on 8 logical ones: cpu-oversubscribed, a warning by default.
const busy = planText((p) => {
  p.vms = Array.from({ length: 17 }, (_, i) => ({ ...p.vms[0], name: `w-${i}`, vcpus: 4, memoryGB: 1 }));
});
const URI = 'file:///pushed/busy.virtplan.json';

// Neovim 0.7 answers workspace/configuration but does not say it can, so the server never asks;
// its users (and nvim-lspconfig) send the settings with workspace/didChangeConfiguration instead.
describe('settings pushed by a client that cannot be asked for them', () => {
  const client = new TestClient();
  before(async () => {
    await client.initialize({ textDocument: { inlayHint: {} } });
    client.open(URI, busy);
    await client.diagnostics(URI);
  });
  after(() => client.stop());

  it('are applied: severities, and hints turned off', async () => {
    const severityOf = (p: { diagnostics: Array<{ code?: unknown; severity?: number }> }) => p.diagnostics.find((d) => d.code === 'cpu-oversubscribed')?.severity;
    const seen = new Set(client.published);
    client.notifyServer('workspace/didChangeConfiguration', { settings: { virtplan: { severity: { 'cpu-oversubscribed': 'error' }, inlayHints: { enabled: false } } } });
    const diagnostics = await client.diagnostics(URI, (p) => !seen.has(p) && severityOf(p) === 1);
    assert.equal(diagnostics.find((d) => d.code === 'cpu-oversubscribed')?.severity, 1);
    const hints = await client.request<unknown[] | null>('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } } });
    assert.deepEqual(hints ?? [], []);
  });
});
