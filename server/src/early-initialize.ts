import { initializeResult } from './capabilities';

/*
 * The client waits for the answer to `initialize` before it sends anything else, and the answer
 * is plain data from the request (server/src/capabilities.ts). So the command that starts the
 * server reads the first message itself, answers it when it is `initialize`, and only then
 * loads the server, while the client goes on with its own start (sends `initialized`, opens
 * its documents). Every byte read is put back into the stream, so the server reads the same
 * messages from the start, `initialize` included (it sets the server up as usual); its own
 * answer to that request, the same data, is not sent a second time (server-runtime.ts).
 * Anything else first (another message, a broken one, nothing within a second) is left to the
 * server as it came.
 */

/** Where the id of the `initialize` request answered early is left for the server to read. */
const ANSWERED = Symbol.for('virtplan.initializeAnsweredEarly');

type RequestId = number | string;

/** The id of the `initialize` request already answered, once: the server drops its own answer to it. */
export function takeEarlyAnswer(): RequestId | undefined {
  const holder = globalThis as { [ANSWERED]?: RequestId };
  const id = holder[ANSWERED];
  delete holder[ANSWERED];
  return id;
}

/** How long the first message may take to arrive whole before it is left to the server. */
const FIRST_MESSAGE_WAIT_MS = 1_000;

/** Longer headers are not the base protocol's: the server says so. */
const MAX_HEADERS = 1 << 16;

interface Initialize {
  id: RequestId;
  params: Parameters<typeof initializeResult>[0];
}

/**
 * The first message of `bytes`: the `initialize` request when it is one, `incomplete` when more
 * bytes are needed to tell, or undefined when it is anything else.
 */
export function firstInitialize(bytes: Buffer): Initialize | 'incomplete' | undefined {
  const end = bytes.indexOf('\r\n\r\n', 0, 'latin1');
  if (end < 0) return bytes.length > MAX_HEADERS ? undefined : 'incomplete';
  let length: number | undefined;
  for (const line of bytes.toString('latin1', 0, end).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return undefined;
    if (line.slice(0, colon).trim().toLowerCase() === 'content-length') length = Number(line.slice(colon + 1).trim());
  }
  if (length === undefined || !Number.isSafeInteger(length) || length < 0) return undefined;
  const start = end + 4;
  if (bytes.length < start + length) return 'incomplete';
  try {
    return asInitialize(JSON.parse(bytes.toString('utf8', start, start + length)));
  } catch {
    return undefined;
  }
}

function asInitialize(message: unknown): Initialize | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { jsonrpc, id, method, params } = message as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (jsonrpc !== '2.0' || method !== 'initialize' || (typeof id !== 'number' && typeof id !== 'string')) return undefined;
  if (typeof params !== 'object' || params === null || typeof (params as { capabilities?: unknown }).capabilities !== 'object' || (params as { capabilities?: unknown }).capabilities === null) return undefined;
  return { id, params: params as Initialize['params'] };
}

/** The response to `request`, or undefined when it cannot be made here (the server answers then). */
function responseTo(request: Initialize): object | undefined {
  try {
    return { jsonrpc: '2.0', id: request.id, result: initializeResult(request.params) };
  } catch {
    return undefined;
  }
}

function markAnswered(id: RequestId): void {
  (globalThis as { [ANSWERED]?: RequestId })[ANSWERED] = id;
}

/**
 * Answers `initialize` before calling `start` (which loads the server), over the transport the
 * command line names: stdio or Node's IPC channel. Other transports start at once.
 */
export function answerInitializeFirst(argv: readonly string[], start: () => void): void {
  if (argv.includes('--stdio')) overStdio(process.stdin, (text) => process.stdout.write(text), start);
  else if (argv.includes('--node-ipc') && process.send) overIpc(start);
  else start();
}

/** The stdio transport: `stdin` read until its first message is whole, then put back. */
export function overStdio(stdin: NodeJS.ReadableStream, write: (text: string) => void, start: () => void, waitMs = FIRST_MESSAGE_WAIT_MS): void {
  const chunks: Buffer[] = [];
  let settled = false;
  let ended = false;
  let failure: Error | undefined;
  const finish = (request: Initialize | undefined) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    stdin.off('error', onError);
    // Paused, the stream keeps what arrives until the server's reader takes it (and resumes it).
    stdin.pause();
    const response = request && responseTo(request);
    if (request && response !== undefined) {
      const text = JSON.stringify(response);
      write(`Content-Length: ${Buffer.byteLength(text, 'utf8')}\r\n\r\n${text}`);
      markAnswered(request.id);
    }
    if (chunks.length > 0 && !ended) stdin.unshift(Buffer.concat(chunks));
    start();
    if (failure) stdin.emit('error', failure);
  };
  const onData = (chunk: Buffer | string) => {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const first = firstInitialize(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    if (first !== 'incomplete') finish(first);
  };
  // A stream that ends before a whole message holds none the server could read either.
  const onEnd = () => {
    ended = true;
    finish(undefined);
  };
  const onError = (error: Error) => {
    failure = error;
    finish(undefined);
  };
  const timer = setTimeout(() => finish(undefined), waitMs);
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  stdin.on('error', onError);
}

/** Node's IPC channel: the first message is handed to the server's reader once it listens. */
function overIpc(start: () => void): void {
  const onMessage = (message: unknown) => {
    clearTimeout(timer);
    const request = asInitialize(message);
    const response = request && responseTo(request);
    if (request && response !== undefined) {
      process.send?.(response);
      markAnswered(request.id);
    }
    // The server's reader listens by the end of start(), before the channel emits a later message.
    start();
    process.emit('message', message, undefined);
  };
  const timer = setTimeout(() => {
    process.off('message', onMessage);
    start();
  }, FIRST_MESSAGE_WAIT_MS);
  process.once('message', onMessage);
}
