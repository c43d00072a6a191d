import type { Node } from 'jsonc-parser';
import { SymbolKind, type DocumentSymbol, type Location, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { fmt } from '../util/format';
import { modelOf } from './model-cache';
import type { ParsedPlan } from './parse';
import { nodeAt, nodeAtPath, treeOf } from './tree';

/** A string node that names a host or a cluster: its declaration or a reference to it. */
interface NameSite {
  kind: 'host' | 'cluster';
  name: string;
  node: Node;
  declaration: boolean;
}

function stringNode(node: Node | undefined): node is Node & { value: string } {
  return node?.type === 'string' && typeof node.value === 'string';
}

/** Every place a host or cluster name is written: declarations, VM hosts, cluster nodes. */
function nameSites(parsed: ParsedPlan): NameSite[] {
  const sites: NameSite[] = [];
  const list = (key: string) => nodeAtPath(parsed, [key])?.children ?? [];
  const nameOf = (item: Node, property: string) => item.children?.find((p) => p.children?.[0]?.value === property)?.children?.[1];
  for (const host of list('hosts')) {
    const node = nameOf(host, 'name');
    if (stringNode(node)) sites.push({ kind: 'host', name: node.value, node, declaration: true });
  }
  for (const vm of list('vms')) {
    const node = nameOf(vm, 'host');
    if (stringNode(node)) sites.push({ kind: 'host', name: node.value, node, declaration: false });
  }
  for (const cluster of list('clusters')) {
    const node = nameOf(cluster, 'name');
    if (stringNode(node)) sites.push({ kind: 'cluster', name: node.value, node, declaration: true });
    for (const member of nameOf(cluster, 'nodes')?.children ?? []) {
      if (stringNode(member)) sites.push({ kind: 'host', name: member.value, node: member, declaration: false });
    }
  }
  return sites;
}

function siteAt(parsed: ParsedPlan, offset: number): { site: NameSite; sites: NameSite[] } | undefined {
  const at = nodeAt(parsed, offset);
  if (!at || at.isKey || !stringNode(at.node)) return undefined;
  const sites = nameSites(parsed);
  const site = sites.find((s) => s.node === at.node);
  return site ? { site, sites } : undefined;
}

/** The text inside the quotes. */
function innerRange(parsed: ParsedPlan, node: Node): Range {
  return parsed.lines.rangeAt(node.offset + 1, Math.max(0, node.length - 2));
}

export function findDefinition(parsed: ParsedPlan, offset: number, uri: string): Location[] {
  const found = siteAt(parsed, offset);
  if (!found) return [];
  const declaration = found.sites.find((s) => s.declaration && s.kind === found.site.kind && s.name === found.site.name);
  return declaration ? [{ uri, range: innerRange(parsed, declaration.node) }] : [];
}

export function findReferences(parsed: ParsedPlan, offset: number, uri: string, includeDeclaration: boolean): Location[] {
  const found = siteAt(parsed, offset);
  if (!found) return [];
  return found.sites
    .filter((s) => s.kind === found.site.kind && s.name === found.site.name && (includeDeclaration || !s.declaration))
    .map((s) => ({ uri, range: innerRange(parsed, s.node) }));
}

export function prepareRename(parsed: ParsedPlan, offset: number): { range: Range; placeholder: string } | null {
  const found = siteAt(parsed, offset);
  return found ? { range: innerRange(parsed, found.site.node), placeholder: found.site.name } : null;
}

export class RenameError extends Error {}

export function doRename(parsed: ParsedPlan, offset: number, newName: string, uri: string): WorkspaceEdit | null {
  const found = siteAt(parsed, offset);
  if (!found) return null;
  if (newName.trim() === '') throw new RenameError('A name must not be empty.');
  const { kind, name } = found.site;
  if (newName !== name && found.sites.some((s) => s.kind === kind && s.declaration && s.name === newName)) {
    throw new RenameError(`Another ${kind} is already named "${newName}".`);
  }
  const newText = JSON.stringify(newName).slice(1, -1);
  const edits: TextEdit[] = found.sites.filter((s) => s.kind === kind && s.name === name).map((s) => ({ range: innerRange(parsed, s.node), newText }));
  return { changes: { [uri]: edits } };
}

/** Outline: hosts, clusters and VMs, each with a one-line summary; at most `maxItems` symbols. */
export function findDocumentSymbols(parsed: ParsedPlan, catalog: Catalog, maxItems: number): DocumentSymbol[] {
  const tree = treeOf(parsed);
  const model = modelOf(parsed, catalog);
  if (!tree || !model) return [];
  let budget = maxItems;
  const symbols: DocumentSymbol[] = [];
  const group = (key: string, label: string, detailOf: (index: number) => string, kind: SymbolKind) => {
    const list = nodeAtPath(parsed, [key]);
    if (!list || list.type !== 'array' || budget <= 0) return;
    budget--;
    const children: DocumentSymbol[] = [];
    (list.children ?? []).forEach((item, index) => {
      if (budget <= 0) return;
      const nameNode = item.children?.find((p) => p.children?.[0]?.value === 'name')?.children?.[1];
      const range = parsed.lines.rangeAt(item.offset, item.length);
      budget--;
      children.push({
        name: stringNode(nameNode) && nameNode.value !== '' ? nameNode.value : `(${label.toLowerCase().replace(/s$/, '')} ${index + 1})`,
        detail: detailOf(index),
        kind,
        range,
        selectionRange: stringNode(nameNode) ? parsed.lines.rangeAt(nameNode.offset, nameNode.length) : range,
      });
    });
    const range = parsed.lines.rangeAt(list.parent?.offset ?? list.offset, (list.parent?.length ?? list.length));
    symbols.push({ name: label, detail: `${list.children?.length ?? 0}`, kind: SymbolKind.Namespace, range, selectionRange: parsed.lines.rangeAt(list.parent?.children?.[0]?.offset ?? list.offset, list.parent?.children?.[0]?.length ?? 1), children });
  };
  const byIndex = <T extends { index: number }>(items: T[]) => new Map(items.map((item) => [item.index, item]));
  const hosts = byIndex(model.hosts);
  const vms = byIndex(model.vms);
  const clusters = byIndex(model.clusters);
  group('hosts', 'Hosts', (i) => {
    const h = hosts.get(i);
    if (!h) return '';
    return [h.productId, h.logicalProcessors !== undefined ? `${h.logicalProcessors} LPs` : '', `${h.vms.length} ${h.vms.length === 1 ? 'VM' : 'VMs'}`].filter(Boolean).join(' · ');
  }, SymbolKind.Class);
  group('clusters', 'Clusters', (i) => {
    const c = clusters.get(i);
    return c ? `${c.nodes.length} nodes` : '';
  }, SymbolKind.Module);
  group('vms', 'VMs', (i) => {
    const v = vms.get(i);
    if (!v) return '';
    return [v.hostName, v.vcpus !== undefined ? `${v.vcpus} vCPU` : '', v.memoryGB !== undefined ? `${fmt(v.memoryGB)} GB` : ''].filter(Boolean).join(' · ');
  }, SymbolKind.Object);
  return symbols;
}
