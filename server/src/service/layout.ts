/**
 * The plan formatter: jsonc-parser's formatter, pair of tokens for pair of tokens, with two
 * additions a planner expects (docs/format-notes.md):
 * - an object or array written on one line stays on one line, `{ "a": 1 }` and `[1, 2]`, when
 *   that line fits in {@link LINE_WIDTH} columns; the plan itself always takes lines of its own;
 * - the line after a `virtplan-disable-next-line` comment keeps its line breaks, so the comment
 *   silences the same diagnostics after formatting as before.
 * Tokens are read once into arrays and every decision is made from them, so the work is
 * proportional to the text and to what is written, however deep the nesting.
 */
import { createScanner } from 'jsonc-parser';
import {
  BLOCK_COMMENT,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  EOF,
  FALSE,
  LINE_BREAK,
  LINE_COMMENT,
  NULL,
  NUMBER,
  OPEN_BRACE,
  OPEN_BRACKET,
  STRING,
  TRIVIA,
  TRUE,
  UNKNOWN,
} from '../json/tolerant-scan';

/** The widest line an object or array written on one line may make and stay on it. */
export const LINE_WIDTH = 200;

const DIRECTIVE = /^\/\/\s*virtplan-disable-next-line\b/;

export interface LayoutOptions {
  tabSize: number;
  insertSpaces: boolean;
  eol: string;
  insertFinalNewline: boolean;
}

/** One change of the white space between two tokens. */
export interface LayoutEdit {
  offset: number;
  length: number;
  content: string;
}

interface Tokens {
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** Line breaks in the white space before each token (before EOF for the last entry). */
  breaks: Int32Array;
  /** Line breaks in the text before each token, its comments' included. */
  line: Int32Array;
  /** The token could not be read (jsonc-parser's scan error or an unknown character). */
  bad: Uint8Array;
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Every token but white space, EOF last. */
function scan(text: string): Tokens {
  const scanner = createScanner(text, false);
  let capacity = 64;
  let t = { count: 0, kind: new Uint8Array(capacity), start: new Int32Array(capacity), end: new Int32Array(capacity), breaks: new Int32Array(capacity), line: new Int32Array(capacity), bad: new Uint8Array(capacity) };
  let breaks = 0;
  let line = 0;
  for (;;) {
    const kind: number = scanner.scan();
    if (kind === LINE_BREAK) {
      breaks++;
      line++;
      continue;
    }
    if (kind === TRIVIA) continue;
    if (t.count === capacity) {
      capacity *= 2;
      const grow = <T extends Uint8Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(capacity);
        b.set(a);
        return b;
      };
      t = { count: t.count, kind: grow(t.kind), start: grow(t.start), end: grow(t.end), breaks: grow(t.breaks), line: grow(t.line), bad: grow(t.bad) };
    }
    const i = t.count++;
    const start = scanner.getTokenOffset();
    t.kind[i] = kind;
    t.start[i] = start;
    t.end[i] = start + scanner.getTokenLength();
    t.breaks[i] = breaks;
    t.line[i] = line;
    t.bad[i] = kind === UNKNOWN || scanner.getTokenError() !== 0 ? 1 : 0;
    breaks = 0;
    if (kind === BLOCK_COMMENT) line += countBreaks(text, t.start[i], t.end[i]);
    if (kind === EOF) return t;
  }
}

const isOpen = (kind: number) => kind === OPEN_BRACE || kind === OPEN_BRACKET;
const isComment = (kind: number) => kind === LINE_COMMENT || kind === BLOCK_COMMENT;

/** The white space between two tokens on one line: `{ "a": 1, "b": [2, 3] }`. */
function inline(first: number, second: number): string {
  if (second === COMMA || second === COLON) return '';
  if ((first === OPEN_BRACE && second === CLOSE_BRACE) || (first === OPEN_BRACKET && second === CLOSE_BRACKET)) return '';
  if ((first === OPEN_BRACKET && !isComment(second)) || (second === CLOSE_BRACKET && !isComment(first))) return '';
  return ' ';
}

/**
 * Which gaps (the white space before token i) are laid out on one line, and which keep their
 * line breaks: 1 for one line, 2 for kept as written.
 */
