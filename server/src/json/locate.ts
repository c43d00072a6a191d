import { visit } from 'jsonc-parser';

import { deepSafe } from '../util/deep-safe';
import type { Places } from './tolerant';
import { BracketWalk, knownStructural } from './counts';
import { buildTrie, scanForPointers, type TrieNode } from './locate-scan';

/** Where a pointer's value (and, for a property, its key) stands in the text. */
export interface Located {
  offset: number;
  length: number;
  keyOffset?: number;
  keyLength?: number;
}


interface Span {
  offset: number;
  length: number;
}


/**
 * Finds where the given pointers stand. A plan that is JSON (with comments) is scanned once,
 * without building a tree: only diagnostics need positions, and a whole-document tree costs
 * far more than the check. After a syntax error a scan cannot know which item a value
 * belongs to (a missing or doubled comma puts a count of commas out of step), so the places
 * come from the tolerant parser that built the value.
 */
export function locatePointers(parsed: LocatedIn, pointers: Iterable<string>): Map<string, Located> {
  let known = placesKnown.get(parsed);
  if (!known) placesKnown.set(parsed, (known = new Map()));
  const found = new Map<string, Located>();
  let missing: string[] | undefined;
  for (const pointer of pointers) {
    const at = known.get(pointer);
    if (at) found.set(pointer, at);
    else if (at === undefined) (missing ??= []).push(pointer);
  }
  if (!missing) return found;
  const located = locateAfresh(parsed, missing);
  for (const pointer of missing) {
    const at = located.get(pointer);
    known.set(pointer, at ?? null);
    if (at) found.set(pointer, at);
  }
  return found;
}

type LocatedIn = { readonly source: string; readonly syntaxErrors?: readonly unknown[]; readonly places?: Places; readonly value?: unknown };

/**
 * What `locatePointers` found in a text, by the parsed text it was asked of (a version): the
 * place of each pointer, or null for one the text does not hold. Asked again, it answers from
 * here; a version read from the one before by retyping a value starts with the earlier
 * version's places, moved by the edit (`carryPlaces`).
 */
const placesKnown = new WeakMap<object, Map<string, Located | null>>();

/**
 * The places known in `before` carried to `after`, whose text is the same but for the value
 * at `offset` whose text went from `removed` to `added` characters: the same containers, keys
 * and values, those after the value moved by the difference, those around it grown by it.
 */
export function carryPlaces(before: object, after: object, offset: number, removed: number, added: number): void {
  const known = placesKnown.get(before);
  if (!known || placesKnown.has(after)) return;
  const delta = added - removed;
  const end = offset + removed;
  const carried = new Map<string, Located | null>();
  for (const [pointer, at] of known) {
    if (!at || delta === 0) {
      carried.set(pointer, at);
      continue;
    }
    const moved: Located = { offset: at.offset >= end ? at.offset + delta : at.offset, length: at.offset < end && at.offset + at.length >= end ? at.length + delta : at.length };
    if (at.keyOffset !== undefined) {
      moved.keyOffset = at.keyOffset >= end ? at.keyOffset + delta : at.keyOffset;
      moved.keyLength = at.keyLength;
    }
    carried.set(pointer, moved);
  }
  placesKnown.set(after, carried);
}

function locateAfresh(parsed: LocatedIn, pointers: Iterable<string>): Map<string, Located> {
  if (!parsed.syntaxErrors?.length) {
    // Containers are stepped over by their brackets when every bracket of the text is one of
    // the value's containers. The first scan of a text learns that as it goes: its walk counts
    // the brackets, and what it found is kept only when the count says they all were.
    const { source, value } = parsed;
    const known = value === undefined ? false : knownStructural(source, value);
    if (known === false) return scanForPointers(source, pointers, undefined);
    const walk = new BracketWalk(source);
    const found = scanForPointers(source, pointers, walk);
    return known || walk.structuralFor(value) ? found : scanForPointers(source, pointers, undefined);
  }
  return parsed.places ? locateInPlaces(parsed.places, pointers) : locateTolerant(parsed.source, pointers);
}

/**
 * Places from those the tolerant parse noted as it read, without reading the text again: the
 * places `locateTolerant` finds (an array's items numbered by the values it holds, of a key
 * written twice the last one with a value). Only the values on the way to a wanted pointer
 * are visited; an array's other items are stepped over by their `next`.
 */
