import type { Finding } from '../rules/finding';
import type { ParsedPlan } from '../json/parse';
import { bracketsAreStructural, skipByBrackets } from '../json/counts';
import { endsLiteral, nextMember, QUOTE, skipBlank, stringEnd } from '../json/scan';
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
 * reading the characters between. Findings inside another of the root's containers (a
 * `suppress` list, whose unused entries are hinted at) are read down from it, in the same walk.
 * Findings this cannot place (on the root or one of its keys itself, inside a key written with
 * escapes or a value that is no container) are left as they are, for the locator. With
 * `keysWrittenOnce` (the text writes no key twice in an object), a property is the first of
 * its name, and the rest of its object is not read.
 */
export function spanInItems(parsed: ParsedPlan, findings: readonly Finding[], keysWrittenOnce = false): Finding[] {
  const spanned = [...findings];
  const value = parsed.value;
  if (parsed.syntaxErrors.length || !isObject(value) || !bracketsAreStructural(parsed.source, value)) return spanned;
  // Each list's findings (their places in `findings`) and the items they are in; the findings
  // read from another of the root's containers (a `suppress` list), by its key.
  const wanted = new Map<string, { at: number[]; items: number[] }>();
  const members = new Map<string, number[]>();
  for (let at = 0; at < findings.length; at++) {
    if (findings[at].span) continue;
    const pointer = findings[at].pointer;
    const list = listOf(pointer);
    const items = list === undefined ? undefined : value[list];
    const index = list === undefined ? -1 : itemIndex(pointer, list.length + 2);
    if (Array.isArray(items) && index >= 0 && index < items.length && typeof items[index] === 'object' && items[index] !== null) {
      let of = wanted.get(list!);
      if (!of) wanted.set(list!, (of = { at: [], items: [] }));
      of.at.push(at);
      of.items.push(index);
      continue;
    }
    const key = memberOf(pointer);
    const inner = key !== undefined && Object.hasOwn(value, key) ? value[key] : undefined;
    if (typeof inner !== 'object' || inner === null) continue;
    const of = members.get(key!);
    if (of) of.push(at);
    else members.set(key!, [at]);
  }
  if (wanted.size === 0 && members.size === 0) return spanned;
  const text = parsed.source;
  const found = rootWalk(text, new Map([...wanted].map(([list, of]) => [list, { items: value[list] as unknown[], indexes: of.items }])), members);
  for (const [list, itemStarts] of found.items) {
    const { at, items } = wanted.get(list)!;
    for (let k = 0; k < at.length; k++) {
      const start = itemStarts.get(items[k]);
      if (start !== undefined) spanned[at[k]] = placed(text, findings[at[k]], start, list.length + 2, keysWrittenOnce);
    }
  }
  for (const [key, at] of members) {
    const start = found.members.get(key);
    if (start !== undefined) for (const k of at) spanned[k] = placed(text, findings[k], start, 1, keysWrittenOnce);
  }
  return spanned;
}

/** The finding with the span of its pointer read down from the container at `start`, the one its segment from `from` names. */
function placed(text: string, finding: Finding, start: number, from: number, keysWrittenOnce: boolean): Finding {
  descend(text, start, finding.pointer, itemIndexEnd(finding.pointer, from), keysWrittenOnce);
  return withSpan(finding, finding.target === 'key' && place.keyOffset >= 0 ? { offset: place.keyOffset, length: place.keyLength } : { offset: place.offset, length: place.end - place.offset });
}

/** A copy of the finding with its span; written out, as a spread of each of thousands of findings costs more than finding its place. */
function withSpan(finding: Finding, span: { offset: number; length: number }): Finding {
  const copy: Finding = { code: finding.code, severity: finding.severity, message: finding.message, pointer: finding.pointer, span };
  if (finding.target !== undefined) copy.target = finding.target;
  if (finding.data !== undefined) copy.data = finding.data;
  return copy;
}

const LISTS = ['hosts', 'vms', 'clusters'];
const ZERO = 48;
const SOLIDUS = 47;

/** Which of the three lists a pointer goes through (`/vms/…`), if any. */
function listOf(pointer: string): string | undefined {
  for (const list of LISTS) if (pointer.startsWith(list, 1) && pointer.charCodeAt(0) === SOLIDUS && pointer.charCodeAt(list.length + 1) === SOLIDUS) return list;
  return undefined;
}

/**
 * The root's key a pointer goes through, where the pointer reads further into its value
 * (`/suppress/0`) and the key is written without escapes; undefined otherwise.
 */
function memberOf(pointer: string): string | undefined {
  const slash = pointer.charCodeAt(0) === SOLIDUS ? pointer.indexOf('/', 1) : -1;
  if (slash === -1) return undefined;
  const key = pointer.slice(1, slash);
  return key.includes('~') ? undefined : key;
}

