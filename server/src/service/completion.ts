import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { RULES } from '../rules/codes';
import snippets from '../../../snippets/virtplan.json';
import { modelOf } from './model-cache';
import type { ParsedPlan } from './parse';
import { schemaAt, type SchemaNode } from './schema-lookup';
import { contextAt, type Path } from './cursor';
import { resolvePointer, toPointer } from './pointer';

export interface CompletionOptions {
  /** The client takes snippet syntax in insert texts. */
  snippetSupport: boolean;
  /** The client contributes the plan/host/VM/cluster snippets itself (VS Code does). */
  staticSnippets: boolean;
}

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const SNIPPETS = snippets as Record<string, Snippet>;
const shapeOf = (path: Path) => path.map((s) => (typeof s === 'number' ? '*' : s)).join('.');

function snippetItem(name: string, options: CompletionOptions): CompletionItem | undefined {
  const snippet = Object.values(SNIPPETS).find((s) => s.prefix === name);
  if (!snippet || options.staticSnippets || !options.snippetSupport) return undefined;
  return {
    label: `virtplan ${snippet.prefix}`,
    kind: CompletionItemKind.Snippet,
    detail: snippet.description,
    insertText: snippet.body.join('\n'),
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: '9',
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

function propertyItems(parsed: ParsedPlan, objectPath: Path, catalog: Catalog, options: CompletionOptions, replace?: { start: number; end: number; typed: string }): CompletionItem[] {
  const schema = schemaAt(catalog.planSchema as SchemaNode, objectPath);
  if (!schema?.properties) return [];
  const object = resolvePointer(parsed.value, toPointer(objectPath));
  // Keys already written, except the one being typed.
  const present = new Set(typeof object === 'object' && object !== null ? Object.keys(object) : []);
  if (replace) present.delete(replace.typed);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties)
    .filter(([name]) => !present.has(name))
    .map(([name, property]) => {
      const resolved = schemaAt(catalog.planSchema as SchemaNode, [...objectPath, name]);
      const insert = `"${name}": ${valueTemplate(resolved, options.snippetSupport)}`;
      const item: CompletionItem = {
        label: name,
        kind: CompletionItemKind.Property,
        detail: required.has(name) ? 'required' : undefined,
        documentation: { kind: 'markdown', value: resolved?.markdownDescription ?? property.description ?? '' },
        insertText: insert,
        insertTextFormat: options.snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        sortText: `${required.has(name) ? '0' : '1'}${name}`,
        filterText: `"${name}"`,
      };
      if (replace) item.textEdit = { range: parsed.lines.rangeAt(replace.start, replace.end - replace.start), newText: insert };
      return item;
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
  const model = modelOf(parsed, catalog);
  if (shape === 'hosts.*.product') {
    return catalog.products().map((p) => ({ value: p.id, detail: p.name, documentation: `${p.summary}`, kind: CompletionItemKind.Value }));
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
  if (shape === 'suppress.*') {
    return RULES.map((r) => ({ value: r.code, detail: r.summary, kind: CompletionItemKind.EnumMember }));
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

/** Completion at an offset: property names, values, catalog ids, host names, snippets. */
export function doComplete(parsed: ParsedPlan, offset: number, catalog: Catalog, options: CompletionOptions): CompletionList {
  const items: CompletionItem[] = [];
  const location = contextAt(parsed.source, offset);
  const previous = location.token;
  const inString = previous && previous.type === 'string' && offset > previous.offset && offset < previous.offset + previous.length + 1;
  const replace = inString ? { start: previous!.offset, end: previous!.offset + previous!.length, typed: String(previous!.value ?? '') } : undefined;

  if (parsed.value === undefined && parsed.text.trim() === '') {
    const plan = snippetItem('plan', options);
    return { isIncomplete: false, items: plan ? [plan] : [] };
  }
  if (location.isAtPropertyKey) {
    items.push(...propertyItems(parsed, location.path.slice(0, -1), catalog, options, replace));
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
      filterText: text,
      ...(replace ? { textEdit: { range: parsed.lines.rangeAt(replace.start, replace.end - replace.start), newText: text } } : { insertText: text }),
    });
  }
  const last = path[path.length - 1];
  if (typeof last === 'number' && !inString) {
    const list = shapeOf(path.slice(0, -1));
    const snippet = snippetItem(list === 'hosts' ? 'host' : list === 'vms' ? 'vm' : list === 'clusters' ? 'cluster' : '', options);
    if (snippet) items.push(snippet);
  }
  return { isIncomplete: false, items };
}
