import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { TestClient } from './lsp-client';

const URI = 'file:///work/typing.virtplan.json';
const HOSTS = '{"name":"p","hosts":[{"name":"hv-01","product":"hyperv-2008","edition":"enterprise"}]';

/** Where auto-closing leaves the cursor, with no space added: the text with `|` at the cursor, and a label that must be offered. */
const CASES: Array<[string, string]> = [
  ['{|}', 'hosts'],
  ['{"name":"p","hosts":[{"name":"h","product":"hyperv-2008","updates":[|]}]}', 'KB956710'],
  [`${HOSTS},"clusters":[{"name":"c","nodes":[|]}]}`, 'hv-01'],
  [`${HOSTS},"vms":[{"host":|}]}`, 'hv-01'],
  [`${HOSTS},"vms":[{"host":"|"}]}`, 'hv-01'],
  ['{"name":"p","hosts":[|]}', '{}'],
  ['{"name":"p","hosts":[{"name":"h","product":|', 'vmware-esx-3.5'],
];

describe('completion over the protocol, where the editor leaves the cursor', () => {
  const client = new TestClient();

  before(async () => {
    await client.initialize({ textDocument: { completion: { completionItem: { snippetSupport: true } } } }, { triggerSuggest: true });
  });
  after(() => client.stop());

  it('offers what goes there at {|}, [|], "|", the end of the file and before a closing bracket', async () => {
    let version = 1;
    client.open(URI, '', version);
    for (const [marked, label] of CASES) {
      const offset = marked.indexOf('|');
      const text = marked.replace('|', '');
      client.change(URI, ++version, text);
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: offset } });
      const labels = list.items.map((i: CompletionItem) => i.label);
      assert.ok(labels.includes(label), `${label} offered at ${marked}; got ${labels.join(', ')}`);
    }
  });

  it('a property item opens its value’s suggestions for a client that asked', async () => {
    client.change(URI, 100, '{"name":"p","hosts":[{}]}');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: 22 } });
    assert.equal(list.items.find((i) => i.label === 'product')?.command?.command, 'editor.action.triggerSuggest');
  });
});
