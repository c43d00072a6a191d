import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { LineIndex } from './json/text';

/** Characters a chunk aims at; an edit rewrites one or two chunks, never the whole text. */
const CHUNK = 4096;

const CR = 13;
const LF = 10;

/** Characters that shape a JSON text: quotes, escapes, comments, brackets, separators, line breaks. */
const STRUCTURAL = /["\\/*{}[\],:\r\n]/;

/** Line breaks in a piece of text: \r\n, a lone \r and \n each count one. */
function countBreaks(text: string): number {
  let count = 0;
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    return count;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      count++;
    } else if (ch === LF) count++;
  }
  return count;
}

/** The offset just after the n-th line break (n ≥ 1) of a text, or its length when it holds fewer. */
function afterBreak(text: string, n: number): number {
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  for (;;) {
    let end: number;
    if (cr !== -1 && (lf === -1 || cr < lf)) end = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
    else if (lf !== -1) end = lf + 1;
    else return text.length;
    if (--n === 0) return end;
    if (cr !== -1 && cr < end) cr = text.indexOf('\r', end);
    if (lf !== -1 && lf < end) lf = text.indexOf('\n', end);
  }
}

/** Cuts a text into pieces of about `size` characters, never between the \r and \n of one break. */
function cut(text: string, size: number): string[] {
  if (text.length <= 2 * size) return [text];
  const pieces: string[] = [];
  let from = 0;
  while (text.length - from > 2 * size) {
    let to = from + size;
    if (text.charCodeAt(to - 1) === CR && text.charCodeAt(to) === LF) to++;
    pieces.push(text.slice(from, to));
    from = to;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/**
 * One change as it was applied: `removed` characters at `offset` of the text before it
 * replaced by `text`. `plain` when neither the removed nor the typed characters shape the
 * text (see `PlanDocument.plainEditsSince`).
 */
export interface TextChange {
  readonly offset: number;
  readonly removed: number;
  readonly text: string;
  readonly plain: boolean;
}

/** How many changes the document remembers: enough for the edits between two checks of a planner typing. */
const LOGGED = 64;

/** A place in the chunked text: a chunk and an offset inside it (at most its length). */
interface Place {
  chunk: number;
  offset: number;
}

/**
 * An open plan as the server keeps it. An incremental change costs the size of the change and
 * of the chunk it falls in, not the size of the document: the text is kept as chunks of a few
 * thousand characters, each knowing its number of line breaks, and joined only when a feature
 * asks for the whole text. Positions follow vscode-languageserver-textdocument exactly (UTF-16
 * code units; \r\n, \r and \n end a line; a character past a line's end stops before its break).
 */
export class PlanDocument {
  /** The whole text, when joined since the last change. */
  private content: string | undefined;
  private lines: LineIndex | undefined;
  /** The text in pieces, built at the first incremental change. No chunk ends in a \r whose \n starts the next. */
  private chunks: string[] | undefined;
  private breaks: number[] = [];

  private plainSince: number;
  /** The changes since version `loggedSince`, each with the version it made, oldest first. */
  private log: Array<{ version: number; change: TextChange }> = [];
  private loggedSince: number;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
    private readonly chunkSize: number,
  ) {
    this.content = content;
    this.plainSince = currentVersion;
    this.loggedSince = currentVersion;
  }

  static create(uri: string, languageId: string, version: number, content: string, chunkSize = CHUNK): PlanDocument {
    const document = new PlanDocument(uri, languageId, version, content, chunkSize);
    // Cut into chunks when opened, with its check, rather than at the first keystroke, whose
    // diagnostics would wait for it (a few milliseconds for a plan of 10,000 VMs).
    if (content.length > 2 * chunkSize) document.chunked();
    return document;
  }

  /** Applies the changes of one didChange notification in order, as the protocol defines them. */
  static update(document: PlanDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): PlanDocument {
    let plain = true;
    // A Replace All of many changes is not logged: its changes are not worth replaying.
    let logging = changes.length <= LOGGED && version > document.currentVersion;
    for (const change of changes) {
      if ('range' in change && change.range) {
        const applied = document.replace(change.range, change.text, logging);
        plain = applied.plain && plain;
        if (logging) document.log.push({ version, change: applied });
      } else {
        document.setText(change.text);
        plain = false;
        logging = false;
      }
    }
    if (!plain) document.plainSince = version;
    if (!logging) {
      document.log = [];
      document.loggedSince = version;
    } else if (document.log.length > LOGGED) {
      // Only whole versions are kept: the changes of the oldest go together.
      const drop = document.log.length - LOGGED;
      const dropped = document.log[drop - 1].version;
      let keep = drop;
      while (keep < document.log.length && document.log[keep].version === dropped) keep++;
      document.log = document.log.slice(keep);
      document.loggedSince = dropped;
    }
    document.currentVersion = version;
    return document;
  }

  /**
   * The changes that made the current text from version `version`'s, oldest first, in the
   * offsets of the text each was applied to; undefined when they are not known (the text was
   * set whole, a didChange held more changes than are logged, or `version` is too old).
   */
  changesSince(version: number): TextChange[] | undefined {
    if (version < this.loggedSince || version > this.currentVersion) return undefined;
    return this.log.filter((entry) => entry.version > version).map((entry) => entry.change);
  }

  get version(): number {
    return this.currentVersion;
  }

  /**
   * The version since which every change only removed and typed characters that shape nothing
   * (no quote, backslash, comment, bracket, comma, colon or line break): the text since then
   * has the same strings, containers and keys in the same order, only other characters in
   * them. A request right after such an edit can be answered against that version's model.
   */
  get plainEditsSince(): number {
    return this.plainSince;
  }

  get lineCount(): number {
    if (this.chunks) return this.breaks.reduce((sum, n) => sum + n, 0) + 1;
    return this.index().positionAt(Number.MAX_SAFE_INTEGER).line + 1;
  }

  getText(range?: Range): string {
    const text = this.text();
    return range ? text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : text;
  }

  positionAt(offset: number): Position {
    const text = this.text();
    const position = this.index().positionAt(offset);
    let end = Math.max(0, Math.min(offset, text.length));
    while (position.character > 0 && isBreak(text.charCodeAt(end - 1))) {
      position.character--;
      end--;
    }
    return position;
  }

  offsetAt(position: Position): number {
    const text = this.text();
    const index = this.index();
    let offset = index.offsetAt(position);
    if (position.line < 0 || position.character <= 0) return offset;
    const lineStart = index.offsetAt({ line: position.line, character: 0 });
    while (offset > lineStart && isBreak(text.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  private text(): string {
    if (this.content !== undefined) return this.content;
    const chunks = this.chunks!;
    const content = chunks.join('');
    // The chunks become slices of the joined text, so the text they were cut from can go.
    let from = 0;
    for (let i = 0; i < chunks.length; i++) {
      const to = from + chunks[i].length;
      chunks[i] = content.slice(from, to);
      from = to;
    }
    this.content = content;
    return content;
  }

  /** The line index of the whole text, built once per version at first use. */
  lineIndex(): LineIndex {
    return this.index();
  }

  private index(): LineIndex {
    if (!this.lines) {
      const text = this.text();
      // The chunks know their line breaks: a lookup or two needs no table of every line.
      this.lines = new LineIndex(text, this.chunks ? { lengths: this.chunks.map((chunk) => chunk.length), breaks: this.breaks.slice() } : undefined);
    }
    return this.lines;
  }

  private setText(text: string): void {
    this.content = text;
    this.lines = undefined;
    this.chunks = undefined;
    this.breaks = [];
  }

  private chunked(): string[] {
    if (!this.chunks) {
      this.chunks = cut(this.content!, this.chunkSize);
      this.breaks = this.chunks.map(countBreaks);
    }
    return this.chunks;
  }

  /** The start of a line, or the end of the text past the last line. */
  private lineStart(line: number): Place | undefined {
    const chunks = this.chunks!;
    const breaks = this.breaks;
    if (line <= 0) return { chunk: 0, offset: 0 };
    let before = 0;
    for (let i = 0; i < chunks.length; i++) {
      const after = before + breaks[i];
      if (after >= line) return { chunk: i, offset: afterBreak(chunks[i], line - before) };
      before = after;
    }
    return undefined;
  }

  private end(): Place {
    const chunks = this.chunks!;
    return { chunk: chunks.length - 1, offset: chunks[chunks.length - 1].length };
  }

  /** Where a position falls: `character` steps from the line's start, stopping before its break. */
  private place(position: Position, start: Place | undefined): Place {
    const chunks = this.chunks!;
    if (position.line < 0) return { chunk: 0, offset: 0 };
    if (!start) return this.end();
    let { chunk, offset } = start;
    let left = position.character;
    while (left > 0) {
      const text = chunks[chunk];
      const stop = Math.min(text.length, offset + left);
      while (offset < stop) {
        const ch = text.charCodeAt(offset);
        if (ch === CR || ch === LF) return { chunk, offset };
        offset++;
        left--;
      }
      if (left === 0 || chunk + 1 === chunks.length) break;
      chunk++;
      offset = 0;
    }
    return { chunk, offset };
  }

  /**
   * Applies one incremental change and says what it did; `plain` when neither what it removed
   * nor what it typed shapes the text. Its offset is counted only when `counted`.
   */
  private replace(range: Range, text: string, counted: boolean): TextChange {
    let { start, end } = range;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
    this.chunked();
    // Most changes stay on one line: its start is found once.
    const startLine = this.lineStart(start.line);
    const from = this.place(start, startLine);
    const to = this.place(end, end.line === start.line ? startLine : this.lineStart(end.line));
    const chunks = this.chunks!;
    let first = from.chunk;
    let last = to.chunk;
    const removed = first === last ? chunks[first].slice(from.offset, to.offset) : last === first + 1 ? chunks[first].slice(from.offset) + chunks[last].slice(0, to.offset) : undefined;
    const plain = removed !== undefined && !STRUCTURAL.test(removed) && !STRUCTURAL.test(text);
    let offset = 0;
    let removedLength = 0;
    if (counted) {
      for (let i = 0; i < first; i++) offset += chunks[i].length;
      const start = offset + from.offset;
      for (let i = first; i < last; i++) offset += chunks[i].length;
      removedLength = offset + to.offset - start;
      offset = start;
    }
    let joined = chunks[first].slice(0, from.offset) + text + chunks[last].slice(to.offset);
    // Join neighbours that would hold the two halves of one \r\n, and keep chunks from crumbling.
    // An empty piece always joins a neighbour: left between a \r and a \n, it would hide them
    // from each other and the break would count twice.
    const small = Math.max(1, this.chunkSize >> 2);
    for (;;) {
      const head = joined.charCodeAt(0);
      if (first > 0 && (joined.length < small || (head === LF && chunks[first - 1].charCodeAt(chunks[first - 1].length - 1) === CR))) {
        joined = chunks[--first] + joined;
      } else if (last + 1 < chunks.length && (joined.length < small || (joined.charCodeAt(joined.length - 1) === CR && chunks[last + 1].charCodeAt(0) === LF))) {
        joined = joined + chunks[++last];
      } else break;
    }
    const pieces = cut(joined, this.chunkSize);
    chunks.splice(first, last - first + 1, ...pieces);
    this.breaks.splice(first, last - first + 1, ...pieces.map(countBreaks));
    this.content = undefined;
    this.lines = undefined;
    return { offset, removed: removedLength, text, plain };
  }
}

function isBreak(ch: number): boolean {
  return ch === CR || ch === LF;
}

/** The document store's hooks for `TextDocuments`. */
export const planDocuments: TextDocumentsConfiguration<PlanDocument> = {
  create: (uri, languageId, version, content) => PlanDocument.create(uri, languageId, version, content),
  update: (document, changes, version) => PlanDocument.update(document, changes, version),
};
