import { basisOfRow as basis } from './basis';
import type { Catalog } from './catalog';
import type { Fact, Product, RaisableHostFact, Update } from './types';
import { guestsLicensed, plural } from '../util/format';

// A product's facts as a reader sees them: rows with their sources, for hovers, `virtplan facts` and the fact sheet.

export interface FactRow {
  label: string;
  value: string;
  /** "S2, S6" or "recalled" or "estimate": how the fact is known. */
  basis: string;
}

export interface ProductCard {
  id: string;
  title: string;
  subtitle: string;
  summary: string;
  limits: FactRow[];
  lacks: string[];
  notes: FactRow[];
  sources: Array<{ id: string; title: string; url?: string }>;
}

function row(label: string, fact: Fact<unknown> | undefined, render: (value: never) => string = String): FactRow[] {
  if (!fact) return [];
  const value = render(fact.value as never) + (fact.note ? ` (${fact.note.replace(/\.$/, '')})` : '');
  return [{ label, value, basis: basis(fact) }];
}

/** The host limits an update can raise, in the words the product card gives them. */
const RAISED: Record<RaisableHostFact, string> = {
  logicalProcessors: 'logical processors',
  runningVMs: 'running VMs',
  memoryGB: 'GB of host memory',
  sockets: 'sockets',
  vcpus: 'virtual processors per host',
};

/** What an update raises, for a reader: `24 logical processors, 192 running VMs`. */
export function raisedLimits(update: Update): string {
  return Object.entries(update.raises)
    .map(([fact, value]) => `${value} ${RAISED[fact as RaisableHostFact]}`)
    .join(', ');
}

const gb = (v: number) => (v >= 1024 && v % 1024 === 0 ? `${v / 1024} TB` : `${v} GB`);

/** A product's facts as rows, for hovers and `virtplan facts`: the same words in both. */
export function productCard(product: Product, catalog: Catalog): ProductCard {
  const { host, vm, features } = product;
  const updates = product.updates.map((u) => ({
    label: `with ${u.id}`,
    value: raisedLimits(u),
    basis: basis(u),
  }));
  const limits: FactRow[] = [
    ...row('host hardware', host.hardwareArchs, (v: string[]) => v.join(', ')),
    ...row('logical processors per host', host.logicalProcessors),
    ...row('sockets per host', host.sockets),
    ...row('host memory', host.memoryGB, gb),
    ...row('running VMs per host', host.runningVMs),
    ...row('virtual processors per host', host.vcpus),
    ...row('virtual processors per logical processor', host.vcpusPerLogicalProcessor),
    ...updates,
    ...row('virtual processors per VM', vm.vcpus),
    ...row('memory per VM', vm.memoryGB, gb),
    ...row('network adapters per VM', vm.nics),
    ...row('legacy network adapters per VM', vm.legacyNics),
    ...row('IDE devices per VM', vm.ideDevices),
    ...row('IDE virtual disk', vm.ideDiskGB, gb),
    ...row('SCSI virtual disk', vm.scsiDiskGB, gb),
    ...row('snapshots per VM', vm.snapshots),
    ...row('boot disk bus', vm.bootBus, (v: string) => v.toUpperCase()),
    ...row('virtual processors by guest', vm.guestVcpus, (v: Record<string, number>) =>
      Object.entries(v).map(([guest, n]) => `${catalog.guest(guest)?.name ?? guest} ${n}`).join(', '),
    ),
    ...row('64-bit guests', vm.guest64Bit, (v: boolean) => (v ? 'yes' : 'no')),
    ...row('cluster nodes', features.clusterNodes),
    ...row('host memory reserve in checks', host.reservedMemoryGB, gb),
  ];
  if (product.editions) {
    for (const edition of Object.values(product.editions.editions)) {
      if (!edition) continue;
      const parts = [
        edition.sockets ? plural(edition.sockets.value, 'socket') : '',
        edition.memoryGB ? gb(edition.memoryGB.value) : '',
        edition.clustering ? (edition.clustering.value ? `clustering${edition.clusterNodes ? ` (${edition.clusterNodes.value} nodes)` : ''}` : 'no clustering') : '',
        edition.licensedWindowsGuests ? guestsLicensed(edition.licensedWindowsGuests.value) : '',
      ].filter(Boolean);
      const facts = [edition.sockets, edition.memoryGB, edition.clustering, edition.licensedWindowsGuests].filter((f): f is Fact<never> => !!f);
      limits.push({ label: `${edition.name} edition`, value: parts.join(', '), basis: [...new Set(facts.map(basis))].join('; ') });
    }
  }
  const lacks = [
    !features.liveMigration.value && 'live migration',
    features.quickMigration && !features.quickMigration.value && 'quick migration',
    !features.clustering.value && 'failover clustering',
    !features.memoryOvercommit.value && 'memory overcommit',
    !features.pageSharing.value && 'transparent page sharing',
    features.hotAdd.value.length === 0 && 'hot add',
    vm.guest64Bit && !vm.guest64Bit.value && '64-bit guests',
  ].filter((x): x is string => typeof x === 'string');
  const has = [
    features.liveMigration.value && row('live migration', features.liveMigration, () => 'yes'),
    features.quickMigration?.value && row('quick migration', features.quickMigration, () => 'yes'),
    features.clustering.value && row('clustering', features.clustering, () => 'yes'),
    features.memoryOvercommit.value && row('memory overcommit', features.memoryOvercommit, () => 'yes'),
    features.pageSharing.value && row('page sharing', features.pageSharing, () => 'yes'),
    features.hotAdd.value.length > 0 && row('hot add', features.hotAdd, (v: string[]) => v.join(', ')),
  ].flatMap((x) => (x ? x : []));
  const cited = new Set<string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'sources' && Array.isArray(inner)) inner.forEach((s) => cited.add(String(s)));
        else collect(inner);
      }
    }
  };
  collect(product);
  return {
    id: product.id,
    title: product.name,
    subtitle: `${product.vendor} · ${product.kind === 'hypervisor' ? 'hypervisor (runs on the hardware)' : 'hosted (runs on a full OS)'} · ${product.role} · released ${product.released.value}${product.released.confidence === 'recalled' ? ' (recalled)' : ''}`,
    summary: product.summary,
    limits: [...limits, ...has],
    lacks,
    notes: product.notes.map((note) => ({ label: 'note', value: note.value, basis: basis(note) })),
    sources: [...cited].sort(sourceOrder).map((id) => ({ id, title: catalog.sources.get(id)?.title ?? id, url: catalog.sources.get(id)?.url })),
  };
}

