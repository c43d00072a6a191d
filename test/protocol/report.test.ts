import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REPORT_REQUEST, type ReportResult } from '../../server/src/protocol';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

const URI = 'file:///work/report.virtplan.json';

describe('the capacity report over the protocol', () => {
  const client = new TestClient();
  before(async () => {
    await client.initialize({});
    client.open(URI, planText((p) => (p.vms[0].migration = 'live')));
  });
  after(() => client.stop());

  it('answers an open plan’s report in the editor’s theme, its lines linked to the command asked for', async () => {
    const head = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">';
    const { html } = await client.request<ReportResult>(REPORT_REQUEST, { uri: URI, revealCommand: 'virtplan.revealLine', head });
    assert.ok(html);
    assert.ok(html.includes(head), 'the page carries the client’s policy');
    assert.match(html, /var\(--vscode-foreground\)/);
    assert.match(html, /live-migration-unsupported/);
    const link = /href="command:virtplan\.revealLine\?([^"]+)"/.exec(html);
    assert.ok(link, 'a diagnostic links to its line');
    const [uri, line] = JSON.parse(decodeURIComponent(link[1])) as [string, number];
    assert.equal(uri, URI);
    assert.equal(typeof line, 'number');
    assert.doesNotMatch(html, /<script/i);
  });

  it('follows an edit', async () => {
    client.change(URI, 2, planText());
    const { html } = await client.request<ReportResult>(REPORT_REQUEST, { uri: URI });
    assert.doesNotMatch(html ?? '', /live-migration-unsupported/);
    assert.doesNotMatch(html ?? '', /command:/, 'no links when no command is given');
  });

  it('answers null for a document that is not open', async () => {
    assert.deepEqual(await client.request<ReportResult>(REPORT_REQUEST, { uri: 'file:///nowhere.virtplan.json' }), { html: null });
  });
});