/** The item index written in `pointer` from `start` to the next `/`; -1 for one not written as the locator reads an index (digits, no leading zero). */
function itemIndex(pointer: string, start: number): number {
  const end = itemIndexEnd(pointer, start);
  if (end === start || (end > start + 1 && pointer.charCodeAt(start) === ZERO) || end - start > 15) return -1;
  let index = 0;
  for (let i = start; i < end; i++) {
    const digit = pointer.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    index = index * 10 + digit;
  }
  return index;
}

/** Where the segment of `pointer` starting at `start` ends: at the next `/`, or the pointer's end. */
function itemIndexEnd(pointer: string, start: number): number {
  const slash = pointer.indexOf('/', start);
  return slash === -1 ? pointer.length : slash;
}

/**
 * Where the wanted items of the root's lists start, and the wanted containers of its other
 * keys, in one walk: the root's properties read in turn, each wanted list's items found by
 * counting its brackets (`itemStarts`), the walk ending with the last wanted one. A container
 * is the one the value holds where its key is followed by a bracket: with every bracket the
 * value's own, a key written twice keeps no other container.
 */
function rootWalk(
  text: string,
  lists: ReadonlyMap<string, { items: readonly unknown[]; indexes: readonly number[] }>,
  keys: ReadonlyMap<string, unknown>,
): { items: Map<string, Map<number, number>>; members: Map<string, number> } {
  const items = new Map<string, Map<number, number>>();
  const members = new Map<string, number>();
  const wanted = lists.size + keys.size;
  let i = skipBlank(text, 0);
  if (text.charCodeAt(i) !== 123) return { items, members };
  let key: string | undefined;
  i++;
  while (i < text.length && items.size + members.size < wanted) {
    i = nextMember(text, i);
    if (i >= text.length) break;
    const ch = text.charCodeAt(i);
    if (ch === 125) break;
    if (key === undefined && ch === QUOTE) {
      const end = stringEnd(text, i);
      key = keyAt(text, i, end);
      i = end;
      continue;
    }
    const container = ch === 91 || ch === 123;
    if (container && key !== undefined && keys.has(key)) members.set(key, i);
    const list = ch === 91 && key !== undefined ? lists.get(key) : undefined;
    if (list) {
      const more = items.size + members.size + 1 < wanted;
      const { starts, end } = itemStarts(text, i, list.items, list.indexes, more);
      items.set(key!, starts);
      i = end;
    } else {
      i = valueEnd(text, i);
    }
    key = undefined;
  }
  return { items, members };
}

/**
 * Where the list's items at `indexes` start, each an object or an array, found by counting the
 * bracket pairs directly inside the list's brackets (at `start`): the k-th is the list's k-th
 * item that is a container, as the value says. Where no item before the last wanted one is an
 * array, the items are the objects directly inside the list, and braces alone are counted. The
 * walk stops at the last wanted item; with `toEnd`, the list's end (where the next value may
 * start) is found from there by its square brackets alone (`listEnd`).
 */
function itemStarts(text: string, start: number, list: readonly unknown[], indexes: readonly number[], toEnd: boolean): { starts: Map<number, number>; end: number } {
  let last = -1;
  for (const index of indexes) if (index > last) last = index;
  const asked = new Uint8Array(last + 1);
  for (const index of indexes) asked[index] = 1;
  // Which container, counted from the list's first, each wanted item is.
  const wanted: number[] = [];
  const ordinals: number[] = [];
  let containers = 0;
  let arrays = false;
  for (let index = 0; index <= last; index++) {
    if (asked[index]) {
      wanted.push(index);
      ordinals.push(containers);
    }
    const item = list[index];
    if (typeof item === 'object' && item !== null) {
      containers++;
      if (Array.isArray(item)) arrays = true;
    }
  }
  const starts = new Map<number, number>();
  const far = text.length;
  const find = (ch: string, from: number) => {
    const at = text.indexOf(ch, from);
    return at === -1 ? far : at;
  };
  let openBrace = find('{', start + 1);
  let closeBrace = find('}', start + 1);
  let openBracket = arrays ? find('[', start + 1) : far;
  let closeBracket = arrays ? find(']', start + 1) : far;
  let depth = 0;
  let ordinal = -1;
  for (let w = 0; w < ordinals.length; ) {
    const open = openBrace < openBracket ? openBrace : openBracket;
    const close = closeBrace < closeBracket ? closeBrace : closeBracket;
    if (open < close) {
      if (depth++ === 0 && ++ordinal === ordinals[w]) {
        starts.set(wanted[w++], open);
        if (w === ordinals.length) return { starts, end: toEnd ? listEnd(text, open) : far };
      }
      if (open === openBrace) openBrace = find('{', open + 1);
      else openBracket = find('[', open + 1);
      continue;
    }
    // The list's own closing bracket (or the end of the text): no more items.
    if (close >= far) break;
    if (depth === 0) return { starts, end: close + 1 };
    depth--;
    if (close === closeBrace) closeBrace = find('}', close + 1);
    else closeBracket = find(']', close + 1);
  }
  return { starts, end: far };
}


