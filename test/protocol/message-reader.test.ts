import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { StreamMessageReader, type MessageReader, type PartialMessageInfo } from 'vscode-languageserver/node';
import { DecodingMessageReader } from '../../server/src/message-reader';

interface Read {
  messages: unknown[];
  errors: string[];
}

/** Feeds the same pieces of bytes to a reader and collects what it reads and every error it reports. */
async function readWith(make: (stream: PassThrough) => MessageReader, pieces: Buffer[]): Promise<Read> {
  const stream = new PassThrough();
  const reader = make(stream);
  const read: Read = { messages: [], errors: [] };
  reader.onError((error) => read.errors.push(error.message));
  reader.listen((message) => read.messages.push(message));
  for (const piece of pieces) stream.write(piece);
  // vscode-jsonrpc decodes a body in a promise: let every turn of its reading finish.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  reader.dispose();
  return read;
}

/** The bytes cut at the given places (in any order, repeats allowed). */
function cutAt(bytes: Buffer, places: number[]): Buffer[] {
  const cuts = [...new Set(places.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const to of cuts) {
    if (to > from) pieces.push(bytes.subarray(from, to));
    from = Math.max(from, to);
  }
  if (from < bytes.length) pieces.push(bytes.subarray(from));
  return pieces;
}

function frame(body: string, headerName = 'Content-Length', extra = ''): Buffer {
  return Buffer.from(`${headerName}: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`, 'utf8');
}

/** Text with characters of one to four UTF-8 bytes, so cuts fall inside characters. */
const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', 'é', '€', '😀', '\u2028', ' ', '{') });

const message = fc.record({
  jsonrpc: fc.constant('2.0'),
  method: fc.constantFrom('textDocument/didOpen', 'textDocument/hover', '$/cancelRequest'),
  params: fc.record({ text, value: fc.jsonValue({ maxDepth: 3 }) }),
});

const oracle = (stream: PassThrough) => new StreamMessageReader(stream);
const decoding = (stream: PassThrough) => new DecodingMessageReader(stream);

describe('the message reader', () => {
  it('reads what vscode-jsonrpc reads, however the bytes are cut into pieces', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(message, fc.constantFrom('Content-Length', 'content-length', 'CONTENT-LENGTH'), fc.constantFrom('', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n')), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (messages, places) => {
          const bytes = Buffer.concat(messages.map(([body, header, extra]) => frame(JSON.stringify(body), header, extra)));
          const pieces = cutAt(bytes, places);
          const expected = await readWith(oracle, pieces);
          const actual = await readWith(decoding, pieces);
          assert.deepEqual(actual, expected);
          assert.equal(actual.messages.length, messages.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a large body arriving in many pieces as one message', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'é€😀 plan '.repeat(200_000) } });
    const bytes = frame(body);
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 65_536) pieces.push(bytes.subarray(at, at + 65_536));
    const actual = await readWith(decoding, pieces);
    assert.deepEqual(actual, { messages: [JSON.parse(body)], errors: [] });
  });

  const broken: Record<string, string> = {
    'a Content-Length that is not a number': 'Content-Length: twelve\r\n\r\n{}',
    'no Content-Length': 'Content-Type: application/json\r\n\r\n{}',
    'a header without a colon': 'Content-Length 2\r\n\r\n{}',
    'a body that is not JSON': 'Content-Length: 9\r\n\r\nnot json!',
    'a Content-Length too short for its body': 'Content-Length: 5\r\n\r\n{"a":1}',
  };
  for (const [name, bytes] of Object.entries(broken)) {
    it(`${name}: an error, as vscode-jsonrpc reports one, and the messages before it`, async () => {
      const good = frame(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} }));
      const pieces = [good, Buffer.from(bytes, 'utf8')];
      const expected = await readWith(oracle, pieces);
      const actual = await readWith(decoding, pieces);
      assert.equal(expected.errors.length > 0, true, 'the oracle reports it');
      assert.deepEqual(actual.messages, expected.messages);
      assert.equal(actual.errors.length, 1);
    });
  }

  it('says, every 10 s with nothing arriving, that a message is still incomplete, and stops once it is whole', async () => {
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const stream = new PassThrough();
      const reader = new DecodingMessageReader(stream);
      const partial: PartialMessageInfo[] = [];
      const messages: unknown[] = [];
      reader.onPartialMessage((info) => partial.push(info));
      reader.listen((m) => messages.push(m));
      const whole = frame(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} }));
      // A whole message first, then half of the next one.
      stream.write(Buffer.concat([whole, whole.subarray(0, 30)]));
      await turn();
      mock.timers.tick(9_999);
      assert.deepEqual(partial, []);
      mock.timers.tick(1);
      mock.timers.tick(10_000);
      assert.deepEqual(partial, [
        { messageToken: 1, waitingTime: 10_000 },
        { messageToken: 1, waitingTime: 10_000 },
      ]);
      stream.write(whole.subarray(30));
      await turn();
      mock.timers.tick(30_000);
      assert.equal(partial.length, 2);
      assert.equal(messages.length, 2);
      reader.dispose();
    } finally {
      mock.timers.reset();
    }
  });
});
