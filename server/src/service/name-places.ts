import type { Position, Range } from 'vscode-languageserver-types';
import type { Finding } from '../rules/finding';
import { commentEnd } from '../json/scan';
import type { Places } from '../json/tolerant';
import { containerSkip, ItemSteps, propertyPlaces, type Item, type Span } from './item-places';
import type { PlanVersion } from './plan-version';
import { DUPLICATE_KEYS } from './schema';

/**
 * Where the plan's hosts and clusters stand and where their names are, for the capacity hints
 * and lens, found as far down the text as a request asks and kept with the version: the first
 * request for a screen costs the items above it (stepped over by their brackets) and the names
 * on it, not a place for every host of the plan, and builds no line index.
 *
 * Only for a text JSON.parse read (no syntax error), where the scan reads what JSON.parse
 * kept; a broken plan's places come from the tolerant parser, through the locator.
 */
export interface PlanLists {
  /** Where the plan's object starts. */
  readonly root: number;
  readonly hosts: Names | undefined;
  readonly clusters: Names | undefined;
}

/** One list's items and their names. */
export interface Names {
  /**
   * For each model entry (hosts or clusters, in their order) whose item's `name` value touches
   * `start`–`end`, that entry's position in `entries` and the name's place.
   */
  touching(entries: ReadonlyArray<{ index: number }>, start: number, end: number): Array<{ entry: number; name: Span }>;
  /** Every item of the list, in order. */
  all(): readonly Item[];
}

/** One list's items, stepped through as far as asked, and the `name` of each item read at most once. */
export class ListNames implements Names {
  private readonly names: Array<Span | null | undefined> = [];

  constructor(
    private readonly text: string,
    readonly items: ItemSteps,
    private readonly skip: (text: string, start: number) => number,
  ) {}

  /** The place of the `name` value of the item at `position` of `items.found`, if it has one. */
  nameOf(position: number): Span | undefined {
    let name = this.names[position];
    if (name === undefined) {
      const item = this.items.found[position];
      const place = this.text.charCodeAt(item.offset) === 123 ? propertyPlaces(this.text, item.offset, NAME, this.skip).get('name') : undefined;
      this.names[position] = name = place ?? null;
    }
    return name ?? undefined;
  }

  all(): readonly Item[] {
    return this.items.through(Infinity);
  }

  touching(entries: ReadonlyArray<{ index: number }>, start: number, end: number): Array<{ entry: number; name: Span }> {
    const found = this.items.through(end);
    // The items are in order and apart, so their ends rise too: the first that reaches `start`.
    let low = 0;
    let high = found.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (found[mid].end < start) low = mid + 1;
      else high = mid;
    }
    const out: Array<{ entry: number; name: Span }> = [];
    let entry = 0;
    for (let k = low; k < found.length && found[k].offset <= end; k++) {
      entry = entryAt(entries, found[k].index, entry);
      if (entry < 0) {
        entry = 0;
        continue;
      }
      const name = this.nameOf(k);
      if (name && name.end >= start && name.offset <= end) out.push({ entry, name });
    }
    return out;
  }
}

/** The position in `entries` (in rising `index` order) of the one with `index`, looked for from `from` on; -1 if none. */
function entryAt(entries: ReadonlyArray<{ index: number }>, index: number, from: number): number {
  let low = from;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (entries[mid].index < index) low = mid + 1;
    else high = mid;
  }
  return low < entries.length && entries[low].index === index ? low : -1;
}

/**
 * One list's items and names after a syntax error, from the places the tolerant parse noted
 * (json/tolerant.ts), read as the locator reads them (`locateInPlaces`): items numbered by the
 * values the array holds, of a key written twice the last. No text is read; every item is
 * looked at, each a few numbers.
 */
class PlacedNames implements Names {
  private items: Array<Item & { r: number }> | undefined;
  private readonly names: Array<Span | null | undefined> = [];

  constructor(
    private readonly places: Places,
    private readonly r: number,
  ) {}