/**
 * The end of the list one of whose items starts at `from`: after its closing bracket, the first
 * `]` that closes no array opened from `from` on. Only for a text whose brackets are all the
 * value's own, where the square brackets alone nest as the arrays do.
 */
function listEnd(text: string, from: number): number {
  let depth = 0;
  let open = text.indexOf('[', from);
  for (let close = text.indexOf(']', from); close !== -1; close = text.indexOf(']', close + 1)) {
    for (; open !== -1 && open < close; open = text.indexOf('[', open + 1)) depth++;
    if (depth === 0) return close + 1;
    depth--;
  }
  return text.length;
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

/**
 * Where the last `descend` ended, as the locator gives a place: the value, and its key (-1 for
 * none) when it is a property's. One object for every finding: a what-if places thousands.
 */
const place = { offset: 0, end: 0, keyOffset: -1, keyLength: 0 };

/**
 * The place of `pointer` inside the item starting at `start` (the pointer's rest starting at
 * `from`), or of its nearest ancestor the text holds, into `place`: each segment read in the
 * object (its last key of that name, as JSON.parse keeps it) or the array (its items numbered
 * by their commas) found for the one before. Only the last value's end is looked for.
 */
function descend(text: string, start: number, pointer: string, from: number, keysWrittenOnce: boolean): void {
  place.offset = start;
  place.keyOffset = -1;
  for (let i = from; i < pointer.length; ) {
    const end = itemIndexEnd(pointer, i + 1);
    const ch = text.charCodeAt(place.offset);
    let found = false;
    if (ch === 123) found = property(text, place.offset, pointer, i + 1, end, keysWrittenOnce);
    else if (ch === 91) {
      const index = itemIndex(pointer, i + 1);
      found = index >= 0 && item(text, place.offset, index);
    }
    if (!found) {
      // The text holds nothing further: the ancestor's value is the place, not its key.
      place.keyOffset = -1;
      break;
    }
    i = end;
  }
  place.end = valueEnd(text, place.offset);
}

/**
 * The property of the object opening at `start` named by the pointer's segment from `from` to
 * `to`, into `place` (its value's start and its key): the last of that name, or the first
 * where no key of the text is written twice. False where the object has none.
 */
function property(text: string, start: number, pointer: string, from: number, to: number, keysWrittenOnce: boolean): boolean {
  let valueAt = -1;
  let keyAt = -1;
  let keyEnd = -1;
  let keyStart = -1;
  let matches = false;
  let i = start + 1;
  const stop = text.length;
  while (i < stop) {
    i = nextMember(text, i);
    if (i >= text.length) break;
    const ch = text.charCodeAt(i);
    if (ch === 125) break;
    if (keyStart === -1 && ch === QUOTE) {
      keyStart = i;
      i = stringEnd(text, i);
      matches = keyIs(text, keyStart, i, pointer, from, to);
      if (matches) keyEnd = i;
      continue;
    }
    if (matches) {
      valueAt = i;
      keyAt = keyStart;
      if (keysWrittenOnce) break;
    }
    i = valueEnd(text, i);
    keyStart = -1;
    matches = false;
  }
  if (valueAt < 0) return false;
  place.offset = valueAt;
  place.keyOffset = keyAt;
  place.keyLength = keyEnd - keyAt;
  return true;
}

/**
 * Whether the key written from `start` to `end` (its quotes included) reads as the pointer's
 * segment from `from` to `to`: compared in place where neither is escaped.
 */
function keyIs(text: string, start: number, end: number, pointer: string, from: number, to: number): boolean {
  const length = end - start - 2;
  let plain = true;
  for (let i = start + 1; i < end - 1 && plain; i++) plain = text.charCodeAt(i) !== 92;
  for (let i = from; i < to && plain; i++) plain = pointer.charCodeAt(i) !== 126;
  if (!plain) return keyAt(text, start, end) === pointer.slice(from, to).replace(/~1/g, '/').replace(/~0/g, '~');
  if (length !== to - from) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(start + 1 + i) !== pointer.charCodeAt(from + i)) return false;
  return true;
}

/** The item at `index` of the array opening at `start`, into `place`, its items numbered by their commas; false where it holds none. */
function item(text: string, start: number, index: number): boolean {
  let at = 0;
  let i = start + 1;
  const stop = text.length;
  while (i < stop) {
    const next = skipBlank(text, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const ch = text.charCodeAt(i);
    if (ch === 93) return false;
    if (ch === 44) {
      at++;
      i++;
      continue;
    }
    if (at === index) {
      place.offset = i;
      place.keyOffset = -1;
      return true;
    }
    i = valueEnd(text, i);
  }
  return false;
}

/** The key written from `start` to `end` (its quotes included), as JSON.parse reads it. */
function keyAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? decoded(raw) : raw;
}

/** A key written with escapes, as JSON.parse reads it. */
function decoded(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
