import type { Finding } from '../rules/finding';
import type { ParsedPlan } from '../json/parse';
import { bracketsAreStructural, skipByBrackets } from '../json/counts';
import { commentEnd, endsLiteral, QUOTE, SLASH, stringEnd } from '../json/scan';
import { isObject } from '../util/own';

/**
 * Where the findings of a retargeting stand in the text, read from the hosts, VMs and clusters
 * they are about rather than by a descent from the root for each: a what-if of every host
 * brings thousands of findings, most of them about VMs. Each finding gets the span a check
 * gives it (its pointer's place, or its nearest written ancestor's; a property's key where
 * the finding is about the key), so that placing it costs no search.
 *
 * Only for a text JSON.parse read whose brackets are all the value's own
 * (`bracketsAreStructural`): the k-th container item of a list is then the k-th bracket pair
 * inside the list's own, so the items are found by counting brackets with indexOf, without
 * reading the characters between. Findings this cannot place (outside the three lists, on an
 * item that is not an object or an array, or on one the list does not hold) are left as they
 * are, for the locator.
 */
export function spanInItems(parsed: ParsedPlan, findings: readonly Finding[], keysWrittenOnce = false): Finding[] {
  const value = parsed.value;
  if (parsed.syntaxErrors.length || !isObject(value) || !bracketsAreStructural(parsed.source, value)) return [...findings];
  // The findings of each list, by the index of the item each is in.
  const byList = new Map<string, Array<{ at: number; index: number; rest: number }>>();
  findings.forEach((finding, at) => {
    if (finding.span) return;
    const item = itemOf(finding.pointer);
    if (!item) return;
    const list = value[item.list];
    if (!Array.isArray(list) || item.index >= list.length || typeof list[item.index] !== 'object' || list[item.index] === null) return;
    let wanted = byList.get(item.list);
    if (!wanted) byList.set(item.list, (wanted = []));
    wanted.push({ at, index: item.index, rest: item.rest });
  });
  const spanned = [...findings];
  if (byList.size === 0) return spanned;
  const text = parsed.source;
  const lists = new Map([...byList].map(([list, wanted]) => [list, { items: value[list] as unknown[], indexes: wanted.map((w) => w.index) }]));
  for (const [list, items] of listItems(text, lists)) {
    for (const { at, index, rest } of byList.get(list)!) {
      const item = items.get(index);
      if (!item) continue;
      const finding = findings[at];
      const place = descend(text, item, finding.pointer, rest, keysWrittenOnce);
      const span = finding.target === 'key' && place.keyOffset !== undefined ? { offset: place.keyOffset, length: place.keyLength! } : { offset: place.offset, length: place.end - place.offset };
      spanned[at] = withSpan(finding, span);
    }
  }
  return spanned;
}

/**
 * The spans of the wanted items of the root's lists, in one walk: the root's properties read in
 * turn, each wanted list's items found by counting its brackets (`itemSpans`), the walk ending
 * with the last wanted list. A list is the one the value holds where its key is followed by a
 * bracket: with every bracket the value's own, a key written twice keeps no other container.
 */
function listItems(text: string, lists: ReadonlyMap<string, { items: readonly unknown[]; indexes: readonly number[] }>): Map<string, Map<number, Span>> {
  const found = new Map<string, Map<number, Span>>();
  let i = valueStart(text, 0);
  if (text.charCodeAt(i) !== 123) return found;
  let key: string | undefined;
  i++;
  while (i < text.length && found.size < lists.size) {
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
      const end = stringEnd(text, i);
      key = keyAt(text, i, end);
      i = end;
      continue;
    }
    const list = ch === 91 && key !== undefined ? lists.get(key) : undefined;
    if (list) {
      const { spans, end } = itemSpans(text, i, list.items, list.indexes, found.size + 1 < lists.size);
      found.set(key!, spans);
      i = end;
    } else {
      i = valueEnd(text, i);
    }
    key = undefined;
  }
  return found;
}

/** The first character of a value at or after `i`: white space and comments stepped over. */
function valueStart(text: string, i: number): number {
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) i++;
    else if (ch === SLASH && commentEnd(text, i) !== -1) i = commentEnd(text, i);
    else break;
  }
  return i;
}

