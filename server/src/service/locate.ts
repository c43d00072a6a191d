import { createScanner } from 'jsonc-parser';
import { parsePointer } from './pointer';

/** Where a pointer's value (and, for a property, its key) stands in the text. */
export interface Located {
  offset: number;
  length: number;
  keyOffset?: number;
  keyLength?: number;
}

/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot import). */
const SyntaxKind = {
  OpenBraceToken: 1,
  CloseBraceToken: 2,
  OpenBracketToken: 3,
  CloseBracketToken: 4,
  CommaToken: 5,
  ColonToken: 6,
  StringLiteral: 10,
  EOF: 17,
} as const;

interface TrieNode {
  pointer?: string;
  children?: Map<string, TrieNode>;
}

interface Frame {
  isObject: boolean;
  node: TrieNode | undefined;
  start: number;
  key: { offset: number; length: number } | undefined;
  index: number;
  expectingKey: boolean;
}

function buildTrie(pointers: Iterable<string>): TrieNode {
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

/**
 * Finds the ranges of the given pointers in one pass over the tokens, without building a tree:
 * only diagnostics need positions, and a whole-document tree costs far more than the check.
 * Tolerates syntax errors; with duplicate keys the last one wins, as in the parsed value.
 * Iterative, so nesting depth cannot overflow the stack.
 */
export function locatePointers(text: string, pointers: Iterable<string>): Map<string, Located> {
  const found = new Map<string, Located>();
  const root = buildTrie(pointers);
  const scanner = createScanner(text, true);
  const frames: Frame[] = [];
  let slot: TrieNode | undefined = root;
  let slotKey: Frame['key'];

  const record = (node: TrieNode | undefined, offset: number, end: number, key: Frame['key']) => {
    if (node?.pointer === undefined) return;
    found.set(node.pointer, key ? { offset, length: end - offset, keyOffset: key.offset, keyLength: key.length } : { offset, length: end - offset });
  };

  for (let token: number = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const top = frames.length ? frames[frames.length - 1] : undefined;
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken: {
        const isObject = token === SyntaxKind.OpenBraceToken;
        frames.push({ isObject, node: slot, start: offset, key: slotKey, index: 0, expectingKey: isObject });
        slot = isObject ? undefined : slot?.children?.get('0');
        slotKey = undefined;
        break;
      }
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken: {
        const frame = frames.pop();
        if (frame) record(frame.node, frame.start, offset + scanner.getTokenLength(), frame.key);
        slot = undefined;
        slotKey = undefined;
        break;
      }
      case SyntaxKind.CommaToken:
        if (top?.isObject) {
          top.expectingKey = true;
          slot = undefined;
        } else if (top) {
          top.index++;
          slot = top.node?.children?.get(String(top.index));
        }
        slotKey = undefined;
        break;
      case SyntaxKind.ColonToken:
        break;
      default:
        if (token === SyntaxKind.StringLiteral && top?.isObject && top.expectingKey) {
          top.expectingKey = false;
          slot = top.node?.children ? top.node.children.get(scanner.getTokenValue()) : undefined;
          slotKey = { offset, length: scanner.getTokenLength() };
          break;
        }
        record(slot, offset, offset + scanner.getTokenLength(), slotKey);
        slot = undefined;
        slotKey = undefined;
    }
  }
  // Objects and arrays left open by a truncated file end where the text ends.
  while (frames.length) {
    const frame = frames.pop()!;
    record(frame.node, frame.start, text.length, frame.key);
  }
  return found;
}
