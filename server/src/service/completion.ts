import { CompletionItemKind, InsertTextFormat, type Command, type CompletionItem, type CompletionList, type TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { RULES } from '../rules/index';
import snippets from '../../../snippets/virtplan.json';
import { PlanVersion } from './plan-version';
import { suppressible } from './suppression';
import type { ParsedPlan } from '../json/parse';
import { schemaAt, type SchemaNode } from './schema-lookup';
import { cursorContext, shapeOf, type Path } from '../json/cursor';
import { resolvePointer, toPointer } from '../json/pointer';
import { commentEnd, SLASH } from '../json/scan';

export interface CompletionOptions {
  /** The client takes snippet syntax in insert texts. */
  snippetSupport: boolean;
  /**
   * The client runs `editor.action.triggerSuggest` (VS Code does): accepting a property
   * name then opens the suggestions for its value, as VS Code's own JSON support does.
   */
  triggerSuggest?: boolean;
}

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const SNIPPETS = snippets as Record<string, Snippet>;
const SUGGEST: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** Text inside a snippet placeholder: `$`, `}` and `\` are syntax there. */
const placeholderText = (text: string) => text.replace(/[$}\\]/g, '\\$&');

/** Where the plan's host names belong in a snippet, the names themselves, as the placeholder's text. */
function withHostNames(body: string, hostNames: string[]): string {
  if (hostNames.length === 0) return body;
  const nodes = hostNames.slice(0, 16).map((n) => JSON.stringify(n)).join(', ');
  return body.replace('"nodes": [$2]', `"nodes": [\${2:${placeholderText(nodes)}}]`).replace('"host": "$2"', `"host": "\${2:${placeholderText(JSON.stringify(hostNames[0]).slice(1, -1))}}"`);
}

function snippetItem(parsed: ParsedPlan, name: string, catalog: Catalog, options: CompletionOptions, place?: Place): CompletionItem | undefined {
  const snippet = Object.values(SNIPPETS).find((s) => s.prefix === name);
  if (!snippet || !options.snippetSupport) return undefined;
  const hostNames = (PlanVersion.of(parsed, catalog).model?.hosts ?? []).flatMap((h) => (h.name ? [h.name] : []));
  const body = withHostNames(snippet.body.join('\n'), hostNames);
  return {
    label: `virtplan ${snippet.prefix}`,
    kind: CompletionItemKind.Snippet,
    detail: snippet.description,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: '9',
    ...(place ? edits(parsed, place, body) : { insertText: body }),
  };
}

/** The value part inserted after a property name, as a snippet or as plain text. */
function valueTemplate(schema: SchemaNode | undefined, snippet: boolean): string {
  if (!snippet) return '';
  if (schema?.enum) return `"\${1|${schema.enum.map(String).join(',')}|}"`;
  switch (Array.isArray(schema?.type) ? schema?.type[0] : schema?.type) {
    case 'string':
      return '"$1"';
    case 'integer':
    case 'number':
      return `\${1:${schema?.default ?? schema?.minimum ?? 1}}`;
    case 'boolean':
      return `\${1|${schema?.default === true ? 'true,false' : 'false,true'}|}`;
    case 'array':
      return '[$1]';
    case 'object':
      return '{$1}';
    default:
      return '$1';
  }
}

/** The first character after `from` that is not space or comment, or '' at the end. */
function nextSignificant(text: string, from: number): string {
  let i = from;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) {
      i++;
      continue;
    }
    const end = ch === SLASH ? commentEnd(text, i) : -1;
    if (end === -1) return text[i];
    i = end;
  }
  return '';
}

/** What goes after an inserted key or value: a comma when another property or item follows. */
function separatorBefore(text: string, from: number): string {
  const next = nextSignificant(text, from);
  return next === '' || next === ',' || next === '}' || next === ']' ? '' : ',';
}

const WORD = /[\w.-]/;

/** The bare word around the cursor, or the cursor itself. */
function wordAt(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  while (end < text.length && WORD.test(text[end])) end++;
  return { start, end };
}

/** Whether the string token at `start` of `length` ends with its closing quote. */
function closedString(text: string, start: number, length: number): boolean {
  let i = start + length - 1;
  if (length < 2 || text[i] !== '"') return false;
  let backslashes = 0;
  while (--i > start && text[i] === '\\') backslashes++;
  return backslashes % 2 === 0;
}

/**
 * Where an item typed into a string ends: at its closing quote, or, in a string not yet closed
 * (which runs to its line's end), at the end of the word at the cursor, so that the brackets and
 * commas after it on the line stay.
 */
function stringReplaceEnd(text: string, token: { offset: number; length: number }, offset: number): number {
  return closedString(text, token.offset, token.length) ? token.offset + token.length : wordAt(text, offset).end;
}

/** The product of the host at `path` (`hosts/N/...`), when the catalog knows it. */
function hostProduct(parsed: ParsedPlan, path: Path, catalog: Catalog) {
  return path[0] === 'hosts' && typeof path[1] === 'number' ? PlanVersion.of(parsed, catalog).model?.hosts.find((h) => h.index === path[1])?.product : undefined;
}

interface Place {
  /** The text the item replaces: a string being typed, or nothing at the cursor. */
  start: number;
  end: number;
  typed?: string;
  /** A comma goes here, after the value before the cursor. */
  commaBefore?: number;
  /** What follows the inserted text: a comma when another property or item follows. */
  after: string;
}

function edits(parsed: ParsedPlan, place: Place, newText: string): Pick<CompletionItem, 'textEdit' | 'additionalTextEdits'> {
  const additional: TextEdit[] = place.commaBefore === undefined ? [] : [{ range: parsed.lines.rangeAt(place.commaBefore, 0), newText: ',' }];
  return {
    textEdit: { range: parsed.lines.rangeAt(place.start, place.end - place.start), newText: newText + place.after },
    ...(additional.length ? { additionalTextEdits: additional } : {}),
  };
}

function propertyItems(parsed: ParsedPlan, objectPath: Path, catalog: Catalog, options: CompletionOptions, place: Place): CompletionItem[] {
  const schema = schemaAt(catalog.planSchema as SchemaNode, objectPath);
  if (!schema?.properties) return [];
  const object = resolvePointer(parsed.value, toPointer(objectPath));
  // Keys already written, except the one being typed.
  const present = new Set(typeof object === 'object' && object !== null ? Object.keys(object) : []);
  if (place.typed !== undefined) present.delete(place.typed);
  // A key typed before its colon is renamed alone: the value stays.
  const keyOnly = place.typed !== undefined && nextSignificant(parsed.source, place.end) === ':';
  const product = shapeOf(objectPath) === 'hosts.*' ? hostProduct(parsed, objectPath, catalog) : undefined;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .filter(([name]) => !present.has(name) && !(name === 'edition' && product && !product.editions))
    .map(([name, property]) => {
      const resolved = schemaAt(catalog.planSchema as SchemaNode, [...objectPath, name]);
      const value = keyOnly ? '' : valueTemplate(resolved, options.snippetSupport);
      const insert = keyOnly ? JSON.stringify(name) : `"${name}": ${value}`;
      // The value opens with the cursor inside a string, array or object: show what goes there.
      const opensValue = options.triggerSuggest && (value === '"$1"' || value === '[$1]' || value === '{$1}');
      return {
        label: name,
        kind: CompletionItemKind.Property,
        detail: required.has(name) ? 'required' : undefined,
        documentation: { kind: 'markdown', value: resolved?.markdownDescription ?? property.description ?? '' },
        insertTextFormat: options.snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        sortText: `${required.has(name) ? '0' : '1'}${name}`,
        filterText: `"${name}"`,
        ...edits(parsed, keyOnly ? { ...place, after: '' } : place, insert),
        ...(opensValue ? { command: SUGGEST } : {}),
      } satisfies CompletionItem;
    });
}

interface ValueChoice {
  value: string | boolean;
  detail?: string;
  documentation?: string;
  kind: CompletionItemKind;
}

function valueChoices(parsed: ParsedPlan, path: Path, catalog: Catalog): ValueChoice[] {
  const shape = shapeOf(path);
  const model = PlanVersion.of(parsed, catalog).model;
  if (shape === 'hosts.*.product') {
    return catalog.products().map((p) => ({ value: p.id, detail: p.name, documentation: `${p.summary}`, kind: CompletionItemKind.Value }));
  }
  if (shape === 'hosts.*.edition') {
    const product = hostProduct(parsed, path, catalog);
    // A product the catalog knows without editions takes none; an unknown one, any.
    if (product && !product.editions) return [];
    if (product?.editions) {
      return Object.entries(product.editions.editions).map(([id, edition]) => ({ value: id, detail: edition?.name, kind: CompletionItemKind.EnumMember }));
    }
  }
  if (shape === 'vms.*.host' || shape === 'clusters.*.nodes.*') {
    return (model?.hosts ?? [])
      .filter((h) => h.name)
      .map((h) => ({ value: h.name!, detail: h.product ? `${h.product.name} · ${h.vms.length} VMs` : h.productId, kind: CompletionItemKind.Reference }));
  }
  if (shape === 'hosts.*.updates.*') {
    const host = model?.hosts.find((h) => h.index === path[1]);
    return (host?.product?.updates ?? []).map((u) => ({ value: u.id, detail: u.title, kind: CompletionItemKind.Value }));
  }
  if (shape === 'suppress.*' || shape.endsWith('.suppress.*')) {
    return RULES.filter((r) => suppressible(r.code)).map((r) => ({ value: r.code, detail: r.summary, kind: CompletionItemKind.EnumMember }));
  }
  const schema = schemaAt(catalog.planSchema as SchemaNode, path);
  if (schema?.enum) {
    return schema.enum.map((value, i) => ({
      value: String(value),
      detail: catalog.guest(String(value))?.name,
      documentation: schema.enumDescriptions?.[i],
      kind: CompletionItemKind.EnumMember,
    }));
  }
  if (schema?.type === 'boolean') return [true, false].map((value) => ({ value, kind: CompletionItemKind.Value }));
  return [];
}

/** `{}` where an object goes and `[]` where an array goes, with the cursor inside. */
function containerItem(parsed: ParsedPlan, path: Path, catalog: Catalog, options: CompletionOptions, place: Place): CompletionItem | undefined {
  const type = schemaAt(catalog.planSchema as SchemaNode, path)?.type;
  const brackets = type === 'object' ? '{}' : type === 'array' ? '[]' : undefined;
  if (!brackets) return undefined;
  return {
    label: brackets,
    kind: CompletionItemKind.Module,
    detail: type === 'object' ? 'a new object' : 'a new list',
    filterText: brackets,
    insertTextFormat: options.snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: '8',
    ...edits(parsed, place, options.snippetSupport ? `${brackets[0]}$1${brackets[1]}` : brackets),
    ...(options.triggerSuggest && options.snippetSupport ? { command: SUGGEST } : {}),
  };
}

/** Completion at an offset: property names, values, catalog ids, host names, snippets. */
export function doComplete(parsed: ParsedPlan, offset: number, catalog: Catalog, options: CompletionOptions): CompletionList {
  if (parsed.value === undefined && parsed.text.trim() === '') {
    const plan = snippetItem(parsed, 'plan', catalog, options);
    return { isIncomplete: false, items: plan ? [plan] : [] };
  }
  const items: CompletionItem[] = [];
  const location = cursorContext(parsed, offset);
  if (location.inComment) return { isIncomplete: false, items };
  const token = location.token;
  // In a string: after its opening quote, up to its closing quote or, unclosed, its line's end.
  const inString = token?.type === 'string' && offset > token.offset;
  // A string that starts at the cursor is what follows, not what is typed.
  const before = token?.type === 'string' && offset === token.offset;
  // A bare word being typed (`tr`, `hyp`) is replaced whole.
  const word = token && !inString && !before ? { start: token.offset, end: token.offset + token.length } : wordAt(parsed.source, offset);
  const place: Place = inString
    ? { start: token.offset, end: stringReplaceEnd(parsed.source, token, offset), typed: String(token.value ?? ''), commaBefore: location.commaBefore, after: '' }
    : { ...word, commaBefore: location.commaBefore, after: separatorBefore(parsed.source, word.end) };

  if (location.isAtPropertyKey) {
    items.push(...propertyItems(parsed, location.path.slice(0, -1), catalog, options, place));
    return { isIncomplete: false, items };
  }
  const path = location.path;
  for (const choice of valueChoices(parsed, path, catalog)) {
    const text = JSON.stringify(choice.value);
    items.push({
      label: typeof choice.value === 'string' ? choice.value : String(choice.value),
      kind: choice.kind,
      detail: choice.detail,
      documentation: choice.documentation ? { kind: 'markdown', value: choice.documentation } : undefined,
      filterText: inString ? text : String(choice.value),
      ...edits(parsed, place, text),
    });
  }
  if (!inString && path.length) {
    const container = containerItem(parsed, path, catalog, options, place);
    if (container) items.push(container);
  }
  const last = path[path.length - 1];
  if (typeof last === 'number' && !inString) {
    const list = shapeOf(path.slice(0, -1));
    const snippet = snippetItem(parsed, list === 'hosts' ? 'host' : list === 'vms' ? 'vm' : list === 'clusters' ? 'cluster' : '', catalog, options, place);
    if (snippet) items.push(snippet);
  }
  return { isIncomplete: false, items };
}