/** The end of the value starting at `i`: a container by its brackets, a string, or a bare literal. */
function valueEnd(text: string, i: number): number {
  const ch = text.charCodeAt(i);
  if (ch === 123 || ch === 91) return skipByBrackets(text, i);
  if (ch === QUOTE) return stringEnd(text, i);
  let end = i + 1;
  while (end < text.length && !endsLiteral(text.charCodeAt(end))) end++;
  return end;
}

/** The key written from `start` to `end` (its quotes included), as JSON.parse reads it. */
function keyAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? decoded(raw) : raw;
}

/** A copy of the finding with its span; written out, as a spread of each of thousands of findings costs more than finding its place. */
function withSpan(finding: Finding, span: { offset: number; length: number }): Finding {
  const copy: Finding = { code: finding.code, severity: finding.severity, message: finding.message, pointer: finding.pointer, span };
  if (finding.target !== undefined) copy.target = finding.target;
  if (finding.data !== undefined) copy.data = finding.data;
  return copy;
}

const LISTS: ReadonlySet<string> = new Set(['hosts', 'vms', 'clusters']);
const ZERO = 48;

/**
 * The list (of the three) and the index of the item a pointer is in, and where the rest of the
 * pointer begins: `/vms/12/disks/0` is in VM 12, its rest `/disks/0`. Undefined for any other
 * pointer, or an index not written as the locator reads one (digits, no leading zero).
 */
function itemOf(pointer: string): { list: string; index: number; rest: number } | undefined {
  const slash = pointer.indexOf('/', 1);
  if (pointer.charCodeAt(0) !== 47 || slash === -1) return undefined;
  const list = pointer.slice(1, slash);
  if (!LISTS.has(list)) return undefined;
  let index = 0;
  let i = slash + 1;
  for (; i < pointer.length; i++) {
    const digit = pointer.charCodeAt(i) - ZERO;
    if (digit === 47 - ZERO) break;
    if (digit < 0 || digit > 9) return undefined;
    index = index * 10 + digit;
  }
  if (i === slash + 1 || (i > slash + 2 && pointer.charCodeAt(slash + 1) === ZERO) || !Number.isSafeInteger(index)) return undefined;
  return { list, index, rest: i };
}

interface Span {
  offset: number;
  end: number;
}

/**
 * The spans of the list's items at `indexes`, each an object or an array, found by counting
 * the bracket pairs directly inside the list's brackets (at `start`): the k-th is the list's
 * k-th item that is a container, as the value says. With `toEnd`, the walk goes on to the
 * list's end, where the next value may start; else it stops at the last wanted item.
 */
function itemSpans(text: string, start: number, list: readonly unknown[], indexes: readonly number[], toEnd: boolean): { spans: Map<number, Span>; end: number } {
  // Which container, counted from the list's first, each wanted item is.
  const wanted = [...new Set(indexes)].sort((a, b) => a - b);
  const ordinals: number[] = [];
  let containers = 0;
  for (let index = 0, w = 0; w < wanted.length; index++) {
    if (index === wanted[w]) {
      ordinals.push(containers);
      w++;
    }
    const item = list[index];
    if (typeof item === 'object' && item !== null) containers++;
  }
  const spans = new Map<number, Span>();
  const far = text.length;
  const find = (ch: string, from: number) => {
    const at = text.indexOf(ch, from);
    return at === -1 ? far : at;
  };
  let openBrace = find('{', start + 1);
  let closeBrace = find('}', start + 1);
  let openBracket = find('[', start + 1);
  let closeBracket = find(']', start + 1);
  let depth = 0;
  let ordinal = -1;
  let itemStart = 0;
  let w = 0;
  while (toEnd || w < ordinals.length) {
    const open = openBrace < openBracket ? openBrace : openBracket;
    const close = closeBrace < closeBracket ? closeBrace : closeBracket;
    if (open < close) {
      if (depth++ === 0) {
        ordinal++;
        itemStart = open;
      }
      if (open === openBrace) openBrace = find('{', open + 1);
      else openBracket = find('[', open + 1);
      continue;
    }
    // The list's own closing bracket, or the end of the text.
    if (close >= far) return { spans, end: far };
    if (depth === 0) return { spans, end: close + 1 };
    if (--depth === 0 && ordinal === ordinals[w]) {
      spans.set(wanted[w], { offset: itemStart, end: close + 1 });
      w++;
    }
    if (close === closeBrace) closeBrace = find('}', close + 1);
    else closeBracket = find(']', close + 1);
  }
  return { spans, end: far };
}

