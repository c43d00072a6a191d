import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { planText } from '../helpers';
import { repoRoot, TestClient } from '../protocol/lsp-client';

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), ...args], (error) => resolve(error ? Number(error.code ?? 1) : 0));
  });
}

describe('security: an untrusted plan can make virtplan neither fetch, run nor write anything', () => {
  let server: Server;
  let requests = 0;
  let dir: string;
  let plan: string;
  let text: string;

  before(async () => {
    server = createServer((_, response) => {
      requests++;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'virtplan-security-'));
    const marker = join(dir, 'ran.txt');
    writeFileSync(join(dir, 'evil.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`);
    text = planText((p) => {
      p.$schema = `http://127.0.0.1:${port}/virtplan.schema.json`;
      p.vms[0].migration = 'live';
    }).replace('"name": "Test plan"', '"name": "Test plan", // see ./evil.js\n  "x-require": "./evil.js"');
    plan = join(dir, 'plan.virtplan.json');
    writeFileSync(plan, text);
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('the CLI fetches no $schema, runs no workspace file and leaves the plan as it was', async () => {
    const before = statSync(plan).mtimeMs;
    for (const format of ['text', 'json', 'sarif']) assert.equal(await runCli(['check', '--format', format, dir]), 1);
    assert.equal(requests, 0, 'no request reached the $schema address');
    assert.equal(existsSync(join(dir, 'ran.txt')), false, 'no workspace code ran');
    assert.equal(readFileSync(plan, 'utf8'), text);
    assert.equal(statSync(plan).mtimeMs, before);
  });

  it('the language server does the same through a whole editing session', async () => {
    const before = statSync(plan).mtimeMs;
    const client = new TestClient();
    try {
      await client.initialize({ workspace: { configuration: true } });
      const uri = pathToFileURL(plan).href;
      client.open(uri, text);
      const diagnostics = await client.diagnostics(uri);
      assert.ok(diagnostics.length > 0);
      const position = { line: 1, character: 20 };
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      await client.request('textDocument/completion', { textDocument: { uri }, position });
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
      await client.request('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 0 }, newName: 'x' }).catch(() => undefined);
      client.change(uri, 2, text.replace('"live"', '"quick"'));
      await client.diagnostics(uri, (p) => p.version === 2);
      client.notifyServer('textDocument/didClose', { textDocument: { uri } });
    } finally {
      await client.stop();
    }
    assert.equal(requests, 0, 'no request reached the $schema address');
    assert.equal(existsSync(join(dir, 'ran.txt')), false, 'no workspace code ran');
    assert.equal(readFileSync(plan, 'utf8'), text, 'the server only proposes edits; the plan on disk is untouched');
    assert.equal(statSync(plan).mtimeMs, before);
  });
});
