import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { FixData } from './diagnostic';
import { locatePointers, type Located } from './locate';
import type { ParsedPlan } from './parse';
import { escapeSegment, resolvePointer } from './pointer';
import type { Range } from './text';

/** What a quick fix says for each code that has one; the edit comes from the diagnostic's data. */
const REPLACE_TITLES: Record<string, (value: string) => string> = {
  'live-migration-unsupported': (v) => (v === '"quick"' ? 'Use quick migration' : `Set migration to ${v}`),
  'migration-requires-cluster': (v) => `Set migration to ${v}`,
  'unknown-product': (v) => `Change to ${v}`,
  'unknown-host': (v) => `Change to ${v}`,
  'unknown-cluster-node': (v) => `Change to ${v}`,
  'too-many-vcpus': (v) => `Set vcpus to ${v}`,
  'guest-vcpus-unsupported': (v) => `Set vcpus to ${v}`,
  'vm-memory-exceeds-limit': (v) => `Set memoryGB to ${v}`,
  'too-many-snapshots': (v) => `Keep ${v} snapshots`,
  'too-many-nics': (v) => `Use ${v} adapters`,
  'guest-arch-unsupported': (v) => `Use a ${v} guest`,
  'boot-disk-not-ide': (v) => `Put the boot disk on ${v}`,
  'disk-too-large': (v) => `Set the size to ${v} GB`,
  schema: (v) => `Change to ${v}`,
};

function isFixData(value: unknown): value is FixData & { pointer?: unknown } {
  return typeof value === 'object' && value !== null;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Whether the diagnostic's range is still exactly the value (or key) its pointer names in
 * this version of the text. A diagnostic shown on an enclosing object because its own place
 * is missing, or one left from an earlier version, would have its fix overwrite the object.
 */
function rangeIsPointer(parsed: ParsedPlan, pointer: unknown, range: Range): boolean {
  if (typeof pointer !== 'string' || pointer === '') return false;
  const at = locatePointers(parsed, [pointer]).get(pointer);
  if (!at) return false;
  if (sameRange(parsed.lines.rangeAt(at.offset, at.length), range)) return true;
  return at.keyOffset !== undefined && sameRange(parsed.lines.rangeAt(at.keyOffset, at.keyLength ?? 0), range);
}

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
 * The edit that adds an update id to a host: one insertion after the last item of its
 * `updates`, or of the host itself when it has none, in the style the text already has
 * (a one-line object stays on one line). Nothing else in the text is touched.
 */
function addUpdateEdit(parsed: ParsedPlan, hostPointer: string, update: string): { offset: number; length: number; content: string } | undefined {
  const text = parsed.source;
  const host = resolvePointer(parsed.value, hostPointer);
  if (typeof host !== 'object' || host === null || Array.isArray(host)) return undefined;
  const updatesPointer = `${hostPointer}/updates`;
  const updates = resolvePointer(parsed.value, updatesPointer);
  const id = JSON.stringify(update);
  if (updates !== undefined) {
    const at = locatePointers(parsed, [updatesPointer]).get(updatesPointer);
    if (!at || !closed(text, at)) return undefined;
    if (!Array.isArray(updates)) return { offset: at.offset, length: at.length, content: `[${id}]` };
    if (updates.length === 0) return text[at.offset] === '[' ? { offset: at.offset + 1, length: 0, content: id } : undefined;
    const items = updates.length > 1 ? [updates.length - 2, updates.length - 1] : [0];
    const located = locatePointers(parsed, items.map((i) => `${updatesPointer}/${i}`));
    const last = located.get(`${updatesPointer}/${updates.length - 1}`);
    if (!last || !closed(text, last) || last.offset + last.length >= at.offset + at.length) return undefined;
    const previous = updates.length > 1 ? located.get(`${updatesPointer}/${updates.length - 2}`) : undefined;
    const end = last.offset + last.length;
    return { offset: end, length: 0, content: separatorBefore(text, at, previous && previous.offset + previous.length, last.offset) + id };
  }
  const pointers = Object.keys(host).map((key) => `${hostPointer}/${escapeSegment(key)}`);
  const located = locatePointers(parsed, [hostPointer, ...pointers]);
  const object = located.get(hostPointer);
  if (!object || text[object.offset] !== '{' || !closed(text, object)) return undefined;
  const properties = pointers
    .map((pointer) => located.get(pointer))
    .filter((at): at is Located => at?.keyOffset !== undefined)
    .sort((a, b) => a.offset - b.offset);
  const last = properties[properties.length - 1];
  if (!last) return { offset: object.offset + 1, length: 0, content: `"updates": [${id}]` };
  // The host's closing brace must be its own, not one its last value (left open) took.
  if (!closed(text, last) || last.offset + last.length >= object.offset + object.length) return undefined;
  const previous = properties[properties.length - 2];
  const colon = text.slice(last.keyOffset! + last.keyLength!, last.offset);
  const property = `"updates"${/^\s*:\s*$/.test(colon) && !/[\r\n]/.test(colon) ? colon : ': '}[${id}]`;
  const end = last.offset + last.length;
  return { offset: end, length: 0, content: separatorBefore(text, object, previous && previous.offset + previous.length, last.keyOffset!) + property };
}

/**
 * Quick fixes for the diagnostics in the request's context. They key on `code` and `data`
 * (never on the message) and make the smallest edit: one value, or one array entry.
 */
export function getCodeActions(parsed: ParsedPlan, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'virtplan' || typeof diagnostic.code !== 'string' || !isFixData(diagnostic.data)) continue;
    const data = diagnostic.data;
    const edits: TextEdit[] = [];
    let title: string | undefined;
    if (data.update && data.hostPointer) {
      const edit = addUpdateEdit(parsed, data.hostPointer, data.update);
      if (edit) edits.push({ range: parsed.lines.rangeAt(edit.offset, edit.length), newText: edit.content });
      title = `Add update ${data.update} to the host`;
    } else if (data.replacement !== undefined && REPLACE_TITLES[diagnostic.code] && rangeIsPointer(parsed, data.pointer, diagnostic.range)) {
      const newText = JSON.stringify(data.replacement);
      edits.push({ range: diagnostic.range, newText });
      title = REPLACE_TITLES[diagnostic.code](newText);
    }
    if (!title || edits.length === 0) continue;
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: edits } },
    });
  }
  return actions;
}
