import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { generatePlanText } from '../../bench/generate';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

function rssMB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

describe('the server under hostile input and load', () => {
  const client = new TestClient();

  before(async () => {
    client.settings = { validation: { delay: 150 }, maxFileSizeMB: 5 };
    await client.initialize({ workspace: { configuration: true } });
  });
  after(() => client.stop());

  it('a plan above maxFileSizeMB gets one diagnostic saying why, and features answer empty', async () => {
    const uri = 'file:///big.virtplan.json';
    const big = generatePlanText({ vms: 25_000 });
    assert.ok(big.length > 5 * 1024 * 1024);
    client.open(uri, big);
    // Settings arrive just after initialization; the server checks its open plans again then.
    const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'file-too-large'));
    assert.deepEqual(diagnostics.map((d) => d.code), ['file-too-large']);
    assert.match(diagnostics[0].message as string, /virtplan\.maxFileSizeMB/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } }), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    client.notifyServer('textDocument/didClose', { textDocument: { uri } });
  });

  const hostile: Record<string, string> = {
    empty: '',
    'byte-order mark': '\uFEFF' + planText(),
    'mixed line endings': planText().replace(/\n/g, (_, i: number) => (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\r' : '\n')),
    'lone surrogates and NUL': planText().replace('"Test plan"', '"a\u0000b\uDC00"').replace('"web-01"', '"w\uD800"'),
    'deep nesting': '['.repeat(100_000) + ']'.repeat(100_000),
    'deep nesting, unclosed': '{"a":'.repeat(100_000),
    'huge and negative-zero numbers': planText((p) => (p.vms[0].vcpus = 2)).replace('"memoryGB": 4', '"memoryGB": 1e400').replace('"sockets": 2', '"sockets": -0'),
    'top-level array': '[' + planText() + ']',
    'duplicate keys': planText().replace('"vcpus": 2,', '"vcpus": 2, "vcpus": 3,'),
    'a very long string': planText((p) => (p.hosts[0].product = 'x'.repeat(2_000_000))),
    'binary garbage': Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join(''),
  };
  for (const [name, text] of Object.entries(hostile)) {
    it(`${name}: a clear diagnostic, ranges inside the text, the server alive`, async () => {
      const uri = `file:///hostile/${encodeURIComponent(name)}.virtplan.json`;
      client.open(uri, text);
      const diagnostics = await client.diagnostics(uri);
      const lines = text.split(/\r\n|\r|\n/);
      for (const d of diagnostics) {
        assert.ok(d.range.start.line < lines.length && d.range.end.line < lines.length, `${d.code} range inside the text`);
        assert.ok((d.message as string).length < 600, `${d.code} message stays readable (${(d.message as string).length} characters)`);
      }
      for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol', 'textDocument/definition']) {
        await client.request(method, { textDocument: { uri }, position: { line: 0, character: 1 } });
      }
      client.notifyServer('textDocument/didClose', { textDocument: { uri } });
      assert.equal(client.exitCode, null, 'the server is alive');
      if (name !== 'byte-order mark' && name !== 'mixed line endings') assert.ok(diagnostics.length > 0, 'something is reported');
      if (name === 'duplicate keys') assert.ok(diagnostics.some((d: Diagnostic) => /written twice/.test(d.message as string)));
      if (name === 'binary garbage') assert.ok(diagnostics.filter((d) => d.code === 'parse-error').length <= 20, 'syntax errors are capped');
    });
  }

  it('a storm of 10,000 edits publishes only the last version, and memory comes back down', async () => {
    const uri = 'file:///storm.virtplan.json';
    const text = generatePlanText({ vms: 1000 });
    client.open(uri, text, 1);
    await client.diagnostics(uri, (p) => p.version === 1);
    const baseline = rssMB(client.child.pid!);
    const before = client.published.length;
    const offsetOf = (needle: string) => text.indexOf(needle);
    let version = 1;
    for (let i = 0; i < 10_000; i++) {
      version++;
      const at = offsetOf('"vcpus": ') + 9;
      const line = text.slice(0, at).split('\n').length - 1;
      const character = at - (text.lastIndexOf('\n', at - 1) + 1);
      client.notifyServer('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: String((i % 4) + 1) }],
      });
    }
    await client.diagnostics(uri, (p) => p.version === version, 60_000);
    const during = client.published.slice(before).filter((p) => p.uri === uri);
    assert.deepEqual([...new Set(during.map((p) => p.version))], [version], `only the last version was published (${during.length} publications)`);
    const after = rssMB(client.child.pid!);
    assert.ok(after < baseline + 150, `memory near its baseline: ${baseline.toFixed(0)} MB before, ${after.toFixed(0)} MB after`);
  });
});
