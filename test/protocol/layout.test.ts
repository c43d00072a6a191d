import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import type { DocumentHighlight, FoldingRange, SelectionRange, TextEdit } from 'vscode-languageserver-protocol';
import { TestClient } from './lsp-client';

const URI = 'file:///work/layout.virtplan.json';
const text = '{"name":"p", // the plan\n"hosts":[{"name":"h1","product":"esx-3.5",\n"hardware":{"sockets":2}}],\n"vms":[{"name":"v","host":"h1"}]}';
const lines = text.split('\n');
const offsetAt = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;

describe('layout features of the built server', () => {
  const client = new TestClient();
  let capabilities: any;

  before(async () => {
    capabilities = (await client.initialize({ textDocument: { foldingRange: { rangeLimit: 100 } } })).capabilities;
    client.open(URI, text);
  });
  after(() => client.stop());

  it('declares formatting, folding, selection ranges and highlights', () => {
    for (const key of ['documentFormattingProvider', 'documentRangeFormattingProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'documentHighlightProvider']) {
      assert.ok(capabilities[key], key);
    }
  });

  it('formats with the editor options, keeping the comment', async () => {
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: URI }, options: { tabSize: 4, insertSpaces: true } });
    const formatted = applyEdits(text, edits.map((e) => ({ offset: offsetAt(e.range.start), length: offsetAt(e.range.end) - offsetAt(e.range.start), content: e.newText })));
    assert.ok(formatted.startsWith('{\n    "name": "p", // the plan\n    "hosts": [\n        {\n'), formatted);
  });

  it('folds the multi-line containers', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.deepEqual(ranges.map((r) => [r.startLine, r.endLine]), [[0, 2]]);
  });

  it('expands a selection from a host reference outwards', async () => {
    const at = { line: 3, character: lines[3].indexOf('"h1"') + 2 };
    const [range] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: URI }, positions: [at] });
    const covered = (r: SelectionRange) => text.slice(offsetAt(r.range.start), offsetAt(r.range.end));
    assert.equal(covered(range), 'h1');
    assert.equal(covered(range.parent!.parent!), '"host":"h1"');
  });

  it('highlights a host name where it is declared and used', async () => {
    const at = { line: 3, character: lines[3].indexOf('"h1"') + 2 };
    const found = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: URI }, position: at });
    assert.deepEqual(found.map((h) => h.range.start.line).sort(), [1, 3]);
  });
});
