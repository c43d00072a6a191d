import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { planText, smallVms, type Json } from '../helpers';
import { TestClient } from './lsp-client';

const URI = 'file:///work/recheck.virtplan.json';
// A large plan with a too-many-vcpus on every VM: its check after an edit takes many turns.
const text = planText((p) => {
  p.hosts = Array.from({ length: 400 }, (_, i) => ({ ...p.hosts[0], name: `h-${i}` }));
  p.clusters = [];
  p.vms = p.hosts.flatMap((h: Json) => smallVms(h.name, 8).map((vm: Json) => ({ ...vm, vcpus: 64 })));
});

describe('settings changed while a plan is checked after an edit', () => {
  const client = new TestClient();
  before(async () => {
    await client.initialize({ workspace: { configuration: true } });
    client.settings = { validation: { delay: 0 } };
    client.open(URI, text);
    await client.diagnostics(URI);
  });
  after(() => client.stop());

  it('the last diagnostics published have the new severities, not the edit’s check with the old ones', async () => {
    const severityOf = (p: { diagnostics: Array<{ code?: unknown; severity?: number }> }) => p.diagnostics.find((d) => d.code === 'too-many-vcpus')?.severity;
    // The settings change lands at a different point of the edit's check in each round.
    for (let round = 0; round < 6; round++) {
      const [setting, severity] = round % 2 ? ['hint', 4] : ['information', 3];
      client.notifyServer('textDocument/didChange', { textDocument: { uri: URI, version: 2 + round }, contentChanges: [{ text: text + ' '.repeat(round + 1) }] });
      await new Promise((resolve) => setTimeout(resolve, round * 15));
      client.settings = { validation: { delay: 0 }, severity: { 'too-many-vcpus': setting } };
      client.notifyServer('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(URI, (p) => p.version === 2 + round && severityOf(p) === severity);
      // Until nothing more is published for a while: a check with the old settings would come last.
      for (let seen = -1; seen !== client.published.length; ) {
        seen = client.published.length;
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      const last = client.published.filter((p) => p.uri === URI).at(-1)!;
      assert.equal(last.version, 2 + round);
      assert.equal(severityOf(last), severity, `round ${round}: the severity the settings give`);
    }
  });
});