  all(): ReadonlyArray<Item & { r: number }> {
    if (!this.items) {
      const { start, end, next } = this.places;
      const items: Array<Item & { r: number }> = [];
      for (let c = this.r + 1, index = 0; c < next[this.r]; c = next[c], index++) items.push({ index, offset: start[c], end: end[c], r: c });
      this.items = items;
    }
    return this.items;
  }

  private nameOf(k: number): Span | undefined {
    let name = this.names[k];
    if (name === undefined) {
      const at = childNamed(this.places, this.all()[k].r, 'name');
      this.names[k] = name = at === -1 ? null : { offset: this.places.start[at], end: this.places.end[at] };
    }
    return name ?? undefined;
  }

  touching(entries: ReadonlyArray<{ index: number }>, start: number, end: number): Array<{ entry: number; name: Span }> {
    const out: Array<{ entry: number; name: Span }> = [];
    const items = this.all();
    let entry = 0;
    for (let k = 0; k < items.length; k++) {
      const name = this.nameOf(k);
      if (!name || name.end < start || name.offset > end) continue;
      const at = entryAt(entries, items[k].index, entry);
      if (at < 0) continue;
      entry = at;
      out.push({ entry, name });
    }
    return out;
  }
}

/** The last value under `key` in the object noted at `r`; -1 if none (or `r` is no object). */
function childNamed(places: Places, r: number, key: string): number {
  const { kind, next, keys } = places;
  let found = -1;
  if (kind[r] !== KIND_OBJECT) return found;
  for (let c = r + 1; c < next[r]; c = next[c]) if (keys[c] === key) found = c;
  return found;
}

const KIND_OBJECT = 1;
const KIND_ARRAY = 2;

const PLAN_LISTS = 'plan lists';
const LISTS: ReadonlySet<string> = new Set(['hosts', 'clusters']);
const NAME: ReadonlySet<string> = new Set(['name']);

/**
 * The plan's lists of a version, found once and kept: read from the text where JSON.parse read
 * it, else from the places the tolerant parse noted; undefined when the plan is not an object
 * or a broken plan's places are not at hand.
 */
export function planLists(version: PlanVersion): PlanLists | undefined {
  if (!version.syntaxErrors.length) return version.derived(PLAN_LISTS, () => findLists(version)) ?? undefined;
  const places = version.places;
  return places ? (version.derived(PLAN_LISTS, () => placedLists(places)) ?? undefined) : undefined;
}

function placedLists(places: Places): PlanLists | null {
  if (places.count === 0 || places.kind[0] !== KIND_OBJECT) return null;
  const list = (key: string) => {
    const r = childNamed(places, 0, key);
    return r !== -1 && places.kind[r] === KIND_ARRAY ? new PlacedNames(places, r) : undefined;
  };
  return { root: places.start[0], hosts: list('hosts'), clusters: list('clusters') };
}

function findLists(version: PlanVersion): PlanLists | null {
  const text = version.source;
  let root = 0;
  for (;;) {
    while (root < text.length && text.charCodeAt(root) <= 32) root++;
    const comment = text.charCodeAt(root) === 47 ? commentEnd(text, root) : -1;
    if (comment === -1) break;
    root = comment;
  }
  if (text.charCodeAt(root) !== 123) return null;
  const skip = containerSkip(version);
  // Of a key written twice JSON.parse keeps the later, and so does reading the whole object;
  // where the version's check found neither list's key written twice, the first of each is
  // the plan's, and the reading stops there (the list of VMs after them is not stepped over).
  const twice = version.kept<Finding[]>(DUPLICATE_KEYS);
  const once = twice !== undefined && !twice.some((f) => f.pointer === '/hosts' || f.pointer === '/clusters');
  const lists = propertyPlaces(text, root, LISTS, skip, Infinity, once ? LISTS.size : Infinity);
  const list = (key: string) => {
    const at = lists.get(key);
    return at && text.charCodeAt(at.offset) === 91 ? new ListNames(text, new ItemSteps(text, at, skip), skip) : undefined;
  };
  return { root, hosts: list('hosts'), clusters: list('clusters') };
}

/** How many lines a range may span for its end to be found by counting from its start. */
const NEAR_LINES = 2_000;

