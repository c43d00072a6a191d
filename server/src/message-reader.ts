import { AbstractMessageReader, Disposable, type DataCallback, type Message, type MessageReader } from 'vscode-languageserver/node';
import { holdYoungGeneration } from './heap';

/** How long a message may stay half read, with nothing arriving, before each partial-message event. */
const PARTIAL_MESSAGE_EVENT_MS = 10_000;

const HEADERS_END = '\r\n\r\n';

/** Bytes of a body from which the young generation is held while it is read (heap.ts). */
const LARGE_MESSAGE = 1 << 20;

/**
 * Reads the base protocol's messages (headers, a blank line, a UTF-8 JSON body of
 * Content-Length bytes) from a stream, as vscode-jsonrpc's StreamMessageReader does, with the
 * same errors and partial-message events, but decoding each piece of a body as it arrives.
 * vscode-jsonrpc keeps every piece until the body is whole and then copies them into one buffer
 * of the body's size: a plan opened whole (a 20 MB message for 50,000 VMs) held twice outside
 * the heap, in hundreds of 64 KB allocations that the C allocator may not give back to the
 * system afterwards. Here each piece is decoded and let go at once.
 */
export class DecodingMessageReader extends AbstractMessageReader implements MessageReader {
  private headers = '';
  /** Body bytes still to come; -1 while reading headers. */
  private remaining = -1;
  private pieces: string[] = [];
  private decoder = new TextDecoder('utf-8');
  private partialTimer: NodeJS.Timeout | undefined;
  /** One a message: a partial-message event names the message it waits for. */
  private messageToken = 0;
  private failed = false;

  constructor(private readonly readable: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer | string) => this.onData(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, callback);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    // A stream paused by the command that started the server (what it read is put back) flows again.
    this.readable.resume();
    return Disposable.create(() => {
      this.readable.off('data', onData);
      this.readable.off('error', onError);
      this.readable.off('close', onClose);
      this.clearPartialTimer();
    });
  }

  private onData(data: Buffer, callback: DataCallback): void {
    if (this.failed) return;
    let at = 0;
    try {
      while (at < data.length) {
        if (this.remaining < 0) {
          at = this.readHeaders(data, at);
          if (this.remaining < 0) break;
        }
        const take = Math.min(this.remaining, data.length - at);
        if (take > 0) this.pieces.push(this.decoder.decode(data.subarray(at, at + take), { stream: true }));
        at += take;
        this.remaining -= take;
        if (this.remaining > 0) break;
        this.pieces.push(this.decoder.decode());
        const body = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
        this.pieces = [];
        this.remaining = -1;
        this.messageToken++;
        callback(JSON.parse(body) as Message);
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.remaining >= 0 || this.headers.length > 0) this.setPartialTimer();
    else this.clearPartialTimer();
  }

  /** Reads header bytes from `at`; when the headers end, sets the body's length. Returns where reading stopped. */
  private readHeaders(data: Buffer, at: number): number {
    // Headers are ASCII, so one byte is one character; the end may straddle two pieces.
    const before = this.headers.length;
    this.headers += data.toString('latin1', at, Math.min(data.length, at + 1024));
    const end = this.headers.indexOf(HEADERS_END, Math.max(0, before - 3));
    if (end < 0) {
      if (this.headers.length > 1 << 16) throw new Error('Message headers are too long.');
      return at + (this.headers.length - before);
    }
    const consumed = end + HEADERS_END.length - before;
    const lines = this.headers.slice(0, end).split('\r\n');
    this.headers = '';
    let length: string | undefined;
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon === -1) throw new Error(`Message header must separate key and value using ':'\n${line}`);
      if (line.slice(0, colon).toLowerCase() === 'content-length') length = line.slice(colon + 1).trim();
    }
    if (length === undefined) throw new Error('Header must provide a Content-Length property.');
    const bytes = parseInt(length, 10);
    if (Number.isNaN(bytes)) throw new Error(`Content-Length value must be a number. Got ${length}`);
    this.remaining = bytes;
    if (bytes >= LARGE_MESSAGE) holdYoungGeneration();
    return at + consumed;
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.clearPartialTimer();
    this.fireError(error);
  }

  private setPartialTimer(): void {
    this.clearPartialTimer();
    const token = this.messageToken;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = undefined;
      if (token !== this.messageToken) return;
      this.firePartialMessage({ messageToken: token, waitingTime: PARTIAL_MESSAGE_EVENT_MS });
      this.setPartialTimer();
    }, PARTIAL_MESSAGE_EVENT_MS);
  }

  private clearPartialTimer(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = undefined;
  }
}
