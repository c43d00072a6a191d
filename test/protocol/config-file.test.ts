import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../server/src/config/config';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

// A client set up to send virtplan.config.json to the server (any LSP client can be) gets the
// file's own mistakes in it, where they are, and nothing a plan would get.
describe('a virtplan.config.json opened in the editor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-config-file-'));
  const uri = pathToFileURL(join(dir, 'virtplan.config.json')).href;
  const client = new TestClient();
  const wrong = '{\n  "severity": { "cpu-oversubscribed": "loud", "too-many-cpus": "error" },\n  "policy": { "failoverReserve": 1.5 },\n  "extra": true\n}\n';

  before(async () => {
    client.settings = { validation: { delay: 0 } };
    await client.initialize({ textDocument: { codeLens: {}, inlayHint: {} } });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the configuration’s problems at their keys and values, not a plan’s', async () => {
    client.open(uri, wrong);
    const diagnostics = await client.diagnostics(uri);
    const expected = parseConfig(wrong, 'virtplan.config.json').problems;
    assert.equal(expected.length, 4);
    assert.deepEqual(
      diagnostics.map((d) => ({ message: d.message, range: d.range, severity: d.severity })),
      expected.map((p) => ({ message: p.message, range: p.range, severity: 1 })),
    );
    assert.ok(!diagnostics.some((d) => /The plan needs|in the plan/.test(String(d.message))), 'nothing about a plan');
    const lenses = await client.request<unknown[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses, [], 'no plan totals above a configuration');
  });

  it('clears them when the file is corrected', async () => {
    client.change(uri, 2, '{ "severity": { "cpu-oversubscribed": "error" }, "policy": { "failoverReserve": 1 } }');
    assert.deepEqual(await client.diagnostics(uri, (p) => p.version === 2), []);
  });
});

// A client that cannot watch files (Neovim 0.7) and sends the configuration it edits: the open
// plans follow the file as it is in the editor, as they follow their own unsaved text.
describe('a virtplan.config.json edited in the editor, by a client that watches no files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-config-edit-'));
  const configUri = pathToFileURL(join(dir, 'virtplan.config.json')).href;
  const planUri = pathToFileURL(join(dir, 'busy.virtplan.json')).href;
  // 68 virtual processors on 8 logical ones: cpu-oversubscribed, a warning by default.
  const busy = planText((p) => {
    p.vms = Array.from({ length: 17 }, (_, i) => ({ ...p.vms[0], name: `w-${i}`, vcpus: 4, memoryGB: 1 }));
  });
  const client = new TestClient();
  const severity = (p: { diagnostics: Array<{ code?: unknown; severity?: number }> }) => p.diagnostics.find((d) => d.code === 'cpu-oversubscribed')?.severity;

  before(async () => {
    writeFileSync(join(dir, 'virtplan.config.json'), '{}');
    writeFileSync(join(dir, 'busy.virtplan.json'), busy);
    client.settings = { validation: { delay: 0 } };
    await client.initialize({});
    client.open(planUri, busy);
    assert.equal(severity({ diagnostics: await client.diagnostics(planUri) }), 2);
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks the open plans again with the severities as typed', async () => {
    client.open(configUri, '{}');
    const seen = new Set(client.published);
    client.change(configUri, 2, '{ "severity": { "cpu-oversubscribed": "error" } }');
    assert.equal(severity({ diagnostics: await client.diagnostics(planUri, (p) => !seen.has(p) && severity(p) === 1) }), 1);
  });

  it('goes back to the file on disk when the editor closes it unsaved', async () => {
    const seen = new Set(client.published);
    client.notifyServer('textDocument/didClose', { textDocument: { uri: configUri } });
    assert.equal(severity({ diagnostics: await client.diagnostics(planUri, (p) => !seen.has(p) && severity(p) === 2) }), 2);
  });
});
