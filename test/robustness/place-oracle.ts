import assert from 'node:assert/strict';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { parsePlan } from '../../server/src/json/parse';
import { parsePointer, resolvePointer } from '../../server/src/json/pointer';
import { PlanLanguageService } from '../../server/src/service/language-service';

/**
 * The trusted side of the places tests: jsonc-parser's tolerant tree and its own lookup say
 * where a pointer stands, JSON.parse what a fixed plan holds; virtplan's own scanners must agree.
 */

export const URI = 'file:///plan.virtplan.json';
const service = new PlanLanguageService();

interface Place {
  node: Node;
  key: Node | undefined;
}

function treeOf(text: string): Node | undefined {
  return parseTree(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, [], { allowTrailingComma: true, disallowComments: false });
}

/**
 * The tolerant tree's node for a pointer. Of a key written twice with a value JSON keeps the
 * last (findNodeAtLocation would take the first); otherwise this is findNodeAtLocation's walk.
 */
function oraclePlace(tree: Node | undefined, pointer: string): Place | undefined {
  let node = tree;
  for (const segment of parsePointer(pointer)) {
    if (!node) return undefined;
    if (node.type === 'array') {
      node = /^(0|[1-9]\d*)$/.test(segment) ? findNodeAtLocation(node, [Number(segment)]) : undefined;
    } else if (node.type === 'object') {
      const same = (node.children ?? []).filter((p) => p.children?.length === 2 && p.children[0].value === segment);
      node = same.length ? same[same.length - 1].children![1] : undefined;
    } else return undefined;
  }
  if (!node) return undefined;
  return { node, key: node.parent?.type === 'property' ? node.parent.children![0] : undefined };
}

export function offsetsOf(text: string, d: Diagnostic): { offset: number; end: number } {
  const parsed = parsePlan(text);
  return { offset: parsed.lines.offsetAt(d.range.start), end: parsed.lines.offsetAt(d.range.end) };
}

/** The node's text and its key's; jsonc-parser ends a container left open by an unclosed comment one past the text. */
const spans = (place: Place, textLength: number) => [
  { offset: place.node.offset, end: Math.min(place.node.offset + place.node.length, textLength) },
  ...(place.key ? [{ offset: place.key.offset, end: place.key.offset + place.key.length }] : []),
];

export function isDuplicate(d: Diagnostic): boolean {
  return d.code === 'schema' && String(d.message).includes('is written twice');
}

/** Every diagnostic lies inside the text and stands where the tolerant tree puts its pointer. */
export function checkPlaces(text: string, diagnostics: Diagnostic[]): void {
  const tree = treeOf(text);
  for (const d of diagnostics) {
    const { offset, end } = offsetsOf(text, d);
    const pointer = (d.data as { pointer?: string }).pointer ?? '';
    assert.ok(d.range.end.line < text.split(/\r\n|\r|\n/).length, `${d.code} at ${pointer}: range inside the document`);
    assert.ok(offset <= end && end <= text.length, `${d.code} at ${pointer}: range inside the document`);
    if (d.code === 'parse-error' || pointer === '') continue;
    if (isDuplicate(d)) {
      // The range is a key of that name that some later key of the same object overrides.
      const property = findProperty(tree, offset, end);
      assert.ok(property, `duplicate at ${pointer} covers a key: ${JSON.stringify(text.slice(offset, end))}`);
      const name = parsePointer(pointer).pop();
      assert.equal(property.children![0].value, name, `duplicate at ${pointer} covers a key of that name`);
      assert.equal(property.children!.length, 2, `duplicate at ${pointer}: the dropped key had a value`);
      const siblings = property.parent!.children!;
      const later = siblings.slice(siblings.indexOf(property) + 1).some((p) => p.children?.length === 2 && p.children[0].value === name);
      assert.ok(later, `duplicate at ${pointer}: a later key of the same name has a value, so this one is the dropped one`);
      continue;
    }
    const place = oraclePlace(tree, pointer);
    if (place) {
      assert.ok(
        spans(place, text.length).some((s) => s.offset === offset && s.end === end),
        `${d.code} at ${pointer} covers ${JSON.stringify(text.slice(offset, end).slice(0, 60))}, the tolerant tree has ${JSON.stringify(text.slice(place.node.offset, place.node.offset + place.node.length).slice(0, 60))}`,
      );
    }
  }
}

