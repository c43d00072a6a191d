import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { loadCatalog } from '../../server/src/catalog/catalog';
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

/** Names a hostile plan gives its hosts, clusters and products: each would render as something else if not escaped. */
const HOSTILE = [
  '[click me](https://evil.example/steal)',
  '![x](https://evil.example/pixel.png)',
  '# Heading',
  '`code` and ``more``',
  '<img src=https://evil.example/x.png onerror=alert(1)>',
  'https://evil.example/autolink and www.evil.example and me@evil.example',
  'two\nlines\n## and a heading',
  '**bold** _em_ ~~gone~~ | cell | &lt;entity&gt;',
  'x'.repeat(500) + '[late](https://evil.example/late)',
];

/**
 * What a reader sees of hover Markdown, rendered as an editor renders it: GitHub-style
 * autolinks on, raw HTML allowed through (so an unescaped tag would show up as one).
 */
const renderer = new MarkdownIt({ html: true, linkify: true });

function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('security: a rendered hover shows plan text as text', () => {
  const catalogUrls = new Set([...loadCatalog().sources.values()].map((s) => s.url).filter(Boolean));

  for (const hostile of HOSTILE) {
    it(`a host, cluster and product named ${JSON.stringify(hostile.slice(0, 40))} render as plain text`, async () => {
      const text = planText((p) => {
        p.hosts[0].name = hostile;
        p.vms[0].host = hostile;
        p.clusters[0].nodes[0] = hostile;
        p.clusters[0].name = hostile;
        p.hosts[1].product = hostile;
        p.vms.push({ ...p.vms[0], name: 'web-02', host: `${hostile} (missing)` });
      });
      const client = new TestClient();
      try {
        await client.initialize();
        const uri = 'file:///hostile.virtplan.json';
        client.open(uri, text);
        await client.diagnostics(uri);
        /** The position `into` characters into the first `needle`: by default inside its value. */
        const at = (needle: string, skip = 0, into = needle.indexOf(': "') + 4) => {
          let offset = -1;
          for (let i = 0; i <= skip; i++) offset = text.indexOf(needle, offset + 1);
          assert.ok(offset >= 0, `the plan has ${needle}`);
          const before = text.slice(0, offset + Math.max(into, 2)).split('\n');
          return { line: before.length - 1, character: before[before.length - 1].length };
        };
        const json = JSON.stringify(hostile);
        const missing = `${hostile} (missing)`;
        const places: Array<[string, { line: number; character: number }, string]> = [
          ['a host name', at(`"name": ${json}`), hostile],
          ["a VM's host", at(`"host": ${json}`), hostile],
          ['a missing host', at(`"host": ${JSON.stringify(missing)}`), missing],
          ['an unknown product', at(`"product": ${json}`), hostile],
          ['a known product on that host', at('"product": "hyperv-2008"', 0, 12), hostile],
          ['migration on that host', at('"migration"'), hostile],
        ];
        for (const [where, position, name] of places) {
          const hover = (await client.request('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
          assert.ok(hover, `a hover on ${where}`);
          const content = hover.contents as MarkupContent;
          assert.equal(content.kind, 'markdown');
          assert.equal(Object.keys(hover.contents).sort().join(), 'kind,value', 'no isTrusted or supportHtml');
          const html = renderer.render(content.value);
          assert.doesNotMatch(html.replace(/<em>\((recalled|estimate)\)<\/em>/g, ''), /<img|<h[1246]|<script|<[^>]*onerror=|<del|<s>|<em>|<strong>bold/, `${where}: nothing but the hover's own markup\n${html}`);
          assert.ok((html.match(/<h3>/g) ?? []).length <= 1, `${where}: one heading at most`);
          for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) {
            assert.ok(catalogUrls.has(href.replace(/&amp;/g, '&')), `${where}: a link to ${href}, not a catalog source`);
          }
          for (const [, code] of html.matchAll(/<code>([^<]*)<\/code>/g)) assert.doesNotMatch(code, /evil|code|Heading/, `${where}: plan text in a code span`);
          // Clipped as messages clip it; a line break shown as its escape, not acted on.
          const expected = (name.length > 60 ? name.slice(0, 59) + '…' : name).replace(/\n/g, '\\u000a');
          assert.ok(visibleText(html).includes(`"${expected}"`), `${where}: the name shows as written\n${visibleText(html)}`);
        }
      } finally {
        await client.stop();
      }
    });
  }

  it('the client never trusts Markdown or lets HTML through', () => {
    const files = readdirSync(join(repoRoot(), 'src')).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 2);
    for (const file of files) {
      const source = readFileSync(join(repoRoot(), 'src', file), 'utf8');
      assert.doesNotMatch(source, /isTrusted|supportHtml/);
    }
  });
});
