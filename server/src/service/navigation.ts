import { DocumentHighlightKind, SymbolKind, type DocumentHighlight, type DocumentSymbol, type Location, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { fmt } from '../util/format';
import { shapeOf, tokenAt } from '../json/cursor';
import { locatePointers, type Located } from '../json/locate';
import { containerSkip, itemPlaces, type Span } from './item-places';
import { PlanVersion } from './plan-version';
import type { ParsedPlan } from '../json/parse';

/** A place where a host or cluster name is written: its declaration or a reference to it. */
interface NameSite {
  kind: 'host' | 'cluster';
  name: string;
  pointer: string;
  declaration: boolean;
}

const SHAPES: Record<string, { kind: NameSite['kind']; declaration: boolean }> = {
  'hosts.*.name': { kind: 'host', declaration: true },
  'vms.*.host': { kind: 'host', declaration: false },
  'clusters.*.name': { kind: 'cluster', declaration: true },
  'clusters.*.nodes.*': { kind: 'host', declaration: false },
};

function list(value: unknown, key: string): unknown[] {
  const items = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(items) ? items : [];
}

function field(item: unknown, key: string): unknown {
  return typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>)[key] : undefined;
}

/** Every place the plan writes this name of this kind, read from the parsed plan. */
function sitesOf(parsed: ParsedPlan, kind: NameSite['kind'], name: string): NameSite[] {
  const sites: NameSite[] = [];
  const add = (pointer: string, value: unknown, declaration: boolean) => {
    if (value === name) sites.push({ kind, name, pointer, declaration });
  };
  if (kind === 'host') {
    list(parsed.value, 'hosts').forEach((host, i) => add(`/hosts/${i}/name`, field(host, 'name'), true));
    list(parsed.value, 'vms').forEach((vm, i) => add(`/vms/${i}/host`, field(vm, 'host'), false));
    list(parsed.value, 'clusters').forEach((cluster, i) => {
      const nodes = field(cluster, 'nodes');
      if (Array.isArray(nodes)) nodes.forEach((node, k) => add(`/clusters/${i}/nodes/${k}`, node, false));
    });
  } else {
    list(parsed.value, 'clusters').forEach((cluster, i) => add(`/clusters/${i}/name`, field(cluster, 'name'), true));
  }
  return sites;
}

/** The name under the cursor, if it is a host or cluster name, with every site of that name. */
function siteAt(parsed: ParsedPlan, offset: number): { site: NameSite; sites: NameSite[]; located: Map<string, Located> } | undefined {
  const token = tokenAt(parsed.source, offset);
  if (!token || token.isKey || token.type !== 'string' || typeof token.value !== 'string') return undefined;
  const shape = SHAPES[shapeOf(token.path)];
  if (!shape) return undefined;
  const sites = sitesOf(parsed, shape.kind, token.value);
  const located = locatePointers(parsed, sites.map((s) => s.pointer));
  const site = sites.find((s) => located.get(s.pointer)?.offset === token.offset);
  return site ? { site, sites, located } : undefined;
}

/** The text inside the quotes. */
function innerRange(parsed: ParsedPlan, at: Located | undefined): Range {
  const offset = at ? at.offset + 1 : 0;
  return parsed.lines.rangeAt(offset, at ? Math.max(0, at.length - 2) : 0);
}

export function findDefinition(parsed: ParsedPlan, offset: number, uri: string): Location[] {
  const found = siteAt(parsed, offset);
  const declaration = found?.sites.find((s) => s.declaration);
  return found && declaration ? [{ uri, range: innerRange(parsed, found.located.get(declaration.pointer)) }] : [];
}

export function findReferences(parsed: ParsedPlan, offset: number, uri: string, includeDeclaration: boolean): Location[] {
  const found = siteAt(parsed, offset);
  if (!found) return [];
  return found.sites.filter((s) => includeDeclaration || !s.declaration).map((s) => ({ uri, range: innerRange(parsed, found.located.get(s.pointer)) }));
}

