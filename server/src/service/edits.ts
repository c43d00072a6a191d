import type { TextEdit } from 'vscode-languageserver-types';
import { locatePointers, type Located } from '../json/locate';
import type { ParsedPlan } from '../json/parse';
import { escapeSegment, resolvePointer } from '../json/pointer';

/** The indentation of the line an offset is on. */
function indentAt(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** Whether a located value is whole: a container or string left open by a syntax error ends somewhere else. */
function closed(text: string, at: Located): boolean {
  const open = text[at.offset];
  const last = text[at.offset + at.length - 1];
  if (open === '{') return last === '}' && at.length > 1;
  if (open === '[') return last === ']' && at.length > 1;
  if (open === '"') return at.length > 1 && last === '"' && /^(?:[^\\]|\\.)*$/.test(text.slice(at.offset + 1, at.offset + at.length - 1));
  return true;
}

/**
 * ' ' when more of the object follows on the value's line; else a line break and the indent of
 * the property on the next line, or, where the object ends there, of the value's own line.
 */
export function separatorAfter(text: string, start: number, end: number): string {
  const rest = /^[ \t]*,?[ \t]*(.?)/.exec(text.slice(end, end + 200))![1];
  if (rest !== '' && rest !== '\r' && rest !== '\n' && rest !== '/') return ' ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const next = /^[ \t]*,?[ \t]*\r?\n([ \t]*)"/.exec(text.slice(end, end + 200));
  if (next) return eol + next[1];
  const lineStart = Math.max(text.lastIndexOf('\n', start), text.lastIndexOf('\r', start)) + 1;
  return eol + /^[ \t]*/.exec(text.slice(lineStart, start))![0];
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** What goes between two items of a container, as the container already writes it. */
function separatorBefore(text: string, container: Located, previousEnd: number | undefined, last: number): string {
  const between = previousEnd === undefined ? undefined : text.slice(previousEnd, last);
  if (between !== undefined && /^\s*,\s*$/.test(between)) return between;
  if (/[\r\n]/.test(text.slice(container.offset, last))) return ',' + lineBreakOf(text) + indentAt(text, last);
  return ', ';
}

/**
 * The edit that adds an item to a list property of an object (an update id to a host's
 * `updates`, a code to a `suppress`): one insertion after the list's last item, or after the
 * object's last property when it has no such list, in the style the text already has (a
 * one-line object stays on one line, a compact one compact). Nothing else in the text is
 * touched. Undefined where a syntax error leaves the object or the list without an end of
 * its own: an insertion there would land in another value.
 */
export function appendToList(parsed: ParsedPlan, objectPointer: string, list: string, item: string): TextEdit | undefined {
  const at = appendAt(parsed, objectPointer, list, JSON.stringify(item));
  return at && { range: parsed.lines.rangeAt(at.offset, at.length), newText: at.content };
}

function appendAt(parsed: ParsedPlan, objectPointer: string, list: string, item: string): { offset: number; length: number; content: string } | undefined {
  const text = parsed.source;
  const owner = resolvePointer(parsed.value, objectPointer);
  if (typeof owner !== 'object' || owner === null || Array.isArray(owner)) return undefined;
  const listPointer = `${objectPointer}/${escapeSegment(list)}`;
  const items = resolvePointer(parsed.value, listPointer);
  if (items !== undefined) {
    const at = locatePointers(parsed, [listPointer]).get(listPointer);
    if (!at || !closed(text, at)) return undefined;
    if (!Array.isArray(items)) return { offset: at.offset, length: at.length, content: `[${item}]` };
    if (items.length === 0) return text[at.offset] === '[' ? { offset: at.offset + 1, length: 0, content: item } : undefined;
    const indices = items.length > 1 ? [items.length - 2, items.length - 1] : [0];
    const located = locatePointers(parsed, indices.map((i) => `${listPointer}/${i}`));
    const last = located.get(`${listPointer}/${items.length - 1}`);
    if (!last || !closed(text, last) || last.offset + last.length >= at.offset + at.length) return undefined;
    const previous = items.length > 1 ? located.get(`${listPointer}/${items.length - 2}`) : undefined;
    const end = last.offset + last.length;
    return { offset: end, length: 0, content: separatorBefore(text, at, previous && previous.offset + previous.length, last.offset) + item };
  }
  const pointers = Object.keys(owner).map((key) => `${objectPointer}/${escapeSegment(key)}`);
  const located = locatePointers(parsed, [objectPointer, ...pointers]);
  const object = located.get(objectPointer);
  if (!object || text[object.offset] !== '{' || !closed(text, object)) return undefined;
  const properties = pointers
    .map((pointer) => located.get(pointer))
    .filter((at): at is Located => at?.keyOffset !== undefined)
    .sort((a, b) => a.offset - b.offset);
  const last = properties[properties.length - 1];
  const key = JSON.stringify(list);
  if (!last) return { offset: object.offset + 1, length: 0, content: `${key}: [${item}]` };
  // The object's closing brace must be its own, not one its last value (left open) took.
  if (!closed(text, last) || last.offset + last.length >= object.offset + object.length) return undefined;
  const previous = properties[properties.length - 2];
  const colon = text.slice(last.keyOffset! + last.keyLength!, last.offset);
  const property = `${key}${/^\s*:\s*$/.test(colon) && !/[\r\n]/.test(colon) ? colon : ': '}[${item}]`;
  const end = last.offset + last.length;
  return { offset: end, length: 0, content: separatorBefore(text, object, previous && previous.offset + previous.length, last.keyOffset!) + property };
}


/**
 * The edit that adds a property right after another one of the same object (an `edition`
 * after a host's `product`), on its own line when that property has one, in the indent of the
 * lines around it. Undefined where that property's value is not whole, or its object is not:
 * a syntax error there would take the insertion into another value.
 */
export function addPropertyAfter(parsed: ParsedPlan, objectPointer: string, after: string, key: string, value: string): TextEdit | undefined {
  const text = parsed.source;
  const afterPointer = `${objectPointer}/${escapeSegment(after)}`;
  const located = locatePointers(parsed, [objectPointer, afterPointer]);
  const object = located.get(objectPointer);
  const at = located.get(afterPointer);
  if (!object || !at || text[object.offset] !== '{' || !closed(text, object) || !closed(text, at) || at.offset + at.length >= object.offset + object.length) return undefined;
  const end = at.offset + at.length;
  const content = `,${separatorAfter(text, at.keyOffset ?? at.offset, end)}${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  return { range: parsed.lines.rangeAt(end, 0), newText: content };
}