export function locateInPlaces(places: Places, pointers: Iterable<string>): Map<string, Located> {
  const found = new Map<string, Located>();
  if (places.count === 0) return found;
  const { kind, start, end, keyStart, keyLength, next, keys } = places;
  // Depth first, in the order the values begin, so that of two values at one pointer the later wins.
  const stack: Array<{ r: number; node: TrieNode }> = [{ r: 0, node: buildTrie(pointers) }];
  while (stack.length) {
    const { r, node } = stack.pop()!;
    if (node.pointer !== undefined) {
      found.set(node.pointer, keyStart[r] >= 0 ? { offset: start[r], length: end[r] - start[r], keyOffset: keyStart[r], keyLength: keyLength[r] } : { offset: start[r], length: end[r] - start[r] });
    }
    const children = node.children;
    if (!children || kind[r] === 0) continue;
    const wanted: Array<{ r: number; node: TrieNode }> = [];
    if (kind[r] === 2) {
      // Only canonical indices name an item, as String(index) would.
      const byIndex = new Map<number, TrieNode>();
      for (const [segment, child] of children) if (/^(0|[1-9][0-9]*)$/.test(segment)) byIndex.set(Number(segment), child);
      let index = 0;
      for (let c = r + 1; c < next[r] && byIndex.size; c = next[c], index++) {
        const child = byIndex.get(index);
        if (child) {
          wanted.push({ r: c, node: child });
          byIndex.delete(index);
        }
      }
    } else {
      for (let c = r + 1; c < next[r]; c = next[c]) {
        const key = keys[c];
        const child = key === undefined ? undefined : children.get(key);
        if (child) wanted.push({ r: c, node: child });
      }
    }
    for (let i = wanted.length - 1; i >= 0; i--) stack.push(wanted[i]);
  }
  return found;
}

interface VisitFrame {
  node: TrieNode | undefined;
  start: number;
  key: Span | undefined;
  /** Arrays: values seen so far. Objects: the wanted child named by the key just read. */
  index: number;
  pending: { node: TrieNode | undefined; key: Span } | undefined;
}

/**
 * Places as jsonc-parser's tolerant tree (`parseTree`) has them, from the same visitor
 * events the tree and the recovered value are built from: an array's items are numbered by
 * the values it holds, and a key whose value a syntax error swallowed holds nothing. Of a
 * key written twice the last one with a value wins. Containers that hold no wanted pointer
 * are stepped over without callbacks.
 */
export function locateTolerant(text: string, pointers: Iterable<string>): Map<string, Located> {
  const found = new Map<string, Located>();
  const root = buildTrie(pointers);
  const frames: VisitFrame[] = [];
  let rooted = false;
  const record = (node: TrieNode | undefined, offset: number, end: number, key: Span | undefined) => {
    if (node?.pointer === undefined) return;
    found.set(node.pointer, key ? { offset, length: end - offset, keyOffset: key.offset, keyLength: key.length } : { offset, length: end - offset });
  };
  /** The wanted node a value starting now stands for, and its key; consumes the key. */
  const slot = (): { node: TrieNode | undefined; key: Span | undefined } | undefined => {
    const top = frames[frames.length - 1];
    if (!top) {
      if (rooted) return undefined;
      rooted = true;
      return { node: root, key: undefined };
    }
    if (top.pending) {
      const taken = top.pending;
      top.pending = undefined;
      return taken;
    }
    if (top.index < 0) return undefined; // an object: no key, no value
    return { node: top.node?.children?.get(String(top.index++)), key: undefined };
  };
  const begin = (isObject: boolean) => (offset: number) => {
    const at = slot();
    frames.push({ node: at?.node, start: offset, key: at?.key, index: isObject ? -1 : 0, pending: undefined });
    // Nothing wanted inside: no callbacks until its end.
    return at?.node?.children !== undefined;
  };
  const end = (offset: number, length: number) => {
    const frame = frames.pop();
    // After an unclosed block comment jsonc-parser ends open containers one past the text.
    if (frame) record(frame.node, frame.start, Math.min(offset + length, text.length), frame.key);
  };
  deepSafe(() =>
    visit(
      text,
      {
        onObjectBegin: begin(true),
        onArrayBegin: begin(false),
        onObjectEnd: end,
        onArrayEnd: end,
        onObjectProperty: (name, offset, length) => {
          const top = frames[frames.length - 1];
          top.pending = { node: top.node?.children?.get(name), key: { offset, length } };
        },
        onLiteralValue: (_value, offset, length) => {
          const at = slot();
          if (at) record(at.node, offset, offset + length, at.key);
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    ),
  );
  return found;
}
