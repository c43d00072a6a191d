/**
 * Character-level scanning shared by the locator and the cursor finder: strings, comments
 * and whole containers are stepped over without tokenising, which is several times faster
 * than a tokenizer on a large plan. Tolerant: unclosed strings, comments and containers end
 * where the text ends.
 */

export const QUOTE = 34;
export const SLASH = 47;
const BACKSLASH = 92;
const STAR = 42;
const NEWLINE = 10;
const RETURN = 13;

/** Characters that end a bare literal (number, true, false, null, or junk). */
export function endsLiteral(ch: number): boolean {
  return ch <= 32 || ch === 44 || ch === 58 || ch === 91 || ch === 93 || ch === 123 || ch === 125 || ch === QUOTE || ch === SLASH;
}

/**
 * The end of the string starting at `start`: after its closing quote, found with indexOf
 * (most of a plan's characters are inside strings), stepping over escaped quotes.
 */
export function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** The end of a comment starting at `start`, or -1 when `start` begins none. */
export function commentEnd(text: string, start: number): number {
  const next = text.charCodeAt(start + 1);
  if (next === SLASH) {
    let j = start + 2;
    while (j < text.length && text.charCodeAt(j) !== NEWLINE && text.charCodeAt(j) !== RETURN) j++;
    return j;
  }
  if (next === STAR) {
    const close = text.indexOf('*/', start + 2);
    return close === -1 ? text.length : close + 2;
  }
  return -1;
}

/** The first offset from `start` that is not white space or a comment (or the text's length). */
export function skipBlank(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) {
      i++;
      continue;
    }
    const end = ch === SLASH ? commentEnd(text, i) : -1;
    if (end === -1) return i;
    i = end;
  }
  return i;
}

/**
 * The first offset from `start` that is not white space, a comment, or the `,` or `:` an
 * object's members are parted by: where a walk of an object's members finds its next key,
 * value or closing brace (or the text's length).
 */
export function nextMember(text: string, start: number): number {
  let i = skipBlank(text, start);
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch !== 44 && ch !== 58) return i;
    i = skipBlank(text, i + 1);
  }
  return i;
}

/** The end of the string or comment starting at `start`, or -1 when `start` begins neither. */
export function skipQuoted(text: string, start: number, ch = text.charCodeAt(start)): number {
  if (ch === QUOTE) return stringEnd(text, start);
  return ch === SLASH ? commentEnd(text, start) : -1;
}

/**
 * Skips the container opening at `start`; returns the offset after its closing bracket, or the
 * text's length when it does not close before `limit` (by default, the end of the text).
 */
export function skipContainer(text: string, start: number, limit = text.length): number {
  const length = text.length;
  const stop = Math.min(limit, length);
  let depth = 0;
  let j = start;
  while (j < stop) {
    const ch = text.charCodeAt(j);
    if (ch === QUOTE || ch === SLASH) {
      const end = skipQuoted(text, j, ch);
      if (end !== -1) {
        j = end;
        continue;
      }
    } else if (ch === 123 || ch === 91) {
      depth++;
    } else if ((ch === 125 || ch === 93) && --depth === 0) {
      return j + 1;
    }
    j++;
  }
  return length;
}

/**
 * `skipContainer` for every container opening from `start` on, in one pass: the scan at a
 * cursor asks it of each container it enters, and asking each of n nested containers anew would
 * read the text n times (a hostile plan of 200,000 open brackets: minutes). `end(at)` is
 * `skipContainer(text, at, limit)` for each bracket this pass read as one; undefined for an
 * offset it did not (the caller scans from there itself).
 */
export function containerEnds(text: string, start: number, limit = text.length): { end(at: number): number | undefined } {
  const length = text.length;
  const stop = Math.min(limit, length);
  const ends = new Map<number, number>();
  const open: number[] = [];
  let j = start;
  while (j < stop) {
    const ch = text.charCodeAt(j);
    if (ch === QUOTE || ch === SLASH) {
      const end = skipQuoted(text, j, ch);
      if (end !== -1) {
        j = end;
        continue;
      }
    } else if (ch === 123 || ch === 91) {
      open.push(j);
    } else if ((ch === 125 || ch === 93) && open.length) {
      ends.set(open.pop()!, j + 1);
    }
    j++;
  }
  for (const at of open) ends.set(at, length);
  return { end: (at) => ends.get(at) };
}
