import type { Hover } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { clusteringOf, hostLimit, type HostModel } from '../rules/model';
import { fmt } from '../util/format';
import { hostNameHover } from './capacity-view';
import { productCard, type ProductCard } from './facts';
import { limitsFor } from './limits';
import { modelOf } from './model-cache';
import type { ParsedPlan } from './parse';
import { schemaAt, type SchemaNode } from './schema-lookup';
import { tokenAt, type Path } from './cursor';

export function productMarkdown(card: ProductCard): string {
  const lines = [`### ${card.title}`, `\`${card.id}\` · ${card.subtitle}`, '', card.summary, '', '| limit | value | source |', '|---|---|---|'];
  for (const row of card.limits) lines.push(`| ${row.label} | ${row.value.replace(/\|/g, '\\|')} | ${row.basis} |`);
  if (card.lacks.length) lines.push('', `**Lacks:** ${card.lacks.join(', ')}.`);
  for (const note of card.notes) lines.push('', `${note.value} (${note.basis})`);
  lines.push('', '**Sources:** ' + card.sources.map((s) => (s.url ? `[${s.id}](${s.url} "${s.title.replace(/"/g, "'")}")` : `${s.id} (${s.title})`)).join(' · '));
  lines.push('', '_recalled_: widely reported, not checked against a listed page · _estimate_: a planning allowance');
  return lines.join('\n');
}

function hostMarkdown(host: HostModel): string {
  const product = host.product;
  const lines = [`### Host "${host.name}"`];
  if (!product) return [...lines, host.productId ? `Product \`${host.productId}\` is not in the catalog.` : 'No product given.'].join('\n');
  lines.push(`${product.name}${host.edition ? ` ${host.edition.name}` : ''} (\`${product.id}\`)`, '');
  const lps = hostLimit(host, 'logicalProcessors');
  const vmsLimit = hostLimit(host, 'runningVMs');
  const memory = host.vms.reduce((sum, vm) => sum + (vm.memoryGB ?? 0), 0);
  const reserve = product.host.reservedMemoryGB?.value ?? 0;
  const vcpus = host.vms.reduce((sum, vm) => sum + (vm.vcpus ?? 0), 0);
  if (host.logicalProcessors !== undefined) lines.push(`- logical processors: ${host.logicalProcessors}${lps ? ` of ${lps.value}${lps.raisedBy ? ` (with ${lps.raisedBy})` : ''}` : ''}`);
  if (host.memoryGB !== undefined) lines.push(`- memory: ${fmt(memory)} GB given to VMs + ${fmt(reserve)} GB for the host, of ${fmt(host.memoryGB)} GB`);
  lines.push(`- VMs: ${host.vms.length}${vmsLimit ? ` of ${vmsLimit.value}` : ''}; ${vcpus} virtual processors`);
  const clustering = clusteringOf(host);
  lines.push(`- clusters: ${host.clusters.length ? host.clusters.map((c) => `"${c.name}"`).join(', ') : 'none'}${clustering && !clustering.supported ? ' (no failover clustering on this product)' : ''}`);
  return lines.join('\n');
}

function propertyMarkdown(path: Path, schema: SchemaNode | undefined, limits: string[]): string | undefined {
  const name = [...path].reverse().find((s) => typeof s === 'string');
  const description = schema?.markdownDescription ?? schema?.description;
  if (!description && !limits.length) return undefined;
  const lines = [`**${String(name)}**`, ''];
  if (description) lines.push(description);
  if (schema?.enum && schema.enumDescriptions) {
    lines.push('', ...schema.enum.map((value, i) => `- \`${JSON.stringify(value)}\`: ${schema.enumDescriptions![i]}`));
  }
  if (limits.length) lines.push('', ...limits.map((l) => `- ${l}`));
  return lines.join('\n');
}

/** Hover: the product card on a product id, a host's capacity on a host reference, else what the property means and the limit that applies. */
export function doHover(parsed: ParsedPlan, offset: number, catalog: Catalog): Hover | null {
  const node = tokenAt(parsed.source, offset);
  if (!node) return null;
  const path = node.path;
  const range = parsed.lines.rangeAt(node.offset, node.length);
  const model = modelOf(parsed, catalog);
  const markdown = (value: string): Hover => ({ contents: { kind: 'markdown', value }, range });
  const shape = path.map((s) => (typeof s === 'number' ? '*' : s)).join('.');

  if (!node.isKey && node.type === 'string') {
    if (shape === 'hosts.*.product') {
      const product = catalog.product(String(node.value));
      if (product) return markdown(productMarkdown(productCard(product, catalog)));
      return markdown(`\`${node.value}\` is not in the catalog. Products: ${catalog.productIds().map((id) => `\`${id}\``).join(', ')}.`);
    }
    if (shape === 'hosts.*.name') {
      const table = hostNameHover(parsed, path[1] as number, catalog);
      if (table) return markdown(table);
    }
    if (shape === 'vms.*.host' || shape === 'clusters.*.nodes.*' || shape === 'hosts.*.name') {
      const host = model?.hostsByName.get(String(node.value));
      if (host) return markdown(hostMarkdown(host));
      if (shape !== 'hosts.*.name') return markdown(`No host of this plan is named "${node.value}".`);
    }
    if (shape === 'vms.*.guest.os') {
      const guest = catalog.guest(String(node.value));
      const limits = model ? limitsFor([...path.slice(0, 2), 'vcpus'], model) : [];
      if (guest) return markdown([`**${guest.name}** (\`${guest.id}\`): ${guest.family}${guest.server ? ', server' : ''}`, '', ...limits.map((l) => `- ${l}`)].join('\n'));
    }
  }
  const propertyPath = typeof path[path.length - 1] === 'number' && !node.isKey ? path.slice(0, -1) : path;
  const text = propertyMarkdown(propertyPath, schemaAt(catalog.planSchema as SchemaNode, propertyPath), model ? limitsFor(propertyPath, model) : []);
  return text ? markdown(text) : null;
}
