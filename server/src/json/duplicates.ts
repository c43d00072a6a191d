import { parseTree, type Node } from 'jsonc-parser';
import { propertyValue } from './parse';
import { escapeSegment } from './pointer';
import { QUOTE, skipQuoted, SLASH } from './scan';
import { deepSafe } from '../util/deep-safe';
import { countValue, occurrences } from './counts';
import type { Places } from './tolerant';

/** A key JSON.parse dropped because the same object writes it again later. */
export interface DuplicateKey {
  name: string;
  /** The pointer of the object that holds both keys. */
  objectPointer: string;
  /** Where the dropped key is written. */
  offset: number;
  length: number;
}

/** Colons outside strings and comments: the properties written in the text. */
function countTextProperties(text: string): number {
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE || ch === SLASH) {
      const end = skipQuoted(text, i, ch);
      if (end !== -1) {
        i = end;
        continue;
      }
    } else if (ch === 58) {
      count++;
    }
    i++;
  }
  return count;
}

/**
 * Keys written twice in one object. JSON.parse keeps the last and drops the first without a
 * word; each earlier key is returned, with where it is written. Counting properties in the text and in
 * the value finds out cheaply whether there is any duplicate; only then is the tree walked
 * to find where. A key whose value a syntax error swallowed was never stored, so it neither
 * drops an earlier key nor counts as dropped; nothing inside a dropped value is reported,
 * since that value is not in the plan at all.
 */
export function duplicateKeys(parsed: { readonly source: string; readonly value: unknown; readonly keysStoredTwice?: number; readonly places?: Places }): DuplicateKey[] {
  const { source, value } = parsed;
  // The tolerant parser counted as it read, and noted where each value stands: after a syntax
  // error the property counts differ whether or not a key is written twice, and the places
  // say which keys are, without a tree of the whole text.
  if (parsed.keysStoredTwice === 0) return [];
  if (parsed.places) return duplicatesInPlaces(parsed.places);
  // Every property of the value is written in the text, so the text never holds fewer; when
  // even all its colons are no more than the value's properties, no key is written twice.
  const { properties } = countValue(value);
  if (occurrences(source, ':') <= properties || countTextProperties(source) === properties) return [];
  return walkDuplicateKeys(source);
}

/** The keys written twice, from a walk of jsonc-parser's tree of the whole text: what the counts above spare. */
export function walkDuplicateKeys(source: string): DuplicateKey[] {
  const tree = deepSafe(() => parseTree(source, [], { allowTrailingComma: true, disallowComments: false }));
  if (!tree) return [];
  const duplicates: DuplicateKey[] = [];
  const stack: Array<{ node: Node; pointer: string }> = [{ node: tree, pointer: '' }];
  while (stack.length) {
    const { node, pointer } = stack.pop()!;
    if (node.type === 'array') {
      node.children?.forEach((child, i) => stack.push({ node: child, pointer: `${pointer}/${i}` }));
      continue;
    }
    if (node.type !== 'object' || !node.children) continue;
    // The last key of each name that has a value: the one the parsed value holds.
    const kept = new Map<string, Node>();
    for (const property of node.children) if (propertyValue(property)) kept.set(String(property.children![0].value), property);
    for (const property of node.children) {
      const inner = propertyValue(property);
      if (!inner) continue;
      const key = property.children![0];
      const name = String(key.value);
      if (kept.get(name) === property) {
        if (inner.type === 'object' || inner.type === 'array') stack.push({ node: inner, pointer: `${pointer}/${escapeSegment(name)}` });
        continue;
      }
      duplicates.push({ name, objectPointer: pointer, offset: key.offset, length: key.length });
    }
  }
  return duplicates.sort((a, b) => a.offset - b.offset);
}

/** The keys written twice, from the places a tolerant parse noted: as the walk of the tree finds them. */
function duplicatesInPlaces(places: Places): DuplicateKey[] {
  const { count, kind, keyStart, keyLength, next, keys } = places;
  const duplicates: DuplicateKey[] = [];
  if (count === 0) return duplicates;
  const stack: Array<{ r: number; pointer: string }> = [{ r: 0, pointer: '' }];
  while (stack.length) {
    const { r, pointer } = stack.pop()!;
    if (kind[r] === 2) {
      for (let c = r + 1, i = 0; c < next[r]; c = next[c], i++) if (kind[c] !== 0) stack.push({ r: c, pointer: `${pointer}/${i}` });
      continue;
    }
    if (kind[r] !== 1) continue;
    // The last value of each name: the one the parsed value holds.
    const kept = new Map<string, number>();
    for (let c = r + 1; c < next[r]; c = next[c]) if (keys[c] !== undefined) kept.set(keys[c]!, c);
    for (let c = r + 1; c < next[r]; c = next[c]) {
      const name = keys[c];
      if (name === undefined) continue;
      if (kept.get(name) === c) {
        if (kind[c] !== 0) stack.push({ r: c, pointer: `${pointer}/${escapeSegment(name)}` });
        continue;
      }
      duplicates.push({ name, objectPointer: pointer, offset: keyStart[c], length: keyLength[c] });
    }
  }
  return duplicates.sort((a, b) => a.offset - b.offset);
}