function findProperty(tree: Node | undefined, offset: number, end: number): Node | undefined {
  const stack = tree ? [tree] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'property' && node.children![0].offset === offset && node.children![0].offset + node.children![0].length === end) return node;
    stack.push(...(node.children ?? []));
  }
  return undefined;
}

export function apply(text: string, edits: TextEdit[]): string {
  const parsed = parsePlan(text);
  const sorted = [...edits].sort((a, b) => parsed.lines.offsetAt(b.range.start) - parsed.lines.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, parsed.lines.offsetAt(edit.range.start)) + edit.newText + out.slice(parsed.lines.offsetAt(edit.range.end));
  return out;
}

/**
 * A fix that adds one item to a list of an object (an update to a host's `updates`, a code to
 * a `suppress`): one insertion inside the object (or the replacement of a list that is not
 * one), in its style, after which the tolerant tree finds the item last in that list and,
 * in a valid plan, nothing else changed.
 */
function checkAddition(text: string, tree: Node | undefined, title: string, edit: TextEdit, objectPointer: string, list: string, item: string): void {
  const parsed = parsePlan(text);
  const start = parsed.lines.offsetAt(edit.range.start);
  const end = parsed.lines.offsetAt(edit.range.end);
  const object = oraclePlace(tree, objectPointer);
  assert.ok(object, `${title}: ${objectPointer} is in the tolerant tree`);
  assert.ok(start > object.node.offset && end < object.node.offset + object.node.length, `${title}: the edit stays inside ${objectPointer}`);
  if (start !== end) {
    const current = oraclePlace(tree, `${objectPointer}/${list}`);
    assert.ok(current, `${title}: only a ${list} value that is not a list is replaced`);
    assert.deepEqual([start, end], [current.node.offset, current.node.offset + current.node.length], `${title}: replaces the ${list} value exactly`);
  }
  if (!/[\r\n]/.test(text.slice(object.node.offset, object.node.offset + object.node.length))) {
    assert.doesNotMatch(edit.newText, /[\r\n]/, `${title}: a one-line object stays on one line`);
  }
  const after = apply(text, [edit]);
  const added = oraclePlace(treeOf(after), `${objectPointer}/${list}`);
  assert.ok(added?.node.type === 'array', `${title}: ${objectPointer} has a ${list} list afterwards`);
  assert.equal(added.node.children!.at(-1)?.value, item, `${title}: ${JSON.stringify(item)} is its last item`);
  if (parsed.syntaxErrors.length === 0) {
    const expected = JSON.parse(JSON.stringify(parsed.value)) as object;
    const owner = resolvePointer(expected, objectPointer) as Record<string, unknown>;
    owner[list] = Array.isArray(owner[list]) ? [...(owner[list] as unknown[]), item] : [item];
    const afterParsed = parsePlan(after);
    assert.deepEqual(afterParsed.syntaxErrors, [], `${title}: the plan stays valid`);
    assert.deepEqual(JSON.parse(JSON.stringify(afterParsed.value)), JSON.parse(JSON.stringify(expected)), `${title}: adds ${JSON.stringify(item)} and nothing else`);
  }
}

