import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocumentSyncKind } from 'vscode-languageserver-protocol';
import { initializeResult } from '../../server/src/capabilities';
import { firstInitialize, overStdio } from '../../server/src/early-initialize';
import { planText } from '../helpers';
import { repoRoot } from './lsp-client';
import { frame, RawServer, type RawMessage } from './raw-client';

/*
 * dist/server.js answers `initialize` before it loads the server (dist/server-main.js), which
 * then reads the same messages from the start. Held here to the server run on its own: the
 * same answers, one answer to `initialize`, and every message that came right behind it.
 */

const plan = planText((p) => (p.vms[0].migration = 'live'));
const uri = 'file:///early.virtplan.json';
/** Inside the first product id, where a hover has contents. */
const onProduct = (() => {
  const lines = plan.slice(0, plan.indexOf('"hyperv-2008"') + 3).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
})();

const clients: Array<{ name: string; id: number | string; params: object }> = [
  { name: 'a client that says nothing of itself', id: 0, params: { processId: null, rootUri: null, capabilities: {} } },
  {
    name: 'a client with pull diagnostics, settings and a trace, and a string id',
    id: 'init',
    params: {
      processId: process.pid,
      rootUri: 'file:///work',
      workspaceFolders: [{ uri: 'file:///work', name: 'work' }],
      trace: 'off',
      initializationOptions: { triggerSuggest: true },
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: true }, completion: { completionItem: { snippetSupport: true } } },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    },
  },
];

/** Everything a client sends at its start, in one write, before any answer has come. */
function startOfSession(id: number | string, params: object): string {
  return [
    frame({ id, method: 'initialize', params }),
    frame({ method: 'initialized', params: {} }),
    frame({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'virtplan', version: 1, text: plan } } }),
    frame({ id: 101, method: 'textDocument/hover', params: { textDocument: { uri }, position: onProduct } }),
    frame({ id: 102, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } }),
    frame({ id: 103, method: 'textDocument/diagnostic', params: { textDocument: { uri } } }),
  ].join('');
}

interface Transcript {
  initialize: RawMessage[];
  hover: unknown;
  symbols: unknown;
  pulled: unknown;
  published: unknown;
}

async function transcript(bundle: string, id: number | string, params: object): Promise<Transcript> {
  const server = new RawServer(bundle);
  try {
    server.write(startOfSession(id, params));
    const hover = await server.response(101);
    const symbols = await server.response(102);
    const pulled = await server.response(103);
    // A client that pulls diagnostics is sent none.
    const pulls = !!(params as { capabilities: { textDocument?: { diagnostic?: object } } }).capabilities.textDocument?.diagnostic;
    const published = pulls ? undefined : await server.until(() => server.published(uri)[0], 'diagnostics');
    // A second answer to initialize would have been written before the later answers.
    return { initialize: server.received.filter((m) => m.id === id && m.method === undefined), hover, symbols, pulled, published };
  } finally {
    server.kill();
  }
}

describe('the initialize answer sent before the server is loaded', () => {
  for (const client of clients) {
    it(`${client.name}: the server's own answers, initialize answered once`, async () => {
      const early = await transcript('server.js', client.id, client.params);
      const alone = await transcript('server-main.js', client.id, client.params);
      assert.equal(early.initialize.length, 1, JSON.stringify(early.initialize));
      assert.equal(alone.initialize.length, 1);
      assert.deepEqual(early, alone);
      assert.ok((early.hover as RawMessage).result, 'the hover right behind initialize has contents');
    });
  }

  it('leaves a session that does not start with initialize to the server', async () => {
    const run = async (bundle: string) => {
      const server = new RawServer(bundle);
      try {
        server.write(frame({ id: 5, method: 'textDocument/hover', params: { textDocument: { uri }, position: onProduct } }) + startOfSession(6, clients[0].params));
        return { before: await server.response(5), initialize: await server.response(6), symbols: await server.response(102) };
      } finally {
        server.kill();
      }
    };
    assert.deepEqual(await run('server.js'), await run('server-main.js'));
  });

  it('answers with the incremental sync the protocol names', () => {
    assert.equal(initializeResult({ processId: null, rootUri: null, capabilities: {} }).capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
  });

  it("over Node's IPC channel, as VS Code starts the server: the same answers, initialize answered once", async () => {
    const run = async (bundle: string) => {
      const child = fork(join(repoRoot(), 'dist', bundle), ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      const received: RawMessage[] = [];
      // A request of the server's answered as it is killed fails on the closed channel: nothing to report.
      child.on('error', () => undefined);
      const answered = new Promise<void>((resolve) =>
        child.on('message', (message: RawMessage) => {
          received.push(message);
          // The server's own requests (settings, registrations) are answered as a client does.
          if (message.method !== undefined && message.id !== undefined && child.connected) child.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [{}] : null });
          if (message.id === 102 && message.method === undefined) resolve();
        }),
      );
      try {
        child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: clients[1].params });
        child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
        child.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'virtplan', version: 1, text: plan } } });
        child.send({ jsonrpc: '2.0', id: 102, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
        await answered;
        const answers = received.filter((m) => m.method === undefined);
        return { initialize: answers.filter((m) => m.id === 1), symbols: answers.find((m) => m.id === 102) };
      } finally {
        child.kill('SIGKILL');
      }
    };
    const early = await run('server.js');
    assert.equal(early.initialize.length, 1);
    assert.deepEqual(early, await run('server-main.js'));
  });
});

