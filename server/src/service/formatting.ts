import type { TextEdit } from 'vscode-languageserver-types';
import type { ParsedPlan } from '../json/parse';
import type { Range } from '../json/text';
import { applyLayout, layoutEdits, type LayoutEdit } from './layout';

/** What the editor asks a formatter for: the indentation of the file being edited. */
export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
}

const BOM = 0xfeff;

/** The line ending the file already uses, so formatting never changes it. */
function eolOf(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : lf === -1 && text.includes('\r') ? '\r' : '\n';
}

/**
 * The layout of the text without its byte-order mark, which the scanner would take for a stray
 * character: the edits are moved back by one so the mark stays.
 */
function edits(text: string, options: FormatOptions, range?: { offset: number; length: number }, finalNewline = false): LayoutEdit[] {
  const shift = text.charCodeAt(0) === BOM ? 1 : 0;
  const body = shift ? text.slice(1) : text;
  const inBody = range && { offset: Math.max(0, range.offset - shift), length: range.length };
  const found = layoutEdits(body, { tabSize: options.tabSize, insertSpaces: options.insertSpaces, eol: eolOf(body), insertFinalNewline: finalNewline }, inBody);
  return shift ? found.map((e) => ({ ...e, offset: e.offset + 1 })) : found;
}

/**
 * The edits that format a plan, or the part of it a range covers (laid out as in the whole
 * plan). The formatter changes only the white space between tokens, so comments and values
 * stay as written, even in a file with syntax errors.
 */
export function formatEdits(parsed: ParsedPlan, options: FormatOptions, range?: Range): TextEdit[] {
  const wanted = range && { offset: parsed.lines.offsetAt(range.start), length: parsed.lines.offsetAt(range.end) - parsed.lines.offsetAt(range.start) };
  return edits(parsed.text, options, wanted).map((e) => ({ range: parsed.lines.rangeAt(e.offset, e.length), newText: e.content }));
}

/** A whole plan as `virtplan format` prints it: two spaces, comments kept, a final newline. */
export function formatPlanText(text: string): string {
  return applyLayout(text, edits(text, { tabSize: 2, insertSpaces: true }, undefined, true));
}
