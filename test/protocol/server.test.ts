import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, Hover, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { ProductFactsRequest, type ProductFactsResult } from '../../server/src/protocol';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

const URI = 'file:///work/plan.virtplan.json';
const live = planText((p) => (p.vms[0].migration = 'live'));
const position = (text: string, needle: string, at = 1) => {
  const offset = text.indexOf(needle) + at;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe('the built server over stdio (pushed diagnostics)', () => {
  const client = new TestClient();
  let capabilities: any;

  before(async () => {
    capabilities = (await client.initialize({ textDocument: { completion: { completionItem: { snippetSupport: true } } }, workspace: { configuration: true } })).capabilities;
    client.settings = { validation: { delay: 0 } };
  });
  after(() => client.stop());

  it('initializes with every feature', () => {
    for (const key of ['hoverProvider', 'completionProvider', 'codeActionProvider', 'documentSymbolProvider', 'definitionProvider', 'referencesProvider', 'renameProvider']) {
      assert.ok(capabilities[key], key);
    }
    assert.equal(capabilities.diagnosticProvider, undefined, 'no pull diagnostics for a client without them');
  });

  it('didOpen publishes diagnostics with exact ranges, code, source and a link', async () => {
    client.open(URI, live);
    const diagnostics = await client.diagnostics(URI, (p) => p.version === 1);
    const d = diagnostics.find((x) => x.code === 'live-migration-unsupported')!;
    assert.ok(d, 'live-migration-unsupported published');
    assert.deepEqual(d.range.start, position(live, '"live"', 0));
    assert.deepEqual(d.range.end, position(live, '"live"', 6));
    assert.equal(d.source, 'virtplan');
    assert.equal(d.severity, 1);
    assert.match(d.codeDescription?.href ?? '', /docs\/rules\.md#live-migration-unsupported$/);
    assert.equal((d.data as { replacement: string }).replacement, 'quick');
  });

  it('didChange publishes the new version’s diagnostics', async () => {
    client.change(URI, 2, planText());
    assert.deepEqual(await client.diagnostics(URI, (p) => p.version === 2), []);
    client.change(URI, 3, live);
    const again = await client.diagnostics(URI, (p) => p.version === 3);
    assert.deepEqual(again.map((d) => d.code), ['live-migration-unsupported']);
  });

  it('hover on the product id answers the card', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: position(live, '"hyperv-2008"', 3) });
    assert.match((hover.contents as MarkupContent).value, /logical processors: 8 of 16 \(24 with KB956710\)/);
  });

  it('virtplan/productFacts answers the fact sheet of the host at the cursor, or the list to choose from', async () => {
    const here = (await client.request(ProductFactsRequest.method, { textDocument: { uri: URI }, position: position(live, '"coresPerSocket"', 2) })) as ProductFactsResult;
    assert.equal(here.sheet?.id, 'hyperv-2008');
    assert.match(here.sheet!.markdown, /^# Hyper-V on Windows Server 2008\n[^]*\| snapshots per VM \| 50 \|/);
    const named = (await client.request(ProductFactsRequest.method, { product: 'vmware-esx-3.5' })) as ProductFactsResult;
    assert.equal(named.sheet?.name, 'VMware ESX 3.5');
    for (const odd of [{}, { product: 42 }, { product: '__proto__' }, { textDocument: { uri: 'file:///nowhere.virtplan.json' }, position: { line: 'x' } }]) {
      const none = (await client.request(ProductFactsRequest.method, odd)) as ProductFactsResult;
      assert.equal(none.sheet, undefined, JSON.stringify(odd));
      assert.ok(none.products.some((p) => p.id === 'hyperv-2008-r2'));
    }
  });

  it('completion offers catalog ids', async () => {
    const text = live.replace('"product": "hyperv-2008"', '"product": ""');
    client.change(URI, 4, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: position(text, '"product": ""', 12) });
    client.change(URI, 5, live);
    assert.ok(list.items.some((i) => i.label === 'hyperv-2008-r2'));
  });

  it('codeAction returns the quick-migration edit', async () => {
    const diagnostics = await client.diagnostics(URI, (p) => p.version === 5);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const fix = actions.find((a) => a.title === 'Use quick migration')!;
    assert.deepEqual(fix.edit!.changes![URI], [{ range: diagnostics[0].range, newText: '"quick"' }]);
  });

  it('rename changes every reference', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: URI }, position: position(live, '"hv-02"', 2), newName: 'hv-b' });
    assert.equal(edit.changes![URI].length, 2);
    await assert.rejects(
      client.request('textDocument/rename', { textDocument: { uri: URI }, position: position(live, '"hv-02"', 2), newName: 'hv-01' }),
      /already named/,
    );
  });

  it('documentSymbol lists hosts, clusters and VMs', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(symbols.map((s) => s.name), ['Hosts', 'Clusters', 'VMs']);
  });

  it('answers every request on a half-typed document', async () => {
    const half = live.slice(0, live.indexOf('"vcpus"') + 4);
    client.change(URI, 6, half);
    const diagnostics = await client.diagnostics(URI, (p) => p.version === 6);
    assert.ok(diagnostics.some((d) => d.code === 'parse-error'));
    const at = position(half, '"host"', 3);
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/documentSymbol']) {
      await client.request(method, { textDocument: { uri: URI }, position: at, context: { includeDeclaration: true } });
    }
    assert.equal(client.exitCode, null);
  });

  it('requests on an unknown document are answered empty', async () => {
    const other = { textDocument: { uri: 'file:///nowhere.virtplan.json' }, position: { line: 0, character: 0 } };
    assert.equal(await client.request('textDocument/hover', other), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', other), []);
  });

  it('a severity setting applies after didChangeConfiguration', async () => {
    client.settings = { validation: { delay: 0 }, severity: { 'live-migration-unsupported': 'warning' } };
    client.change(URI, 7, live);
    client.notifyServer('workspace/didChangeConfiguration', { settings: {} });
    const diagnostics = await client.diagnostics(URI, (p) => p.version === 7 && p.diagnostics.some((d: Diagnostic) => d.severity === 2));
    assert.equal(diagnostics[0].code, 'live-migration-unsupported');
  });
});

describe('the built server with a pull-diagnostics client', () => {
  const client = new TestClient();
  after(() => client.stop());

  it('answers textDocument/diagnostic', async () => {
    const { capabilities } = await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
    assert.ok(capabilities.diagnosticProvider);
    client.open(URI, live);
    const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: URI } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items.map((d) => d.code), ['live-migration-unsupported']);
  });
});

describe('the built server with a client that registers configuration changes dynamically', () => {
  const client = new TestClient();
  const registrations: Array<{ method: string; registerOptions?: { section?: unknown } }> = [];

  before(async () => {
    client.connection.onRequest('client/registerCapability', (params: { registrations: typeof registrations }) => {
      registrations.push(...params.registrations);
      return null;
    });
    client.settings = { validation: { delay: 0 } };
    await client.initialize({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } });
  });
  after(() => client.stop());

  it('asks to hear when the virtplan settings change, since it pulls them', async () => {
    // The server asks as it starts; a request answered after that has seen its registrations.
    await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.virtplan.json' }, position: { line: 0, character: 0 } });
    const registration = registrations.find((r) => r.method === 'workspace/didChangeConfiguration');
    assert.deepEqual(registration?.registerOptions, { section: 'virtplan' });
  });
});