/** Runs overStdio on a stream fed `pieces` one turn apart; what it answered, and every byte the server would read. */
async function handOver(pieces: string[], waitMs = 5_000): Promise<{ answer: RawMessage | undefined; read: string; answeredBeforeStart: boolean }> {
  const stream = new PassThrough();
  let answer: RawMessage | undefined;
  let started = false;
  let answeredBeforeStart = false;
  const read: Buffer[] = [];
  const done = new Promise<void>((resolve) => {
    overStdio(
      stream,
      (text) => {
        answer = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as RawMessage;
        answeredBeforeStart = !started;
      },
      () => {
        started = true;
        // As the server's reader does: listen, and let the paused stream flow.
        stream.on('data', (chunk: Buffer) => read.push(chunk));
        stream.on('end', resolve);
        stream.resume();
      },
      waitMs,
    );
  });
  for (const piece of pieces) {
    stream.write(Buffer.from(piece, 'utf8'));
    await new Promise((resolve) => setImmediate(resolve));
  }
  // A first message cut short is waited for, not ended: the end would say it never comes.
  if (waitMs < 1_000) await new Promise((resolve) => setTimeout(resolve, waitMs * 3));
  stream.end();
  await done;
  return { answer, read: Buffer.concat(read).toString('utf8'), answeredBeforeStart };
}

/** `text` cut at `cuts` (offsets in UTF-16 units, kept off surrogate pairs by the text's characters). */
function cut(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  return [...at, text.length].map((end, i) => text.slice(i === 0 ? 0 : at[i - 1], end));
}

describe('reading the first message before the server', () => {
  const initialize = frame({ id: 3, method: 'initialize', params: { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } } });
  const after = frame({ method: 'initialized', params: {} }) + frame({ id: 4, method: 'shutdown' });

  it('answers an initialize that comes in any pieces, and hands on every byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), async (cuts) => {
        const { answer, read, answeredBeforeStart } = await handOver(cut(initialize + after, cuts));
        assert.deepEqual(answer, { jsonrpc: '2.0', id: 3, result: JSON.parse(JSON.stringify(initializeResult({ processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } }))) });
        assert.ok(answeredBeforeStart);
        assert.equal(read, initialize + after);
      }),
      { numRuns: 40 },
    );
  });

  const others: Array<[string, string]> = [
    ['another request first', frame({ id: 1, method: 'textDocument/hover', params: {} }) + initialize],
    ['a notification first', frame({ method: 'initialized', params: {} }) + initialize],
    ['no Content-Length', 'Content-Type: application/json\r\n\r\n{}' + initialize],
    ['a body that is not JSON', 'Content-Length: 5\r\n\r\n{oops' + initialize],
    ['initialize without capabilities', frame({ id: 1, method: 'initialize', params: {} })],
    ['a batch', `Content-Length: 2\r\n\r\n[]`],
    ['a header line without a colon', 'Content-Length 2\r\n\r\n{}'],
  ];
  for (const [name, text] of others) {
    it(`${name}: no answer, every byte handed on`, async () => {
      const { answer, read } = await handOver(cut(text, [7, 30]));
      assert.equal(answer, undefined);
      assert.equal(read, text);
    });
  }

  it('hands on a first message that does not come whole in time, unanswered', async () => {
    const half = initialize.slice(0, initialize.length - 10);
    const { answer, read } = await handOver([half], 20);
    assert.equal(answer, undefined);
    assert.equal(read, half);
  });

  it('tells a whole initialize from an incomplete one at every length', () => {
    for (let end = 0; end < initialize.length; end++) assert.equal(firstInitialize(Buffer.from(initialize.slice(0, end))), 'incomplete', `at ${end}`);
    assert.equal((firstInitialize(Buffer.from(initialize)) as { id: number }).id, 3);
  });
});
