import type { Located } from '../json/locate';
import { bracketsAreStructural, skipByBrackets } from '../json/counts';
import { commentEnd, endsLiteral, QUOTE, skipContainer, SLASH, stringEnd } from '../json/scan';

/**
 * Places read straight from a text JSON.parse read (no syntax error), for the features that
 * show many items of a list (the outline, the inlay hints of a screen): one step per item
 * instead of a pointer each for the locator, and nothing read beyond what is asked. They read
 * as the locator does (json/locate.ts): array items numbered by their commas, containers
 * stepped over whole, comments skipped.
 */

export interface Span {
  offset: number;
  end: number;
}

/** How a valid text's containers are stepped over: by their brackets when every bracket is one. */
export function containerSkip(parsed: { readonly source: string; readonly value: unknown }): (text: string, start: number) => number {
  return bracketsAreStructural(parsed.source, parsed.value) ? skipByBrackets : skipContainer;
}

/** The end of the value starting at `i` (a container, a string or a bare literal). */
function valueEnd(text: string, i: number, stop: number, skip: (text: string, start: number) => number): number {
  const ch = text.charCodeAt(i);
  if (ch === 123 || ch === 91) return skip(text, i);
  if (ch === QUOTE) return stringEnd(text, i);
  let end = i + 1;
  while (end < stop && !endsLiteral(text.charCodeAt(end))) end++;
  return end;
}

/**
 * Where the first `count` items of the array at `at` start and end, items that start after
 * `until` left out.
 */
export function itemPlaces(text: string, at: Located, count: number, skip: (text: string, start: number) => number, until = Infinity): Array<Span | undefined> {
  const items: Array<Span | undefined> = new Array(count);
  const stop = at.offset + at.length;
  let index = 0;
  let i = at.offset + 1;
  while (i < stop && index < count && i <= until) {
    const ch = text.charCodeAt(i);
    if (ch <= 32 || ch === 58) {
      i++;
      continue;
    }
    if (ch === 93) break;
    if (ch === 44) {
      index++;
      i++;
      continue;
    }
    if (ch === SLASH) {
      const end = commentEnd(text, i);
      if (end !== -1) {
        i = end;
        continue;
      }
    }
    const end = valueEnd(text, i, stop, skip);
    items[index] = { offset: i, end };
    i = end;
  }
  return items;
}

/**
 * The values of an object's own properties named in `keys`, as JSON.parse keeps them (of a key
 * written twice, the later), read from the object starting at `start`, up to its end or to the
 * first key that starts after `until`.
 */
export function propertyPlaces(text: string, start: number, keys: ReadonlySet<string>, skip: (text: string, start: number) => number, until = Infinity): Map<string, Span> {
  const found = new Map<string, Span>();
  const stop = text.length;
  let key: string | undefined;
  let i = start + 1;
  while (i < stop) {
    const ch = text.charCodeAt(i);
    if (ch <= 32 || ch === 44 || ch === 58) {
      i++;
      continue;
    }
    if (ch === 125) break;
    if (ch === SLASH) {
      const end = commentEnd(text, i);
      if (end !== -1) {
        i = end;
        continue;
      }
    }
    if (key === undefined && ch === QUOTE) {
      if (i > until) break;
      const end = stringEnd(text, i);
      key = text.slice(i + 1, end - 1);
      if (key.includes('\\')) key = decoded(key);
      i = end;
      continue;
    }
    const end = valueEnd(text, i, stop, skip);
    if (key !== undefined && keys.has(key)) found.set(key, { offset: i, end });
    key = undefined;
    i = end;
  }
  return found;
}

/** A key written with escapes, as JSON.parse reads it. */
function decoded(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
