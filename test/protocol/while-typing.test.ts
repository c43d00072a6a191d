import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, Hover } from 'vscode-languageserver-protocol';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

const URI = 'file:///work/while-typing.virtplan.json';
const text = planText();
const lines = text.split('\n');
const vcpusLine = lines.findIndex((l) => l.includes('"vcpus": 2'));
const productLine = lines.findIndex((l) => l.includes('"product": "hyperv-2008"'));
const hostLine = lines.findIndex((l) => l.includes('"host": "hv-01"'));

describe('requests right after an edit, over the protocol', () => {
  const client = new TestClient();
  let version = 1;

  before(async () => {
    client.settings = { validation: { delay: 0 } };
    await client.initialize({ workspace: { configuration: true } });
    client.open(URI, text, version);
    await client.diagnostics(URI, (p) => p.version === version);
  });
  after(() => client.stop());

  /** Types spaces at the start of a line: a new version whose model is the same, with its places moved. */
  const indent = (line: number, spaces: string) => {
    version++;
    client.notifyServer('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: spaces }],
    });
  };

  it('answer from the new text: the places are those of the version the editor shows', async () => {
    const asked = () => ({
      hover: client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: productLine, character: 30 } }),
      completion: client.request<CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: { line: hostLine, character: 22 } }),
    });
    for (const spaces of [' ', '  ', '    ']) {
      indent(productLine, spaces);
      indent(hostLine, spaces);
      indent(vcpusLine, spaces);
      const before = asked();
      const [hover, completion] = [await before.hover, await before.completion];
      const v = version;
      await client.diagnostics(URI, (p) => p.version === v);
      const after = asked();
      assert.deepEqual(hover, await after.hover, 'the hover sent with the edit is the one after its check');
      assert.deepEqual(completion, await after.completion, 'the completion sent with the edit is the one after its check');
      assert.ok(hover.range && hover.range.start.character > 12, 'the hover range is on the indented line');
    }
  });

  it('an edit that reshapes the text is answered from the text as it now is', async () => {
    version++;
    const renamed = text.replace(/"hv-01"/g, '"hv-09"');
    client.change(URI, version, renamed);
    const completion = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: { line: hostLine, character: 18 } });
    assert.ok(completion.items.some((i) => i.label === 'hv-09'), completion.items.map((i) => i.label).join(', '));
  });

  it('a number retyped in a plan with a syntax error gets the diagnostics the new text gets when opened afresh', async () => {
    const brokenUri = 'file:///work/while-typing-broken.virtplan.json';
    const freshUri = 'file:///work/while-typing-fresh.virtplan.json';
    // A comma missing after the plan's name: the rest is still read, and checked.
    const broken = text.replace(/("name": "[^"]*"),/, '$1');
    assert.notEqual(broken, text);
    const brokenLines = broken.split('\n');
    const line = brokenLines.findIndex((l) => l.includes('"vcpus": 2'));
    const character = brokenLines[line].indexOf('2');
    let v = 1;
    client.open(brokenUri, broken, v);
    await client.diagnostics(brokenUri, (p) => p.version === v);
    let typed = broken;
    for (const digits of ['6', '64', '4', '128']) {
      v++;
      const old = typed.split('\n')[line].slice(character).match(/^\d+/)![0];
      client.notifyServer('textDocument/didChange', {
        textDocument: { uri: brokenUri, version: v },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + old.length } }, text: digits }],
      });
      typed = typed.split('\n').map((l, i) => (i === line ? l.slice(0, character) + digits + l.slice(character + old.length) : l)).join('\n');
      const published = await client.diagnostics(brokenUri, (p) => p.version === v);
      client.open(freshUri, typed, v);
      const fresh = await client.diagnostics(freshUri, (p) => p.version === v);
      client.notifyServer('textDocument/didClose', { textDocument: { uri: freshUri } });
      assert.ok(published.some((d) => d.code === 'parse-error'));
      // The retyped count is read: over the limit, then within it.
      assert.equal(published.some((d) => d.code === 'too-many-vcpus'), Number(digits) > 4);
      assert.deepEqual(published, fresh, `after typing ${digits}`);
    }
  });
});
