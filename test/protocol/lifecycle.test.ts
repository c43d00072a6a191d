import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { frame, RawServer } from './raw-client';

const live = planText((p) => (p.vms[0].migration = 'live'));
/** Inside the first product id, where a hover has contents. */
const onProduct = (() => {
  const lines = live.slice(0, live.indexOf('"hyperv-2008"') + 3).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
})();
const hover = (id: number, uri: string) => frame({ id, method: 'textDocument/hover', params: { textDocument: { uri }, position: onProduct } });
const open = (uri: string, text: string) => frame({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'virtplan', version: 1, text } } });

async function withServer(run: (server: RawServer) => Promise<void>): Promise<void> {
  const server = new RawServer();
  try {
    await server.initialize();
    await run(server);
  } finally {
    server.kill();
  }
}

describe('the server’s life over the wire', () => {
  it('a cancelled request is answered RequestCancelled, and the next request is answered in full', () =>
    withServer(async (server) => {
      const uri = 'file:///cancel.virtplan.json';
      server.write(open(uri, live));
      await server.until(() => server.published(uri)[0], 'diagnostics');
      // The request and its cancellation in one write: the server reads both before it answers.
      server.write(hover(7, uri) + frame({ method: '$/cancelRequest', params: { id: 7 } }));
      const cancelled = await server.response(7);
      assert.equal(cancelled.error?.code, -32800, JSON.stringify(cancelled));
      server.write(hover(8, uri));
      const answered = await server.response(8);
      assert.equal(answered.error, undefined);
      assert.ok(answered.result, 'the next hover has contents');
    }));

  it('after shutdown, requests are refused with InvalidRequest, nothing is published, and exit ends the process with 0', () =>
    withServer(async (server) => {
      const uri = 'file:///before.virtplan.json';
      server.write(open(uri, live));
      await server.until(() => server.received.find((m) => m.method === 'workspace/configuration'), 'the settings request');
      // Answered in order, so the settings (and the check they start) are in before this answer.
      server.write(hover(19, uri));
      await server.response(19);
      const publishedBefore = server.published(uri).length;
      assert.ok(publishedBefore >= 1);
      server.write(frame({ id: 20, method: 'shutdown' }));
      assert.deepEqual((await server.response(20)).error, undefined);
      const later = 'file:///after.virtplan.json';
      server.write(open(later, live));
      server.write(frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: planText() }] } }));
      const requests = ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol', 'textDocument/codeAction', 'textDocument/definition'];
      requests.forEach((method, i) =>
        server.write(
          frame({
            id: 21 + i,
            method,
            params: { textDocument: { uri }, position: { line: 3, character: 5 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } },
          }),
        ),
      );
      for (let i = 0; i < requests.length; i++) {
        const answer = await server.response(21 + i);
        assert.equal(answer.error?.code, -32600, `${requests[i]} after shutdown: ${JSON.stringify(answer)}`);
      }
      // A request sent after the changes is answered after them: anything they published is in by now.
      assert.deepEqual(server.published(later), []);
      assert.equal(server.published(uri).length, publishedBefore, 'the change was not checked');
      server.write(frame({ method: 'exit' }));
      assert.equal(await server.exitCode(10_000), 0);
    }));

  const broken: Record<string, (next: string) => string> = {
    'a Content-Length that is not a number': (next) => 'Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}' + next,
    'a Content-Length too short for its body': (next) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 30, method: 'textDocument/hover', params: {} });
      return `Content-Length: ${body.length - 10}\r\n\r\n${body}${next}`;
    },
    'a Content-Length longer than its body, the next message swallowed': (next) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 30, method: 'shutdown' });
      return `Content-Length: ${body.length + 40}\r\n\r\n${body}${next}`;
    },
    'a body that is not JSON': (next) => 'Content-Length: 9\r\n\r\nnot json!' + next,
  };
  for (const [name, bytes] of Object.entries(broken)) {
    it(`${name}: the server says why on stderr and exits, rather than living on deaf`, () =>
      withServer(async (server) => {
        server.write(bytes(hover(31, 'file:///x.virtplan.json')));
        const code = await server.exitCode(15_000);
        assert.equal(code, 1, `the server exited (stderr: ${server.stderr})`);
        assert.match(server.stderr, /^virtplan: cannot read the client's messages \(.+\); the language server stops so that the client can start it again\.$/m);
      }));
  }
});