/** Every use of the host or cluster name under the cursor, its declaration marked as written. */
export function findHighlights(parsed: ParsedPlan, offset: number): DocumentHighlight[] {
  const found = siteAt(parsed, offset);
  if (!found) return [];
  return found.sites.map((s) => ({
    range: innerRange(parsed, found.located.get(s.pointer)),
    kind: s.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

export function prepareRename(parsed: ParsedPlan, offset: number): { range: Range; placeholder: string } | null {
  const found = siteAt(parsed, offset);
  return found ? { range: innerRange(parsed, found.located.get(found.site.pointer)), placeholder: found.site.name } : null;
}

export class RenameError extends Error {}

export function doRename(parsed: ParsedPlan, offset: number, newName: string, uri: string): WorkspaceEdit | null {
  const found = siteAt(parsed, offset);
  if (!found) return null;
  if (newName.trim() === '') throw new RenameError('A name must not be empty.');
  const { kind, name } = found.site;
  if (newName !== name && sitesOf(parsed, kind, newName).some((s) => s.declaration)) {
    throw new RenameError(`Another ${kind} is already named "${newName}".`);
  }
  const newText = JSON.stringify(newName).slice(1, -1);
  const edits: TextEdit[] = found.sites.map((s) => ({ range: innerRange(parsed, found.located.get(s.pointer)), newText }));
  return { changes: { [uri]: edits } };
}

/**
 * Where an item's `name` value is written, searched for inside the item's own text: the
 * schema allows no `name` in the objects nested in hosts, clusters and VMs, and the found text
 * must be the name itself, so a look-alike elsewhere is not taken.
 */
function nameWithin(text: string, item: Located, name: string): Located | undefined {
  const quoted = JSON.stringify(name);
  const end = item.offset + item.length;
  for (let key = text.indexOf('"name"', item.offset); key !== -1 && key < end; key = text.indexOf('"name"', key + 1)) {
    let i = key + 6;
    while (i < end && text.charCodeAt(i) <= 32) i++;
    if (text.charCodeAt(i) !== 58) continue;
    i++;
    while (i < end && text.charCodeAt(i) <= 32) i++;
    if (text.startsWith(quoted, i)) return { offset: i, length: quoted.length };
  }
  return undefined;
}

/** The places of a group's items: stepped through in a plan JSON.parse read, else (after a syntax error) located from the parse's notes. */
function groupItems(parsed: ParsedPlan, key: string, at: Located, count: number): Array<Span | undefined> {
  if (parsed.syntaxErrors.length === 0) {
    return itemPlaces(parsed.source, at, count, containerSkip(parsed));
  }
  const located = locatePointers(parsed, Array.from({ length: count }, (_, i) => `/${key}/${i}`));
  return Array.from({ length: count }, (_, i) => {
    const item = located.get(`/${key}/${i}`);
    return item && { offset: item.offset, end: item.offset + item.length };
  });
}

/**
 * Outline: hosts, clusters and VMs, each with a one-line summary; at most `maxItems` symbols.
 * Made once per version and setting, and kept with it: an editor asks again for the same
 * version (the outline, the breadcrumbs, "Go to Symbol").
 */
export function findDocumentSymbols(parsed: ParsedPlan, catalog: Catalog, maxItems: number): DocumentSymbol[] {
  const version = PlanVersion.of(parsed, catalog);
  return version.derived(`outline ${maxItems}`, () => outline(version, maxItems));
}

function outline(parsed: PlanVersion, maxItems: number): DocumentSymbol[] {
  const model = parsed.model;
  if (!model) return [];
  const groups = [
    { key: 'hosts', label: 'Hosts', noun: 'host', kind: SymbolKind.Class },
    { key: 'clusters', label: 'Clusters', noun: 'cluster', kind: SymbolKind.Module },
    { key: 'vms', label: 'VMs', noun: 'VM', kind: SymbolKind.Object },
  ] as const;
  // Which symbols fit the budget; then the places of the lists, and each list's items stepped through.
  let budget = maxItems;
  const chosen = groups.map((group) => {
    const items = list(parsed.value, group.key);
    if (!Array.isArray((parsed.value as Record<string, unknown>)[group.key]) || budget <= 0) return { group, count: -1 };
    budget--;
    const count = Math.max(0, Math.min(items.length, budget));
    budget -= count;
    return { group, count };
  });
  const located = locatePointers(
    parsed,
    chosen.flatMap(({ group, count }) => (count < 0 ? [] : [`/${group.key}`])),
  );
  const hosts = new Map(model.hosts.map((h) => [h.index, h]));
  const clusters = new Map(model.clusters.map((c) => [c.index, c]));
  const vms = new Map(model.vms.map((v) => [v.index, v]));
  const detail = {
    hosts: (i: number) => {
      const h = hosts.get(i);
      return h ? [h.productId, h.logicalProcessors !== undefined ? `${h.logicalProcessors} LPs` : '', `${h.vms.length} ${h.vms.length === 1 ? 'VM' : 'VMs'}`].filter(Boolean).join(' · ') : '';
    },
    clusters: (i: number) => {
      const c = clusters.get(i);
      return c ? `${c.nodes.length} nodes` : '';
    },
    vms: (i: number) => {
      const v = vms.get(i);
      return v ? [v.hostName, v.vcpus !== undefined ? `${v.vcpus} vCPU` : '', v.memoryGB !== undefined ? `${fmt(v.memoryGB)} GB` : ''].filter(Boolean).join(' · ') : '';
    },
  };
  // Every offset first, in the order of the text, for one forward pass that finds their positions.
  const offsets: number[] = [];
  const pending: Array<() => DocumentSymbol> = [];
  const range = (k: number): Range => ({ start: positions[k], end: positions[k + 1] });
  for (const { group, count } of chosen) {
    const at = located.get(`/${group.key}`);
    if (count < 0 || !at) continue;
    const start = at.keyOffset ?? at.offset;
    const head = offsets.length;
    offsets.push(start, start + (at.keyLength ?? 1));
    const items = list(parsed.value, group.key);
    const places = groupItems(parsed, group.key, at, count);
    const children: Array<() => DocumentSymbol> = [];
    for (let i = 0; i < count; i++) {
      const item = places[i];
      if (!item) continue;
      const name = field(items[i], 'name');
      const nameAt = typeof name === 'string' ? nameWithin(parsed.source, { offset: item.offset, length: item.end - item.offset }, name) : undefined;
      const k = offsets.length;
      if (nameAt) offsets.push(item.offset, nameAt.offset, nameAt.offset + nameAt.length, item.end);
      else offsets.push(item.offset, item.end);
      children.push(() => {
        const whole: Range = nameAt ? { start: positions[k], end: positions[k + 3] } : range(k);
        return {
          name: typeof name === 'string' && name !== '' ? name : `(${group.noun} ${i + 1})`,
          detail: detail[group.key](i),
          kind: group.kind,
          range: whole,
          selectionRange: nameAt ? range(k + 1) : whole,
        };
      });
    }
    const tail = offsets.length;
    offsets.push(start, at.offset + at.length);
    pending.push(() => ({
      name: group.label,
      detail: `${items.length}`,
      kind: SymbolKind.Namespace,
      range: range(tail),
      selectionRange: range(head),
      children: children.map((child) => child()),
    }));
  }
  const positions = parsed.lines.positionsAt(offsets);
  return pending.map((group) => group());
}
