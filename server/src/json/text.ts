/** An LSP position: zero-based line and UTF-16 character. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * Line starts of a text, built on first use. JavaScript strings are UTF-16, so an offset into
 * the string is already in the code units LSP counts. \n, \r\n and a lone \r each end a line.
 */
/**
 * A text as consecutive pieces (a document's chunks), each with the number of line breaks it
 * holds; no \r\n is split between two pieces.
 */
export interface LinePieces {
  readonly lengths: readonly number[];
  readonly breaks: readonly number[];
}

/** How many positions one call of `positionsAt` may ask for and have them kept for the next. */
const KEPT_POSITIONS = 4096;

/** Lookups answered from the pieces before the whole table of line starts is built. */
const PIECE_LOOKUPS = 32;

export class LineIndex {
  private starts: Uint32Array | undefined;
  private lookups = 0;
  /** Whether the text has a carriage return, once looked for. */
  private returns: boolean | undefined;
  /**
   * Where the passes of `positionsAt` have been: the line and its start at every 1,024th line
   * they counted, so a later pass starts from the nearest one before its first offset.
   */
  private readonly checkpoints: number[] = [0, 0];
  /** The positions `positionsAt` has found, by offset: a check asks again for most of them. */
  private known: Map<number, Position> | undefined;

  /**
   * With `pieces`, the first few lookups read only the piece they fall in (a request right
   * after an edit asks for one or two places): the table of every line start is built when
   * they are used up.
   */
  constructor(
    private readonly text: string,
    private readonly pieces?: LinePieces,
  ) {}

  private fromPieces(): boolean {
    return this.starts === undefined && this.pieces !== undefined && this.lookups++ < PIECE_LOOKUPS;
  }

  /** `positionAt` from the pieces: lines before the piece are counted, those in it read. */
  private pieceLine(offset: number): Position {
    const text = this.text;
    const { lengths, breaks } = this.pieces!;
    const clamped = Math.max(0, Math.min(offset, text.length));
    let at = 0;
    let line = 0;
    for (let i = 0; i < lengths.length - 1 && at + lengths[i] <= clamped; i++) {
      at += lengths[i];
      line += breaks[i];
    }
    let lineStart = -1;
    for (let k = at; k < clamped; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 13 && text.charCodeAt(k + 1) === 10) {
        // A \r\n ends its line after the \n: not before `clamped` when that is between them.
        if (k + 2 > clamped) break;
        k++;
      }
      if (ch === 13 || ch === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    if (lineStart < 0) lineStart = at === 0 ? 0 : Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
    return { line, character: clamped - lineStart };
  }

  /** `offsetAt` from the pieces: the piece the line starts in is found by counting, then read. */
  private pieceOffset(position: Position): number {
    const text = this.text;
    const { lengths, breaks } = this.pieces!;
    if (position.line < 0) return 0;
    let lineStart = position.line === 0 ? 0 : -1;
    let before = 0;
    let at = 0;
    for (let i = 0; lineStart < 0 && i < lengths.length; i++) {
      if (before + breaks[i] < position.line) {
        before += breaks[i];
        at += lengths[i];
        continue;
      }
      let left = position.line - before;
      for (let k = at; k < text.length; k++) {
        const ch = text.charCodeAt(k);
        if (ch === 13 && text.charCodeAt(k + 1) === 10) k++;
        if ((ch === 13 || ch === 10) && --left === 0) {
          lineStart = k + 1;
          break;
        }
      }
      break;
    }
    if (lineStart < 0) return text.length;
    let lineEnd = text.length;
    for (let k = lineStart; k < text.length; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 10 || ch === 13) {
        lineEnd = ch === 13 && text.charCodeAt(k + 1) === 10 ? k + 2 : k + 1;
        break;
      }
    }
    return Math.max(lineStart, Math.min(lineStart + position.character, lineEnd));
  }

