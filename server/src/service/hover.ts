import type { Hover } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { Product } from '../catalog/types';
import { clusteringOf, hostLimit, type HostModel } from '../model/plan';
import { hostCapacityOf } from '../model/host-capacity';
import { fmt } from '../util/format';
import { hostNameHover } from './capacity-view';
import { productCard, sourceLinks } from '../catalog/facts';
import { escapePlanText } from './markdown';
import { PlanVersion } from './plan-version';
import { limitsFor } from '../rules/index';
import type { ParsedPlan } from '../json/parse';
import { schemaAt, type SchemaNode } from './schema-lookup';
import { shapeOf, tokenAt, type Path } from '../json/cursor';

/** How a fact is known, for a hover line: nothing for a sourced fact (its pages are listed below), else the confidence. */
function known(fact: { sources?: string[]; confidence?: string } | undefined, cited: string[]): string {
  if (!fact) return '';
  cited.push(...(fact.sources ?? []));
  return fact.confidence && fact.confidence !== 'sourced' ? ` _(${fact.confidence})_` : '';
}

interface CardRow {
  text: string;
  /** How much of the limit this host uses (over 1: beyond it); -1 when the host does not say. */
  used: number;
  fact: { sources?: string[]; confidence?: string } | undefined;
}

/** Rows a card shows: enough to see where this host stands, few enough to read without scrolling. */
const CARD_ROWS = 4;

/**
 * The product card of a hover: short enough to read without scrolling. The limits this host
 * comes closest to come first, then what the product lacks, the pages the facts come from and
 * where the whole fact sheet is.
 */
function productHover(product: Product, host: HostModel | undefined, catalog: Catalog): string {
  const cited: string[] = [];
  const edition = host?.product === product ? host.edition : undefined;
  const rows: CardRow[] = [];
  const row = (label: string, have: number | undefined, limit: number | undefined, unit: (n: number) => string, fact: { sources?: string[]; confidence?: string } | undefined, note = '') => {
    if (limit === undefined) return;
    const used = have !== undefined ? have / limit : -1;
    const value = have !== undefined ? `${unit(have)} of ${unit(limit)}` : `up to ${unit(limit)}`;
    rows.push({ text: `- ${label}: ${used > 1 ? `**${value}**` : value}${note}`, used, fact });
  };
  const count = (n: number) => fmt(n);
  const gb = (n: number) => (n >= 1024 && n % 1024 === 0 ? `${n / 1024} TB` : `${fmt(n)} GB`);
  const here = host?.product === product ? host : undefined;

  const lps = here ? hostLimit(here, 'logicalProcessors') : undefined;
  const lpFact = product.host.logicalProcessors;
  const raising = product.updates.filter((u) => u.raises.logicalProcessors !== undefined && u.id !== lps?.raisedBy);
  const lpNote = [lps?.raisedBy ? `with ${lps.raisedBy}` : '', ...raising.map((u) => `${u.raises.logicalProcessors} with ${u.id}`)].filter(Boolean);
  row('logical processors', here?.logicalProcessors, lps?.value ?? lpFact?.value, count, lpFact, lpNote.length ? ` (${lpNote.join('; ')})` : '');
  const sockets = edition?.sockets ?? product.host.sockets;
  row('sockets', here?.sockets, sockets?.value, count, sockets);
  const memory = edition?.memoryGB ?? product.host.memoryGB;
  row('host memory', here?.memoryGB, memory?.value, gb, memory);
  const vmsLimit = here ? hostLimit(here, 'runningVMs') : undefined;
  row('running VMs', here?.vms.length, vmsLimit?.value ?? product.host.runningVMs?.value, count, product.host.runningVMs);
  const vcpus = product.vm.vcpus;
  const largest = here?.vms.length ? Math.max(...here.vms.map((vm) => vm.vcpus ?? 0)) : undefined;
  row('virtual processors per VM', largest || undefined, vcpus?.value, count, vcpus);
  const vmMemory = product.vm.memoryGB;
  const biggest = here?.vms.length ? Math.max(...here.vms.map((vm) => vm.memoryGB ?? 0)) : undefined;
  row('memory per VM', biggest || undefined, vmMemory?.value, gb, vmMemory);
  rows.sort((a, b) => b.used - a.used);
  const shown = rows.slice(0, CARD_ROWS).map((r) => r.text + known(r.fact, cited));

  const clustering = here ? clusteringOf(here) : undefined;
  const clusterFact = edition?.clustering ?? product.features.clustering;
  const maxNodes = clustering?.maxNodes ?? product.features.clusterNodes?.value;
  const clusterLine =
    clustering && !clustering.supported && edition
      ? `- failover clustering: none in the ${edition.name} edition${known(clusterFact, cited)}`
      : !product.features.clustering.value
        ? undefined
        : maxNodes !== undefined
          ? `- failover clustering: ${maxNodes} nodes at most${known(product.features.clusterNodes ?? clusterFact, cited)}`
          : `- failover clustering: yes${known(clusterFact, cited)}`;

  const lacks = productCard(product, catalog).lacks.filter((item) => item !== 'failover clustering' || !clusterLine);

  const kind = product.kind === 'hypervisor' ? 'hypervisor' : 'hosted on a full OS';
  const where = here ? ` · on ${here.name !== undefined ? `host "${escapePlanText(here.name)}"` : 'this host'}:` : '';
  const lines = [`### ${product.name}${edition ? ` ${edition.name}` : ''}`, `${product.vendor} · ${kind} · released ${product.released.value}${where}`];
  lines.push(...shown);
  if (clusterLine) lines.push(clusterLine);
  if (lacks.length) lines.push('', `**Lacks:** ${lacks.join(', ')}.`);
  const sources = sourceLinks(cited, catalog);
  if (sources.length) lines.push('', `Sources: ${sources.join(' · ')}`);
  lines.push('', `All facts: **virtplan: Show Product Facts**, or \`virtplan facts ${product.id}\``);
  return lines.join('\n');
}

