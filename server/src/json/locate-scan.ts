import { parsePointer } from './pointer';
import { commentEnd, endsLiteral, QUOTE, skipContainer, SLASH, stringEnd } from './scan';
import type { BracketWalk } from './counts';
import type { Located } from './locate';

/*
 * The scan of a plan's text for the places of a set of JSON pointers: the pointers are held in
 * a trie, and one pass over the text descends only into the containers that hold wanted ones.
 */

export interface TrieNode {
  pointer?: string;
  children?: Map<string, TrieNode>;
  /** Of many children, those an array item is named by (as `String(index)` writes it), at their index; made at first use. */
  items?: TrieNode[];
}

export function buildTrie(pointers: Iterable<string>): TrieNode {
  const root: TrieNode = {};
  for (const pointer of pointers) {
    let node = root;
    for (const segment of parsePointer(pointer)) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = {}));
      node = child;
    }
    node.pointer = pointer;
  }
  return root;
}


/** An open container the scan is inside, holding wanted pointers. */
class ScanFrame {
  /** Arrays: the item the scan is at. */
  index = 0;
  /** Objects: whether the next string is a key. */
  expectingKey: boolean;

  constructor(
    readonly isObject: boolean,
    readonly node: TrieNode,
    readonly start: number,
    readonly keyOffset: number,
    readonly keyLength: number,
  ) {
    this.expectingKey = isObject;
  }
}

/**
 * The wanted item at `index` of an array: its segment as `String(index)` writes it. An array
 * with many wanted items (the plan's VMs) has them at their index, so its other items make no
 * string; a few are looked up by name.
 */
function itemAt(node: TrieNode, index: number): TrieNode | undefined {
  const children = node.children!;
  if (children.size <= FEW_ITEMS) return children.get(String(index));
  if (!node.items) {
    const items: TrieNode[] = (node.items = []);
    for (const [segment, child] of children) {
      const at = itemIndex(segment);
      if (at >= 0) items[at] = child;
    }
  }
  return node.items[index];
}

/** Up to this many wanted items of an array are looked up by name. */
const FEW_ITEMS = 8;

/** The array index a segment names, as `String(index)` writes it (no sign, no leading zero), or -1. */
function itemIndex(segment: string): number {
  const length = segment.length;
  if (length === 0 || length > 15) return length > 15 && /^[1-9][0-9]*$/.test(segment) && String(Number(segment)) === segment ? Number(segment) : -1;
  if (length > 1 && segment.charCodeAt(0) === 48) return -1;
  let value = 0;
  for (let k = 0; k < length; k++) {
    const digit = segment.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The wanted child named by the key written from `start` (its opening quote) to `end` (after its closing quote), read as JSON.parse reads it. */
function childByKey(node: TrieNode, text: string, start: number, end: number): TrieNode | undefined {
  const raw = text.slice(start + 1, text.charCodeAt(end - 1) === QUOTE && end - 1 > start ? end - 1 : end);
  return node.children!.get(raw.includes('\\') ? decodeKey(raw) : raw);
}

function record(found: Map<string, Located>, node: TrieNode | undefined, offset: number, end: number, keyOffset: number, keyLength: number): void {
  if (node?.pointer === undefined) return;
  found.set(node.pointer, keyOffset >= 0 ? { offset, length: end - offset, keyOffset, keyLength } : { offset, length: end - offset });
}

/**
 * The scan for JSON with comments: one pass over the text, numbering array items by their
 * commas. Containers that hold no wanted pointer are stepped over: by their brackets with
 * `walk` (which counts every bracket it meets, so the caller learns whether that could be
 * trusted), else with a plain character loop. With duplicate keys the last one wins, as in
 * the parsed value. No string is made for an array item or a key that names nothing wanted.
 * Iterative, so nesting depth cannot overflow the stack.
 */
export function scanForPointers(text: string, pointers: Iterable<string>, walk: BracketWalk | undefined): Map<string, Located> {
  const found = new Map<string, Located>();
  const root = buildTrie(pointers);
  const length = text.length;
  const frames: ScanFrame[] = [];
  let slot: TrieNode | undefined = root;
  // The key of the value the scan expects next, when it has one: its offset, or -1.
  let slotKeyOffset = -1;
  let slotKeyLength = 0;
  let i = 0;

  while (i < length) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) {
      i++;
      continue;
    }
    const top = frames.length ? frames[frames.length - 1] : undefined;
    switch (ch) {
      case 123: // {
      case 91: {
        // [
        if (!slot?.children) {
          // Nothing wanted inside: step over the whole container, recording it if it is wanted itself.
          const end = walk ? walk.skip(i) : skipContainer(text, i);
          record(found, slot, i, end, slotKeyOffset, slotKeyLength);
          i = end;
          slot = undefined;
          slotKeyOffset = -1;
          continue;
        }
        const isObject = ch === 123;
        frames.push(new ScanFrame(isObject, slot, i, slotKeyOffset, slotKeyLength));
        slot = isObject ? undefined : itemAt(slot, 0);
        slotKeyOffset = -1;
        i++;
        continue;
      }
      case 125: // }
      case 93: {
        // ]
        const frame = frames.pop();
        if (frame) record(found, frame.node, frame.start, i + 1, frame.keyOffset, frame.keyLength);
        slot = undefined;
        slotKeyOffset = -1;
        i++;
        continue;
      }
      case 44: // ,
        if (top?.isObject) {
          top.expectingKey = true;
          slot = undefined;
        } else if (top) {
          slot = itemAt(top.node, ++top.index);
        }
        slotKeyOffset = -1;
        i++;
        continue;
      case 58: // :
        i++;
        continue;
      case SLASH: {
        const end = commentEnd(text, i);
        if (end !== -1) {
          i = end;
          continue;
        }
        break;
      }
      case QUOTE: {
        const end = stringEnd(text, i);
        if (top?.isObject && top.expectingKey) {
          top.expectingKey = false;
          slot = top.node.children ? childByKey(top.node, text, i, end) : undefined;
          slotKeyOffset = i;
          slotKeyLength = end - i;
        } else {
          record(found, slot, i, end, slotKeyOffset, slotKeyLength);
          slot = undefined;
          slotKeyOffset = -1;
        }
        i = end;
        continue;
      }
    }
    // A bare literal: number, true, false, null, or anything unexpected.
    let end = i + 1;
    while (end < length && !endsLiteral(text.charCodeAt(end))) end++;
    record(found, slot, i, end, slotKeyOffset, slotKeyLength);
    slot = undefined;
    slotKeyOffset = -1;
    i = end;
  }
  // Objects and arrays left open by a truncated file end where the text ends.
  while (frames.length) {
    const frame = frames.pop()!;
    record(found, frame.node, frame.start, length, frame.keyOffset, frame.keyLength);
  }
  return found;
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