/**
 * The offsets of a range's start and end, as `LineIndex.offsetAt` gives them, and the start
 * of the start's line: counted from the top for a range near it, else one lookup in the
 * version's line index (which, for a document's first few lookups, reads only the piece of
 * text the line is in); the end counted on from the start when it is near. No index of every
 * line is built for a screen.
 */
export function rangeOffsets(version: PlanVersion, range: Range): { lineStart: number; start: number; end: number } {
  const text = version.text;
  const top = range.start.line <= NEAR_LINES ? linesOn(text, 0, Math.max(0, range.start.line)) : -2;
  const lineStart = range.start.line < 0 ? 0 : top === -1 ? text.length : top >= 0 ? top : version.lines.offsetAt({ line: range.start.line, character: 0 });
  const start = range.start.line < 0 ? 0 : clampToLine(text, lineStart, range.start.character);
  const lines = range.end.line - range.start.line;
  let end: number;
  if (range.end.line < 0) end = 0;
  else if (range.start.line >= 0 && lines >= 0 && lines <= NEAR_LINES) {
    const endLine = linesOn(text, lineStart, lines);
    end = endLine === -1 ? text.length : clampToLine(text, endLine, range.end.character);
  } else end = version.lines.offsetAt(range.end);
  return { lineStart, start, end };
}

/** The offset `character` along the line starting at `lineStart`, no further than the start of the next line. */
function clampToLine(text: string, lineStart: number, character: number): number {
  const next = linesOn(text, lineStart, 1);
  const lineEnd = next === -1 ? text.length : next;
  return Math.max(lineStart, Math.min(lineStart + character, lineEnd));
}

/** The start of the line `count` lines on from the line starting at `from`; -1 if the text ends before it. */
function linesOn(text: string, from: number, count: number): number {
  let left = count;
  for (let i = from; left > 0 && i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 10 && ch !== 13) continue;
    if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (--left === 0) return i + 1;
  }
  return left === 0 ? from : -1;
}

const POSITIONS = 'hint positions';

/**
 * The positions of offsets at or after `lineStart`, the start of line `line`, as
 * `positionsFrom` counts them; each counted once per version and kept, since an editor asks
 * again for the same names (the screen again, the whole plan, the lens).
 */
export function positionsOf(version: PlanVersion, line: number, lineStart: number, offsets: readonly number[]): Position[] {
  const known = version.derived(POSITIONS, () => new Map<number, Position>());
  const missing = offsets.filter((offset) => !known.has(offset));
  if (missing.length) {
    const found = positionsFrom(version.text, line, lineStart, missing);
    for (let i = 0; i < missing.length; i++) known.set(missing[i], found[i]);
  }
  return offsets.map((offset) => {
    const { line: l, character } = known.get(offset)!;
    return { line: l, character };
  });
}

/**
 * The positions of offsets at or after `lineStart`, the start of line `line`, with line
 * breaks counted as `LineIndex` counts them (\r\n, \r and \n each end a line). Reads the text
 * only from `lineStart` to the last offset.
 */
export function positionsFrom(text: string, line: number, lineStart: number, offsets: readonly number[]): Position[] {
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  const out: Position[] = new Array(offsets.length);
  if (order.length === 0) return out;
  const last = Math.min(offsets[order[order.length - 1]], text.length);
  const returns = text.slice(lineStart, last).includes('\r');
  let next = returns ? -1 : text.indexOf('\n', lineStart);
  let i = lineStart;
  for (const k of order) {
    const offset = Math.max(lineStart, Math.min(offsets[k], text.length));
    if (!returns) {
      while (next !== -1 && next < offset) {
        line++;
        lineStart = next + 1;
        next = text.indexOf('\n', lineStart);
      }
    } else {
      for (; i < offset; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 && text.charCodeAt(i + 1) === 10) {
          // A \r\n ends its line after the \n: not before `offset` when that is between them.
          if (i + 2 > offset) break;
          i++;
        }
        if (ch === 13 || ch === 10) {
          line++;
          lineStart = i + 1;
        }
      }
    }
    out[k] = { line, character: offset - lineStart };
  }
  return out;
}
