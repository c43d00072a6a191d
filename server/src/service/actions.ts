import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { FixData } from '../rules/finding';
import { RULES_BY_CODE } from '../rules/index';
import { addPropertyAfter, appendToList } from './edits';
import { locatePointers } from '../json/locate';
import type { ParsedPlan } from '../json/parse';
import { parsePointer } from '../json/pointer';
import { suppressionActions } from './suppression-actions';
import type { Range } from '../json/text';

/**
 * Removes the property whose value starts at `offset`, with its comma, leaving the lines
 * around it as they were. Nothing when the parser does not read that value there.
 */
function removeProperty(parsed: ParsedPlan, pointer: string, offset: number): TextEdit[] {
  const path = parsePointer(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const root = parseTree(parsed.source);
  const value = root && findNodeAtLocation(root, path);
  const property = value?.parent;
  if (!value || value.offset !== offset || property?.type !== 'property' || !property.parent?.children) return [];
  const siblings = property.parent.children;
  const index = siblings.indexOf(property);
  const text = parsed.source;
  let start = property.offset;
  let end = property.offset + property.length;
  const comma = /^\s*,[ \t]*(\r?\n[ \t]*)?/.exec(text.slice(end));
  if (comma) {
    end += comma[0].length;
  } else if (index > 0) {
    // The last property: the comma before it goes, from the end of the one before.
    const previous = siblings[index - 1];
    const between = text.slice(previous.offset + previous.length, start);
    if (/^\s*,\s*$/.test(between)) start = previous.offset + previous.length;
  }
  return [{ range: parsed.lines.rangeAt(start, end - start), newText: '' }];
}

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

/**
 * Quick fixes for the diagnostics in the request's context: the rule of the diagnostic's
 * `code` gives the title, its `data` the edit (never the message), and the edit is the
 * smallest there is: one value, one key, or one array entry.
 */
export function getCodeActions(parsed: ParsedPlan, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'virtplan' || typeof diagnostic.code !== 'string' || !isFixData(diagnostic.data)) continue;
    const data = diagnostic.data;
    const edits: TextEdit[] = [];
    let title: string | undefined;
    const fixes = RULES_BY_CODE.get(diagnostic.code)?.fixes;
    // One action per edition: which one is the planner's choice, so none is preferred.
    if (fixes?.addEdition && data.hostPointer && Array.isArray(data.editions)) {
      for (const edition of data.editions) {
        const edit = typeof edition === 'string' ? addPropertyAfter(parsed, data.hostPointer, 'product', 'edition', edition) : undefined;
        if (edit) actions.push({ title: fixes.addEdition(edition), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [edit] } } });
      }
      actions.push(...suppressionActions(parsed, uri, diagnostic));
      continue;
    }
    const replaceTitle = data.key ? fixes?.rename : fixes?.replace;
    if (data.update && data.hostPointer && fixes?.addUpdate) {
      const edit = appendToList(parsed, data.hostPointer, 'updates', data.update);
      if (edit) edits.push(edit);
      title = fixes.addUpdate(data.update);
    } else if (data.replacement !== undefined && replaceTitle && rangeIsPointer(parsed, data.pointer, diagnostic.range)) {
      const newText = JSON.stringify(data.replacement);
      edits.push({ range: diagnostic.range, newText });
      title = replaceTitle(newText);
    }
    if (!title && fixes?.remove && typeof (data as { pointer?: unknown }).pointer === 'string') {
      edits.push(...removeProperty(parsed, (data as { pointer: string }).pointer, parsed.lines.offsetAt(diagnostic.range.start)));
      title = fixes.remove;
    }
    // Fixes first, then the way to silence the diagnostic where a fix is not wanted.
    const suppressions = suppressionActions(parsed, uri, diagnostic);
    if (!title || edits.length === 0) {
      actions.push(...suppressions);
      continue;
    }
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: edits } },
    });
    actions.push(...suppressions);
  }
  return actions;
}
