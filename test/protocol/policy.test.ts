import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

// 68 virtual processors on 8 logical ones: cpu-oversubscribed, a warning by default.
const busy = planText((p) => {
  p.vms = Array.from({ length: 17 }, (_, i) => ({ ...p.vms[0], name: `w-${i}`, vcpus: 4, memoryGB: 1 }));
});

describe('one policy in the editor: configuration file and workspace diagnostics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-policy-'));
  const planPath = join(dir, 'busy.virtplan.json');
  const configPath = join(dir, 'virtplan.config.json');
  const planUri = pathToFileURL(planPath).href;
  const client = new TestClient();
  let registered: unknown[] = [];

  /** The next diagnostics for the plan published after this call, that pass `accept`. */
  const next = (accept: (p: PublishDiagnosticsParams) => boolean) => {
    const seen = new Set(client.published);
    return client.diagnostics(planUri, (p) => !seen.has(p) && accept(p));
  };
  const oversubscribed = (p: PublishDiagnosticsParams) => p.diagnostics.find((d) => d.code === 'cpu-oversubscribed');

  before(async () => {
    writeFileSync(planPath, busy);
    writeFileSync(configPath, '{ "severity": { "cpu-oversubscribed": "error" } }');
    client.connection.onRequest('client/registerCapability', (params: { registrations: unknown[] }) => {
      registered = params.registrations;
      return null;
    });
    client.settings = { validation: { delay: 0, workspace: true } };
    await client.initialize({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, undefined, {
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'plans' }],
    });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks a plan that is not open, with its folder’s configuration', async () => {
    const diagnostics = await client.diagnostics(planUri, (p) => !!oversubscribed(p));
    assert.equal(diagnostics.find((d) => d.code === 'cpu-oversubscribed')!.severity, 1, 'an error, as the configuration says');
    assert.match(JSON.stringify(registered), /virtplan\.config\.json/, 'the server asks to hear of configuration changes');
  });

  it('checks again when the configuration changes on disk', async () => {
    writeFileSync(configPath, '{ "severity": { "cpu-oversubscribed": "off" } }');
    const waiting = next((p) => !oversubscribed(p));
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 2 }] });
    assert.ok(!(await waiting).some((d) => d.code === 'cpu-oversubscribed'));
  });

  it('the editor setting wins over the file for the codes it names', async () => {
    const waiting = next((p) => !!oversubscribed(p));
    client.settings = { validation: { delay: 0, workspace: true }, severity: { 'cpu-oversubscribed': 'hint' } };
    client.open(planUri, busy);
    client.notifyServer('workspace/didChangeConfiguration', { settings: {} });
    const diagnostics = await waiting;
    assert.equal(diagnostics.find((d) => d.code === 'cpu-oversubscribed')!.severity, 4);
  });

  it('a plan deleted on disk loses its diagnostics once closed', async () => {
    const closed = next(() => true);
    client.notifyServer('textDocument/didClose', { textDocument: { uri: planUri } });
    await closed;
    rmSync(planPath);
    const cleared = next((p) => p.diagnostics.length === 0);
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: planUri, type: 3 }] });
    assert.deepEqual(await cleared, []);
  });
});

describe('hints and lenses follow the configuration file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-policy-lens-'));
  const planPath = join(dir, 'ha.virtplan.json');
  const configPath = join(dir, 'virtplan.config.json');
  const planUri = pathToFileURL(planPath).href;
  // Two nodes and one highly available VM: N+1 holds, losing both nodes does not.
  const plan = planText();
  const client = new TestClient();
  const refreshed: string[] = [];
  /** Called with each refresh request the server sends. */
  let onRefresh = () => {};

  before(async () => {
    writeFileSync(planPath, plan);
    writeFileSync(configPath, '{ "policy": { "failoverReserve": 1 } }');
    for (const method of ['workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) {
      client.connection.onRequest(method, () => {
        refreshed.push(method);
        onRefresh();
        return null;
      });
    }
    client.connection.onRequest('client/registerCapability', () => null);
    client.settings = { validation: { delay: 0 } };
    await client.initialize({
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
      textDocument: { inlayHint: {}, codeLens: {} },
    });
    client.open(planUri, plan);
    await client.diagnostics(planUri);
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a changed failoverReserve asks the client for new hints and lenses, which read it', { timeout: 20_000 }, async () => {
    const lens = async () => ((await client.request('textDocument/codeLens', { textDocument: { uri: planUri } })) as Array<{ command?: { title: string } }>).map((l) => l.command?.title ?? '').join('\n');
    assert.doesNotMatch(await lens(), /loss of any 2 nodes/);
    refreshed.length = 0;
    const bothAsked = new Promise<void>((resolve) => (onRefresh = () => refreshed.length >= 2 && resolve()));
    writeFileSync(configPath, '{ "policy": { "failoverReserve": 2 } }');
    const diagnosed = client.diagnostics(planUri, (p) => p.diagnostics.some((d) => d.code === 'cluster-failover-capacity'));
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 2 }] });
    await diagnosed;
    await bothAsked;
    assert.deepEqual([...refreshed].sort(), ['workspace/codeLens/refresh', 'workspace/inlayHint/refresh']);
    assert.match(await lens(), /2 nodes/);
  });
});
