import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { appendToList } from './edits';
import type { ParsedPlan } from '../json/parse';
import { resolvePointer } from '../json/pointer';
import { fileTooLargeRule, parseErrorRule, suppressionUnusedRule } from '../rules/file';
import { directiveCodes } from './suppression';

const NOT_SUPPRESSIBLE: ReadonlySet<string> = new Set([parseErrorRule.code, suppressionUnusedRule.code, fileTooLargeRule.code]);
const NOUNS: Record<string, string> = { hosts: 'host', vms: 'VM', clusters: 'cluster' };

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

function edit(parsed: ParsedPlan, offset: number, length: number, newText: string): TextEdit {
  return { range: parsed.lines.rangeAt(offset, length), newText };
}

/** Removes a `suppress` entry with one of the commas beside it, leaving the list well formed. */
function removeEntry(parsed: ParsedPlan, start: number, end: number): TextEdit {
  const text = parsed.source;
  let after = end;
  while (isBlank(text[after])) after++;
  if (text[after] === ',') {
    after++;
    while (isBlank(text[after])) after++;
    return edit(parsed, start, after - start, '');
  }
  let before = start;
  while (before > 0 && isBlank(text[before - 1])) before--;
  if (text[before - 1] === ',') return edit(parsed, before - 1, end - (before - 1), '');
  return edit(parsed, start, end - start, '');
}

/** Removes a code from a `virtplan-disable-next-line` comment, or the comment when it is its only one. */
function removeFromComment(parsed: ParsedPlan, start: number, end: number): TextEdit | undefined {
  const text = parsed.source;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  const directive = text.lastIndexOf('virtplan-disable-next-line', start);
  const slashes = directive === -1 ? -1 : text.lastIndexOf('//', directive);
  if (slashes < lineStart) return undefined;
  let lineEnd = text.indexOf('\n', slashes);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const codes = directiveCodes(text.slice(directive, lineEnd), 'virtplan-disable-next-line'.length);
  if (codes.length <= 1) {
    // The whole comment goes; so does its line when nothing else is written on it.
    if (text.slice(lineStart, slashes).trim() === '') {
      const next = text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? lineEnd + 2 : lineEnd + 1;
      return edit(parsed, lineStart, Math.min(next, text.length) - lineStart, '');
    }
    let from = slashes;
    while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
    return edit(parsed, from, lineEnd - from, '');
  }
  // A code before others goes with the separator after it; the last, with the one before it.
  const separator = /^[\s,]*/.exec(text.slice(end, lineEnd))![0];
  const last = directive + codes[codes.length - 1].index === start;
  if (!last && end + separator.length < lineEnd) return edit(parsed, start, end + separator.length - start, '');
  const before = /[\s,]*$/.exec(text.slice(directive, start))![0];
  return edit(parsed, start - before.length, end - (start - before.length), '');
}

/** Adds a code to the `suppress` list of the object at `objectPointer`, creating the list if needed. */
function addToSuppress(parsed: ParsedPlan, objectPointer: string, code: string): TextEdit | undefined {
  const list = resolvePointer(parsed.value, `${objectPointer}/suppress`);
  if (Array.isArray(list) && list.includes(code)) return undefined;
  return appendToList(parsed, objectPointer, 'suppress', code);
}

/** The quick fixes about suppression for one diagnostic: remove an unused one, or add one. */
export function suppressionActions(parsed: ParsedPlan, uri: string, diagnostic: Diagnostic): CodeAction[] {
  const code = diagnostic.code;
  const data = diagnostic.data as { pointer?: unknown; unusedSuppression?: unknown } | undefined;
  if (typeof code !== 'string' || !data) return [];
  const start = parsed.lines.offsetAt(diagnostic.range.start);
  const end = parsed.lines.offsetAt(diagnostic.range.end);
  if (code === suppressionUnusedRule.code) {
    const removal = data.unusedSuppression === 'comment' ? removeFromComment(parsed, start, end) : removeEntry(parsed, start, end);
    return removal ? [{ title: 'Remove the unused suppression', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: [removal] } } }] : [];
  }
  if (NOT_SUPPRESSIBLE.has(code) || typeof data.pointer !== 'string') return [];
  const owner = /^\/(hosts|vms|clusters)\/(\d+)(?:\/|$)/.exec(data.pointer);
  if (!owner) return [];
  const objectPointer = `/${owner[1]}/${owner[2]}`;
  const object = resolvePointer(parsed.value, objectPointer);
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return [];
  const added = addToSuppress(parsed, objectPointer, code);
  if (!added) return [];
  const name = (object as Record<string, unknown>).name;
  const noun = NOUNS[owner[1]];
  return [
    {
      title: `Suppress ${code} for ${typeof name === 'string' && name ? `${noun} "${name.length > 40 ? `${name.slice(0, 39)}…` : name}"` : `this ${noun}`}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [added] } },
    },
  ];
}
