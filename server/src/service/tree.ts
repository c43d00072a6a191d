import { findNodeAtOffset, getNodePath, parseTree, type Node } from 'jsonc-parser';
import type { ParsedPlan } from './parse';

const trees = new WeakMap<ParsedPlan, Node | null>();

/**
 * The position tree of a plan version, built on first use by a feature that needs it (hover,
 * completion, navigation) and kept with that version. Validation never builds it.
 */
export function treeOf(parsed: ParsedPlan): Node | undefined {
  let tree = trees.get(parsed);
  if (tree === undefined) {
    tree = deepSafe(() => parseTree(parsed.source, [], { allowTrailingComma: true, disallowComments: false })) ?? null;
    trees.set(parsed, tree);
  }
  return tree ?? undefined;
}

/**
 * jsonc-parser's tree builder and visitor recurse once per nesting level: a hostile file
 * nested tens of thousands deep overflows the stack. Such a file has no tree to offer.
 */
export function deepSafe<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

export type Path = Array<string | number>;

export interface NodeAt {
  node: Node;
  path: Path;
  /** The node is a property's key, not a value. */
  isKey: boolean;
}

export function nodeAt(parsed: ParsedPlan, offset: number): NodeAt | undefined {
  const tree = treeOf(parsed);
  if (!tree) return undefined;
  const node = findNodeAtOffset(tree, offset, true);
  if (!node) return undefined;
  const parent = node.parent;
  const isKey = parent?.type === 'property' && parent.children?.[0] === node;
  // For a key, jsonc-parser's path is that of its property, as for the value.
  return { node, path: getNodePath(node), isKey };
}

/** The node a path names, or undefined. */
export function nodeAtPath(parsed: ParsedPlan, path: Path): Node | undefined {
  let node = treeOf(parsed);
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'object' && typeof segment === 'string') {
      let found: Node | undefined;
      for (const property of node.children ?? []) {
        if (property.children?.[0]?.value === segment) found = property.children[1];
      }
      node = found;
    } else if (node.type === 'array' && typeof segment === 'number') {
      node = node.children?.[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

/** The key node of an object's property. */
export function propertyKey(object: Node | undefined, name: string): Node | undefined {
  let found: Node | undefined;
  for (const property of object?.children ?? []) if (property.children?.[0]?.value === name) found = property.children[0];
  return found;
}