/**
 * A place as the locator gives it: the value, and its key when it is a property's. The value's
 * end is found only when asked for (-1 until then): on the way down only where each value
 * starts matters.
 */
interface Place {
  offset: number;
  end: number;
  keyOffset?: number;
  keyLength?: number;
}

/**
 * The place of `pointer` inside the item at `item` (the pointer's rest starting at `from`), or
 * of its nearest ancestor the text holds: each segment read in the object (its last key of
 * that name, as JSON.parse keeps it) or the array (its items numbered by their commas) found
 * for the one before.
 */
function descend(text: string, item: Span, pointer: string, from: number, keysWrittenOnce: boolean): Place {
  let place: Place = { offset: item.offset, end: item.end };
  let i = from;
  while (i < pointer.length) {
    const next = pointer.indexOf('/', i + 1);
    const end = next === -1 ? pointer.length : next;
    let segment = pointer.slice(i + 1, end);
    if (segment.includes('~')) segment = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    const ch = text.charCodeAt(place.offset);
    const found = ch === 123 ? propertyOf(text, place.offset, segment, keysWrittenOnce) : ch === 91 && /^(0|[1-9][0-9]*)$/.test(segment) ? itemOfArray(text, place.offset, Number(segment)) : undefined;
    // The text holds nothing further: the ancestor's value is the place, not its key.
    if (!found) return { offset: place.offset, end: place.end < 0 ? valueEnd(text, place.offset) : place.end };
    place = found;
    i = end;
  }
  if (place.end < 0) place.end = valueEnd(text, place.offset);
  return place;
}

/**
 * The last property named `key` of the object opening at `start`, its key's place and where its
 * value starts; the first, where no key of the text is written twice.
 */
function propertyOf(text: string, start: number, key: string, keysWrittenOnce: boolean): Place | undefined {
  let found: Place | undefined;
  let keyStart = -1;
  let keyEnd = -1;
  let matches = false;
  let i = start + 1;
  const stop = text.length;
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
    if (keyStart === -1 && ch === QUOTE) {
      keyStart = i;
      keyEnd = stringEnd(text, i);
      matches = keyIs(text, i, keyEnd, key);
      i = keyEnd;
      continue;
    }
    if (matches && keyStart !== -1) {
      found = { offset: i, end: -1, keyOffset: keyStart, keyLength: keyEnd - keyStart };
      if (keysWrittenOnce) return found;
    }
    i = valueEnd(text, i);
    if (found && found.end < 0) found.end = i;
    keyStart = -1;
    matches = false;
  }
  return found;
}

/** Where the item at `index` of the array opening at `start` starts, its items numbered by their commas; undefined where it holds none. */
function itemOfArray(text: string, start: number, index: number): Place | undefined {
  let at = 0;
  let i = start + 1;
  const stop = text.length;
  while (i < stop) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) {
      i++;
      continue;
    }
    if (ch === 93) return undefined;
    if (ch === 44) {
      at++;
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
    if (at === index) return { offset: i, end: -1 };
    i = valueEnd(text, i);
  }
  return undefined;
}

/** Whether the key written from `start` to `end` (its quotes included) reads as `key`. */
function keyIs(text: string, start: number, end: number, key: string): boolean {
  const length = end - start - 2;
  // An escape takes two characters or more for one: a key written shorter cannot be `key`.
  if (length < key.length) return false;
  let escaped = false;
  for (let i = start + 1; i < end - 1; i++) {
    if (text.charCodeAt(i) === 92) {
      escaped = true;
      break;
    }
  }
  if (escaped) return decoded(text.slice(start + 1, end - 1)) === key;
  return length === key.length && text.startsWith(key, start + 1);
}

/** A key written with escapes, as JSON.parse reads it. */
function decoded(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