function sourceOrder(a: string, b: string): number {
  const n = (s: string) => (s === 'seed' ? 0 : Number(s.replace(/\D/g, '')) || 999);
  return n(a) - n(b);
}

/** A source as a reader knows it: "TechGenix", the publisher before the page title. */
function shortName(title: string): string {
  const colon = title.indexOf(': ');
  return colon > 0 ? title.slice(0, colon) : title;
}

/** A Markdown link to a source's page (the catalog's own text, not the plan's), or its name without an address. */
export function sourceLink(source: { title: string; url?: string }, text: string = source.title): string {
  return source.url ? `[${text}](<${source.url}> "${source.title.replace(/"/g, "'")}")` : text;
}

/**
 * The sources of some facts as named links, each page once: its publisher's name, numbered
 * where two pages share a publisher; the page's title shows over the link.
 */
export function sourceLinks(ids: Iterable<string>, catalog: Catalog): string[] {
  const sources = [...new Set(ids)]
    .sort(sourceOrder)
    .map((id) => catalog.sources.get(id))
    .filter((s): s is NonNullable<typeof s> => !!s);
  const names = sources.map((s) => shortName(s.title));
  const seen = new Map<string, number>();
  return sources.map((s, i) => {
    const nth = (seen.get(names[i]) ?? 0) + 1;
    seen.set(names[i], nth);
    return sourceLink(s, names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : `${names[i]} ${nth}`);
  });
}

/** The full fact sheet as a Markdown document: every row, each source id a link to its page. */
export function renderCardMarkdown(card: ProductCard): string {
  const byId = new Map(card.sources.map((s) => [s.id, s]));
  const linked = (basis: string) => basis.replace(/\b(seed|S\d+)\b/g, (id) => (byId.has(id) ? sourceLink(byId.get(id)!, id) : id));
  const lines = [`# ${card.title}`, '', `\`${card.id}\` · ${card.subtitle}`, '', card.summary, '', '| limit | value | source |', '|---|---|---|'];
  for (const row of card.limits) lines.push(`| ${row.label} | ${row.value.replace(/\|/g, '\\|')} | ${linked(row.basis)} |`);
  if (card.lacks.length) lines.push('', `**Lacks:** ${card.lacks.join(', ')}.`);
  if (card.notes.length) lines.push('', '## Notes', '', ...card.notes.map((note) => `- ${note.value} (${linked(note.basis)})`));
  lines.push('', '## Sources', '', ...card.sources.map((s) => `- ${s.id}: ${sourceLink(s)}`));
  lines.push('', '_recalled_: widely reported, not checked against a listed page · _estimate_: a planning allowance of virtplan');
  return lines.join('\n') + '\n';
}

export function renderCardText(card: ProductCard): string {
  const width = Math.max(...card.limits.map((r) => r.label.length), 10);
  const lines = [`${card.title} (${card.id})`, card.subtitle, '', card.summary, ''];
  for (const r of card.limits) lines.push(`  ${r.label.padEnd(width)}  ${r.value}  [${r.basis}]`);
  if (card.lacks.length) lines.push('', `  lacks: ${card.lacks.join(', ')}`);
  for (const note of card.notes) lines.push(`  note: ${note.value}  [${note.basis}]`);
  lines.push('', 'Sources (recalled: widely reported, not checked against a listed page; estimate: a planning allowance of virtplan):');
  for (const s of card.sources) lines.push(`  ${s.id}  ${s.title}${s.url ? `  ${s.url}` : ''}`);
  return lines.join('\n') + '\n';
}