  /**
   * Counted first, then filled: a typed array of the right size is several times faster than
   * growing an array for the hundred thousand lines of a large plan.
   */
  private lineStarts(): Uint32Array {
    if (this.starts) return this.starts;
    const text = this.text;
    let starts: Uint32Array;
    if (!text.includes('\r')) {
      let count = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
      starts = new Uint32Array(count);
      let n = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    } else {
      const breaks = (fill: Uint32Array | undefined): number => {
        let n = 1;
        for (let i = 0; i < text.length; i++) {
          const ch = text.charCodeAt(i);
          if (ch === 13) {
            if (text.charCodeAt(i + 1) === 10) i++;
            if (fill) fill[n] = i + 1;
            n++;
          } else if (ch === 10) {
            if (fill) fill[n] = i + 1;
            n++;
          }
        }
        return n;
      };
      starts = new Uint32Array(breaks(undefined));
      breaks(starts);
    }
    this.starts = starts;
    return starts;
  }

  positionAt(offset: number): Position {
    if (this.fromPieces()) return this.pieceLine(offset);
    const starts = this.lineStarts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low] };
  }

  offsetAt(position: Position): number {
    if (this.fromPieces()) return this.pieceOffset(position);
    const starts = this.lineStarts();
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return Math.max(starts[position.line], Math.min(starts[position.line] + position.character, lineEnd));
  }

  /**
   * Positions of many offsets at once. Without a built index (validation needs only the few
   * positions that carry diagnostics) one forward pass counts line breaks up to each offset,
   * which costs half of building the index and keeps nothing.
   */
  positionsAt(offsets: readonly number[]): Position[] {
    // A check's few hundred are kept; the thousands of an outline are not worth a map.
    if (offsets.length > KEPT_POSITIONS) return this.countPositions(offsets);
    const known = (this.known ??= new Map());
    let missing: number[] | undefined;
    for (const offset of offsets) if (!known.has(offset)) (missing ??= []).push(offset);
    if (missing) {
      const found = this.countPositions(missing);
      for (let i = 0; i < missing.length; i++) known.set(missing[i], found[i]);
    }
    return offsets.map((offset) => {
      const { line, character } = known.get(offset)!;
      return { line, character };
    });
  }

  /**
   * The positions `positionsAt` found in `before`, the text before one value was retyped, carried
   * to this text: the value's text at `offset` went from `removed` to `added` characters and
   * held no line break before or after, so every line keeps its number and those after the
   * value's line their characters; on its line, the places after it move by the difference.
   */
  carryPositions(before: LineIndex, offset: number, removed: number, added: number): void {
    if (!before.known || this.known) return;
    const delta = added - removed;
    const end = offset + removed;
    const line = this.positionAt(offset).line;
    const known = new Map<number, Position>();
    for (const [at, position] of before.known) {
      if (at <= offset) known.set(at, position);
      else if (at >= end) known.set(at + delta, position.line === line ? { line, character: position.character + delta } : position);
    }
    this.known = known;
    if (this.checkpoints.length === 2) for (let i = 2; i < before.checkpoints.length; i += 2) this.checkpoints.push(before.checkpoints[i], before.checkpoints[i + 1] > offset ? before.checkpoints[i + 1] + delta : before.checkpoints[i + 1]);
  }

  private countPositions(offsets: readonly number[]): Position[] {
    const text = this.text;
    this.returns ??= text.includes('\r');
    if (this.starts || this.returns) return offsets.map((offset) => this.positionAt(offset));
    const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
    const out: Position[] = new Array(offsets.length);
    if (order.length === 0) return out;
    // Resume from the last checkpoint at or before the first offset.
    const checkpoints = this.checkpoints;
    const first = Math.max(0, Math.min(offsets[order[0]], text.length));
    let low = 0;
    let high = checkpoints.length / 2 - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (checkpoints[2 * mid + 1] <= first) low = mid;
      else high = mid - 1;
    }
    let line = checkpoints[2 * low];
    let lineStart = checkpoints[2 * low + 1];
    let next = text.indexOf('\n', lineStart);
    for (const i of order) {
      const offset = Math.max(0, Math.min(offsets[i], text.length));
      while (next !== -1 && next < offset) {
        line++;
        lineStart = next + 1;
        next = text.indexOf('\n', lineStart);
        if ((line & 1023) === 0 && line > checkpoints[checkpoints.length - 2]) checkpoints.push(line, lineStart);
      }
      out[i] = { line, character: offset - lineStart };
    }
    return out;
  }

  rangeAt(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}
