import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol, InlayHint } from 'vscode-languageserver-protocol';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

/** Plans with a syntax error somewhere, \n or \r\n, with or without a byte-order mark. */
const planArb = fc.tuple(fc.constantFrom<[RegExp, string]>([/("name": "[^"]*"),/, '$1'], [/("vcpus": \d+),/, '$1 x,'], [/\}\s*$/, ''], [/"memoryGB": (\d+)/, '"memoryGB": $1 $1']), fc.boolean(), fc.boolean()).map(([[pattern, by], crlf, bom]) => {
  const text = planText().replace(pattern, by);
  return (bom ? '\ufeff' : '') + (crlf ? text.replace(/\n/g, '\r\n') : text);
});

const editArb = fc.record({ target: fc.constantFrom('number', 'number', 'string', 'anywhere'), which: fc.double({ min: 0, max: 0.999, noNaN: true }), at: fc.double({ min: 0, max: 0.999, noNaN: true }), removed: fc.constantFrom(0, 1, 2), text: fc.constantFrom('', '7', '12', 'x', ' ', '😀', ',', '"', '}') });

function place(text: string, edit: { target: string; which: number; at: number; removed: number }): { offset: number; removed: number } {
  const pattern = edit.target === 'number' ? /\d+/g : edit.target === 'string' ? /"[^"\n\\]*"/g : undefined;
  const tokens = pattern ? [...text.matchAll(pattern)] : [];
  if (!tokens.length) {
    const offset = Math.floor(edit.at * (text.length + 1));
    return { offset, removed: Math.min(edit.removed, text.length - offset) };
  }
  const token = tokens[Math.floor(edit.which * tokens.length)];
  const inner = edit.target === 'string' ? 1 : 0;
  const offset = token.index + inner + Math.floor(edit.at * (token[0].length - 2 * inner + 1));
  return { offset, removed: Math.min(edit.removed, token.index + token[0].length - inner - offset) };
}

describe('a broken plan typed into over the protocol', () => {
  const client = new TestClient();
  let n = 0;
  before(async () => {
    client.settings = { validation: { delay: 0 } };
    await client.initialize({ workspace: { configuration: true } });
  });
  after(() => client.stop());

  it('gets, after any sequence of edits and requests in between, the diagnostics, outline and hints of the text opened afresh', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, fc.array(fc.record({ edits: fc.array(editArb, { minLength: 1, maxLength: 3 }), ask: fc.boolean(), wait: fc.boolean() }), { minLength: 1, maxLength: 6 }), async (initial, notifications) => {
        const uri = `file:///work/typing-${++n}.virtplan.json`;
        let version = 1;
        let text = initial;
        client.open(uri, text, version);
        for (const { edits, ask, wait } of notifications) {
          const changes: TextDocumentContentChangeEvent[] = [];
          for (const edit of edits) {
            const { offset, removed } = place(text, edit);
            const doc = TextDocument.create(uri, 'virtplan', 1, text);
            const range = { start: doc.positionAt(offset), end: doc.positionAt(offset + removed) };
            changes.push({ range, text: edit.text });
            text = TextDocument.applyEdits(doc, [{ range, newText: edit.text }]);
          }
          version++;
          client.notifyServer('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
          if (ask) await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 12 } });
          if (ask) await client.request('textDocument/documentSymbol', { textDocument: { uri } });
          const v = version;
          if (wait) await client.diagnostics(uri, (p) => p.version === v);
        }
        const v = version;
        const published = await client.diagnostics(uri, (p) => p.version === v);
        const whole = { start: { line: 0, character: 0 }, end: { line: 10000, character: 0 } };
        const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
        const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: whole });
        const freshUri = `file:///work/fresh-${n}.virtplan.json`;
        client.open(freshUri, text, v);
        const fresh = await client.diagnostics(freshUri, (p) => p.version === v);
        assert.deepEqual(published, fresh);
        assert.deepEqual(symbols, await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: freshUri } }));
        assert.deepEqual(hints, await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: freshUri }, range: whole }));
        client.notifyServer('textDocument/didClose', { textDocument: { uri } });
        client.notifyServer('textDocument/didClose', { textDocument: { uri: freshUri } });
      }),
      { numRuns: RUNS },
    );
  });
});