function hostMarkdown(host: HostModel): string {
  const product = host.product;
  const lines = [`### Host "${escapePlanText(host.name)}"`];
  if (!product) return [...lines, host.productId !== undefined ? `Product "${escapePlanText(host.productId)}" is not in the catalog.` : 'No product given.'].join('\n');
  lines.push(`${product.name}${host.edition ? ` ${host.edition.name}` : ''} (\`${product.id}\`)`, '');
  const lps = hostLimit(host, 'logicalProcessors');
  const vmsLimit = hostLimit(host, 'runningVMs');
  const memory = host.vms.reduce((sum, vm) => sum + (vm.memoryGB ?? 0), 0);
  const reserve = product.host.reservedMemoryGB?.value ?? 0;
  const vcpus = host.vms.reduce((sum, vm) => sum + (vm.vcpus ?? 0), 0);
  if (host.logicalProcessors !== undefined) lines.push(`- logical processors: ${host.logicalProcessors}${lps ? ` of ${lps.value}${lps.raisedBy ? ` (with ${lps.raisedBy})` : ''}` : ''}`);
  const usable = hostCapacityOf(host).usableMemoryGB;
  if (host.memoryGB !== undefined && usable !== null) {
    const installed = host.memoryGB > usable ? ` usable (${fmt(host.memoryGB)} GB installed)` : '';
    lines.push(`- memory: ${fmt(memory)} GB given to VMs + ${fmt(reserve)} GB for the host, of ${fmt(usable)} GB${installed}`);
  }
  lines.push(`- VMs: ${host.vms.length}${vmsLimit ? ` of ${vmsLimit.value}` : ''}; ${vcpus} virtual processors`);
  const clustering = clusteringOf(host);
  lines.push(`- clusters: ${host.clusters.length ? host.clusters.map((c) => `"${escapePlanText(c.name ?? c.index + 1)}"`).join(', ') : 'none'}${clustering && !clustering.supported ? ' (no failover clustering on this product)' : ''}`);
  return lines.join('\n');
}

function propertyMarkdown(path: Path, schema: SchemaNode | undefined, limits: string[]): string | undefined {
  const name = [...path].reverse().find((s) => typeof s === 'string');
  const description = schema?.markdownDescription ?? schema?.description;
  if (!description && !limits.length) return undefined;
  const lines = [`**${escapePlanText(String(name))}**`, ''];
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
  const model = PlanVersion.of(parsed, catalog).model;
  const markdown = (value: string): Hover => ({ contents: { kind: 'markdown', value }, range });
  const shape = shapeOf(path);

  if (!node.isKey && node.type === 'string') {
    if (shape === 'hosts.*.product') {
      const product = catalog.product(String(node.value));
      if (product) return markdown(productHover(product, model?.hosts.find((h) => h.index === path[1]), catalog));
      return markdown(`"${escapePlanText(node.value)}" is not in the catalog. Products: ${catalog.productIds().map((id) => `\`${id}\``).join(', ')}.`);
    }
    if (shape === 'hosts.*.name') {
      const table = hostNameHover(parsed, path[1] as number, catalog);
      if (table) return markdown(table);
    }
    if (shape === 'vms.*.host' || shape === 'clusters.*.nodes.*' || shape === 'hosts.*.name') {
      const host = model?.hostsByName.get(String(node.value));
      if (host) return markdown(hostMarkdown(host));
      if (shape !== 'hosts.*.name') return markdown(`No host of this plan is named "${escapePlanText(node.value)}".`);
    }
    if (shape === 'vms.*.guest.os') {
      const guest = catalog.guest(String(node.value));
      const limits = model ? limitsFor([...path.slice(0, 2), 'vcpus'], model, escapePlanText) : [];
      if (guest) return markdown([`**${guest.name}** (\`${guest.id}\`): ${guest.family}${guest.server ? ', server' : ''}`, '', ...limits.map((l) => `- ${l}`)].join('\n'));
    }
  }
  const propertyPath = typeof path[path.length - 1] === 'number' && !node.isKey ? path.slice(0, -1) : path;
  const text = propertyMarkdown(propertyPath, schemaAt(catalog.planSchema as SchemaNode, propertyPath), model ? limitsFor(propertyPath, model, escapePlanText) : []);
  return text ? markdown(text) : null;
}