/** An `edition` added to the host at `hostPointer`: one insertion right after its product's value in the tolerant tree, and nothing else changed. */
function checkEditionAdded(text: string, tree: Node | undefined, title: string, edit: TextEdit, hostPointer: string): void {
  const parsed = parsePlan(text);
  const start = parsed.lines.offsetAt(edit.range.start);
  const end = parsed.lines.offsetAt(edit.range.end);
  const edition = /"(\w+)"$/.exec(title)![1];
  const product = oraclePlace(tree, `${hostPointer}/product`);
  const host = oraclePlace(tree, hostPointer);
  assert.ok(product && host, `${title}: ${hostPointer}/product is in the tolerant tree`);
  assert.equal(start, end, `${title}: inserts only`);
  assert.equal(start, product.node.offset + product.node.length, `${title}: right after the product's value`);
  assert.ok(end < host.node.offset + host.node.length, `${title}: inside the host`);
  assert.match(edit.newText, new RegExp(`^,\\s*"edition": "${edition}"$`), `${title}: one property`);
  const added = oraclePlace(treeOf(apply(text, [edit])), `${hostPointer}/edition`);
  assert.equal(added?.node.value, edition, `${title}: the host has the edition afterwards`);
  if (parsed.syntaxErrors.length === 0) {
    const expected = JSON.parse(JSON.stringify(parsed.value)) as object;
    (resolvePointer(expected, hostPointer) as Record<string, unknown>).edition = edition;
    const afterParsed = parsePlan(apply(text, [edit]));
    assert.deepEqual(afterParsed.syntaxErrors, [], `${title}: the plan stays valid`);
    assert.deepEqual(JSON.parse(JSON.stringify(afterParsed.value)), expected, `${title}: adds the edition and nothing else`);
  }
}

/** Every quick fix replaces exactly the text its diagnostic points at, or adds one item where its object keeps them. */
export function checkFixes(text: string): number {
  const parsed = service.parse(text);
  const diagnostics = service.validate(parsed);
  const tree = treeOf(text);
  let fixes = 0;
  for (const action of service.codeActions(parsed, URI, diagnostics)) {
    const [d] = action.diagnostics!;
    const data = d.data as { pointer: string; update?: string; hostPointer?: string };
    const edits = action.edit!.changes![URI];
    assert.equal(edits.length, 1, `${action.title}: one edit`);
    const [edit] = edits;
    const start = parsed.lines.offsetAt(edit.range.start);
    const end = parsed.lines.offsetAt(edit.range.end);
    fixes++;
    if (action.title.startsWith('Add update') && data.update && data.hostPointer) {
      checkAddition(text, tree, action.title, edit, data.hostPointer, 'updates', data.update);
      continue;
    }
    if (action.title.startsWith('Add "edition"') && data.hostPointer) {
      checkEditionAdded(text, tree, action.title, edit, data.hostPointer);
      continue;
    }
    const owner = /^\/(hosts|vms|clusters)\/\d+/.exec(data.pointer)?.[0];
    if (action.title.startsWith('Suppress ') && owner) {
      checkAddition(text, tree, action.title, edit, owner, 'suppress', String(d.code));
      continue;
    }
    if (d.code === 'suppression-unused') {
      // Removes the entry (and a comma beside it): the text it takes holds the diagnostic's.
      const { offset, end: stop } = offsetsOf(text, d);
      assert.equal(edit.newText, '', `${action.title}: removes only`);
      assert.ok(start <= offset && stop <= end, `${action.title}: removes the entry the diagnostic points at`);
      continue;
    }
    if (action.title.startsWith('Remove the ')) {
      // Removes the property the diagnostic points at, key and value, and only blank text and a comma beside it.
      const place = oraclePlace(tree, data.pointer);
      assert.ok(place?.key, `${action.title}: ${data.pointer} is a property in the tolerant tree`);
      assert.equal(edit.newText, '', `${action.title}: removes only`);
      assert.ok(start <= place.key.offset && place.node.offset + place.node.length <= end, `${action.title}: removes the whole property`);
      const rest = text.slice(start, place.key.offset) + text.slice(place.node.offset + place.node.length, end);
      assert.match(rest, /^\s*,?\s*$/, `${action.title}: takes nothing but the property, blanks and one comma`);
      continue;
    }
    assert.deepEqual(edit.range, d.range, `${action.title}: the edit is the diagnostic's range`);
    const place = oraclePlace(tree, data.pointer);
    assert.ok(place, `${action.title}: ${data.pointer} is in the tolerant tree, so there is something to replace`);
    assert.ok(
      spans(place, text.length).some((s) => s.offset === start && s.end === end),
      `${action.title} replaces ${JSON.stringify(text.slice(start, end).slice(0, 80))}, which is not what ${data.pointer} names (${JSON.stringify(text.slice(place.node.offset, place.node.offset + place.node.length).slice(0, 80))})`,
    );
  }
  return fixes;
}
