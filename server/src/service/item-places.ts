import type { Located } from '../json/locate';
import { bracketsAreStructural, skipByBrackets } from '../json/counts';
import { endsLiteral, nextMember, QUOTE, skipBlank, skipContainer, stringEnd } from '../json/scan';

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
    const next = skipBlank(text, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const ch = text.charCodeAt(i);
    if (ch === 58) {
      i++;
      continue;
    }
    if (ch === 93) break;
    if (ch === 44) {
      index++;
      i++;
      continue;
    }
    const end = valueEnd(text, i, stop, skip);
    items[index] = { offset: i, end };
    i = end;
  }
  return items;
}

/** An item of an array: its number (counted by commas, as the locator counts) and where it stands. */
export interface Item extends Span {
  index: number;
}

/**
 * The items of the array at `at`, stepped through as `itemPlaces` steps, as far as asked and
 * kept: a later call that asks further resumes where the last one stopped.
 */
export class ItemSteps {
  /** The items found so far, in order. */
  readonly found: Item[] = [];
  private i: number;
  private index = 0;
  private done = false;
  private readonly stop: number;

  constructor(
    private readonly text: string,
    at: Span,
    private readonly skip: (text: string, start: number) => number,
  ) {
    this.i = at.offset + 1;
    this.stop = at.end;
  }

  /** The items found once every item that starts at or before `until` is. */
  through(until: number): readonly Item[] {
    const text = this.text;
    let i = this.i;
    while (!this.done && i <= until) {
      if (i >= this.stop) {
        this.done = true;
        break;
      }
      const next = skipBlank(text, i);
      if (next !== i) {
        i = next;
        continue;
      }
      const ch = text.charCodeAt(i);
      if (ch === 58) {
        i++;
        continue;
      }
      if (ch === 93) {
        this.done = true;
        break;
      }
      if (ch === 44) {
        this.index++;
        i++;
        continue;
      }
      const end = valueEnd(text, i, this.stop, this.skip);
      this.found.push({ index: this.index, offset: i, end });
      i = end;
    }
    this.i = i;
    return this.found;
  }
}

/**
 * The values of an object's own properties named in `keys`, as JSON.parse keeps them (of a key
 * written twice, the later), read from the object starting at `start`, up to its end, to the
 * first key that starts after `until`, or until `enough` of the keys are found (for an object
 * known to have none of them twice).
 */
export function propertyPlaces(text: string, start: number, keys: ReadonlySet<string>, skip: (text: string, start: number) => number, until = Infinity, enough = Infinity): Map<string, Span> {
  const found = new Map<string, Span>();
  const stop = text.length;
  let key: string | undefined;
  let i = start + 1;
  while (i < stop) {
    i = nextMember(text, i);
    if (i >= text.length) break;
    const ch = text.charCodeAt(i);
    if (ch === 125) break;
    if (key === undefined && ch === QUOTE) {
      if (i > until) break;
      const end = stringEnd(text, i);
      key = text.slice(i + 1, end - 1);
      if (key.includes('\\')) key = decoded(key);
      i = end;
      continue;
    }
    const end = valueEnd(text, i, stop, skip);
    if (key !== undefined && keys.has(key)) {
      found.set(key, { offset: i, end });
      if (found.size >= enough) break;
    }
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
