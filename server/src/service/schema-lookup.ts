/** Reading the plan schema by path, for hover and completion. */

import { own } from '../util/own';

export interface SchemaNode {
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  $ref?: string;
  minimum?: number;
}

function resolve(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 8; hops++) {
    const match = /^#\/definitions\/(.+)$/.exec(current.$ref);
    current = match ? own((root as { definitions?: Record<string, SchemaNode> }).definitions, match[1]) : undefined;
  }
  return current;
}

/** The schema of the value at `path`, or undefined where the schema does not describe it. */
export function schemaAt(root: SchemaNode, path: ReadonlyArray<string | number>): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of path) {
    node = resolve(root, node);
    if (!node) return undefined;
    node = typeof segment === 'number' ? node.items : own(node.properties, segment);
  }
  return resolve(root, node);
}
