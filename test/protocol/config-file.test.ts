import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../server/src/config/config';
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
