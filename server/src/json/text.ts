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
export class LineIndex {
  private starts: Uint32Array | undefined;
  /** Whether the text has a carriage return, once looked for. */
  private returns: boolean | undefined;
  /**
   * Where the passes of `positionsAt` have been: the line and its start at every 1,024th line
   * they counted, so a later pass starts from the nearest one before its first offset.
   */
  private readonly checkpoints: number[] = [0, 0];

  constructor(private readonly text: string) {}

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