function fixedGaps(text: string, t: Tokens, indentWidth: number): Uint8Array {
  const fixed = new Uint8Array(t.count);
  // Matching brackets, and each container's depth (the plan is depth 0).
  const match = new Int32Array(t.count).fill(-1);
  const depth = new Int32Array(t.count);
  const stack: number[] = [];
  for (let i = 0; i < t.count; i++) {
    const kind = t.kind[i];
    if (isOpen(kind)) {
      depth[i] = stack.length;
      stack.push(i);
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      const top = stack[stack.length - 1];
      if (top !== undefined && t.kind[top] === kind - 1) {
        stack.pop();
        match[top] = i;
        match[i] = top;
      }
    }
  }
  // widths[i]: the one-line width of tokens 0..i-1 with the gaps after them; bads[i]: how many
  // of them could not be read.
  const widths = new Float64Array(t.count + 1);
  const bads = new Int32Array(t.count + 1);
  for (let i = 0; i < t.count; i++) {
    widths[i + 1] = widths[i] + (t.end[i] - t.start[i]) + (i + 1 < t.count ? inline(t.kind[i], t.kind[i + 1]).length : 0);
    bads[i + 1] = bads[i] + t.bad[i];
  }
  for (let i = 0; i < t.count; i++) {
    const close = match[i];
    if (!isOpen(t.kind[i]) || close < i || depth[i] === 0 || t.line[i] !== t.line[close]) continue;
    const key = i >= 2 && t.kind[i - 1] === COLON && t.kind[i - 2] === STRING ? t.end[i - 2] - t.start[i - 2] + 2 : 0;
    const comma = t.kind[close + 1] === COMMA ? 1 : 0;
    const width = depth[i] * indentWidth + key + widths[close] - widths[i] + (t.end[close] - t.start[close]) + comma;
    if (bads[close + 1] !== bads[i] || width > LINE_WIDTH) continue;
    for (let j = i + 1; j <= close; j++) fixed[j] = 1;
    i = close;
  }
  // The line after a suppression comment: from the comment to the end of that line.
  for (let i = 0; i < t.count; i++) {
    if (t.kind[i] !== LINE_COMMENT || !DIRECTIVE.test(text.slice(t.start[i], t.end[i]))) continue;
    // The white space after the last token of that line is kept too, so nothing joins it.
    const last = t.count - 1;
    let j = i + 1;
    if (j === last) continue;
    fixed[j] = 2;
    if (t.breaks[j] > 1) continue;
    for (; j + 1 < last && t.breaks[j + 1] === 0 && t.line[j + 1] === t.line[j]; j++) fixed[j + 1] = 2;
    if (j + 1 < last) fixed[j + 1] = 2;
    // Commas and the brackets that close what was opened above, at the end of that line, take
    // their usual places: no diagnostic starts at one, and what follows them comes after them.
    let k = j;
    const covered = t.line[i + 1];
    while (k > i + 1 && (t.kind[k] === COMMA || ((t.kind[k] === CLOSE_BRACE || t.kind[k] === CLOSE_BRACKET) && match[k] !== -1 && t.line[match[k]] < covered))) k--;
    if (k < j) fixed.fill(0, k + 1, Math.min(j + 2, last));
  }
  return fixed;
}

/** The edits that lay out `text`, or the part of it a range covers; white space only. */
export function layoutEdits(text: string, options: LayoutOptions, range?: { offset: number; length: number }): LayoutEdit[] {
  const t = scan(text);
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize || 4) : '\t';
  const fixed = fixedGaps(text, t, options.insertSpaces ? unit.length : options.tabSize || 4);
  const indents: string[] = [''];
  const indent = (level: number) => {
    while (indents.length <= level) indents.push(indents[indents.length - 1] + unit);
    return indents[Math.max(0, level)];
  };
  const eol = options.eol;
  // An edit is in a range when it touches it: the white space that indents its first line counts.
  const outside = (start: number, end: number) => range !== undefined && (start >= range.offset + range.length || end < range.offset);
  const edits: LayoutEdit[] = [];
  let level = 0;
  const add = (content: string, start: number, end: number, gap: number, bad: boolean) => {
    if (bad || outside(start, end)) return;
    let wanted = content;
    if (fixed[gap] === 1) wanted = inline(t.kind[gap - 1], t.kind[gap]);
    else if (fixed[gap] === 2) wanted = t.breaks[gap] === 0 ? inline(t.kind[gap - 1], t.kind[gap]) : eol.repeat(t.breaks[gap]) + indent(level);
    if (text.slice(start, end) !== wanted) edits.push({ offset: start, length: end - start, content: wanted });
  };
  const newLine = () => eol + indent(level);

  // As jsonc-parser's format with keepLines off: `first` is the token before the gap, comments
  // on its line stay beside it.
  if (t.kind[0] !== EOF) add('', 0, t.start[0], 0, t.bad[0] === 1);
  let first = 0;
  let next = 1;
  while (t.kind[first] !== EOF) {
    let firstEnd = t.end[first];
    let second = next++;
    let content = '';
    let needsLineBreak = false;
    while (t.breaks[second] === 0 && isComment(t.kind[second])) {
      add(' ', firstEnd, t.start[second], second, t.bad[second] === 1);
      firstEnd = t.end[second];
      needsLineBreak = t.kind[second] === LINE_COMMENT;
      content = needsLineBreak ? newLine() : '';
      second = next++;
    }
    const a = t.kind[first];
    const b = t.kind[second];
    let bad = t.bad[second] === 1;
    if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      if (a !== b - 1) {
        level--;
        content = newLine();
      } else if (firstEnd !== t.end[first] && !needsLineBreak) {
        content = ' '; // `{ /* note */ }`, as on one line
      }
    } else {
      switch (a) {
        case OPEN_BRACKET:
        case OPEN_BRACE:
        case COMMA:
        case LINE_COMMENT:
          if (isOpen(a)) level++;
          content = newLine();
          break;
        case BLOCK_COMMENT:
          if (t.breaks[second] > 0) content = newLine();
          else if (!needsLineBreak) content = ' ';
          break;
        case COLON:
          if (!needsLineBreak) content = ' ';
          break;
        case STRING:
          if (b === COLON && !needsLineBreak) content = '';
          break;
        case NULL:
        case TRUE:
        case FALSE:
        case NUMBER:
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (isComment(b) && !needsLineBreak) content = ' ';
          else if (b !== COMMA && b !== EOF) bad = true;
          break;
        case UNKNOWN:
          bad = true;
          break;
      }
      if (t.breaks[second] > 0 && isComment(b)) content = newLine();
    }
    if (b === EOF) content = options.insertFinalNewline ? eol : '';
    add(content, firstEnd, t.start[second], second, bad);
    first = second;
  }
  return edits;
}

/** Edits applied in one pass: the text is copied once, however many there are. */
export function applyLayout(text: string, edits: readonly LayoutEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
