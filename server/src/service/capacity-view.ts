import type { CodeLens, InlayHint, InlayHintLabelPart, Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { exceeds, type CapacityOptions, type ClusterCapacity, type FailoverBlock, type FailoverResult, type HostCapacity } from '../model/capacity';
import { clip, fmt, fmtOver, fmtPositive, listed, plural } from '../util/format';
import { locatePointers, type Located } from '../json/locate';
import { escapePlanText } from './markdown';
import { planLists, positionsOf, rangeOffsets } from './name-places';
import type { Span } from './item-places';
import type { PlanModel } from '../model/plan';
import { PlanVersion } from './plan-version';
import type { ParsedPlan } from '../json/parse';

/**
 * The capacity model shown in the editor: inlay hints after host and cluster names, code lens
 * above clusters and the plan, and the table a host's hover shows. All read the one capacity
 * model of the document version; nothing here computes capacity itself.
 */

/** Put before a part that is over its limit, so it stands out in a line of grey text. */
export const OVER = '⚠ ';

const gb = (value: number) => `${fmt(value)} GB`;
const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '—');

interface Part {
  kind: 'lp' | 'vcpu' | 'memory' | 'vms' | 'licences';
  text: string;
  over: boolean;
  tooltip: string;
}

/** The parts of a host's hint, each with whether it is over its limit. */
export function hostParts(host: HostCapacity): Part[] {
  const parts: Part[] = [];
  if (host.logicalProcessors !== null) {
    parts.push({
      kind: 'lp',
      text: `${host.logicalProcessors} LP`,
      over: host.maxLogicalProcessors !== null && host.logicalProcessors > host.maxLogicalProcessors,
      tooltip: `Logical processors: sockets × cores per socket${host.maxLogicalProcessors !== null ? `; the product supports ${host.maxLogicalProcessors}` : ''}.`,
    });
  }
  const ratio = host.ratio !== null ? ` (${fmtOver(host.ratio, host.maxRatio ?? Infinity)[0]}:1)` : '';
  const ratioOver = (host.ratio !== null && host.maxRatio !== null && host.ratio > host.maxRatio) || (host.maxVcpus !== null && host.vcpus > host.maxVcpus);
  parts.push({
    kind: 'vcpu',
    text: `${host.vcpus} vCPU${ratio}`,
    over: ratioOver,
    tooltip:
      `Virtual processors of the host's VMs` +
      (host.maxRatio !== null ? `; the product supports ${host.maxRatio} per logical processor` : '') +
      (host.maxVcpus !== null ? `; the product runs ${host.maxVcpus} per host` : '') +
      '.',
  });
  if (host.usableMemoryGB !== null) {
    parts.push({
      kind: 'memory',
      text: `${fmtOver(host.committedMemoryGB, host.usableMemoryGB).join(' of ')} GB`,
      over: exceeds(host.committedMemoryGB, host.usableMemoryGB),
      tooltip:
        `Memory committed (the VMs' ${gb(host.committedMemoryGB - host.reserveGB)} and ${gb(host.reserveGB)} for the host) of what the product and edition can use` +
        (host.memoryGB !== null && host.memoryGB > host.usableMemoryGB ? ` (${gb(host.memoryGB)} installed)` : '') +
        (host.memoryOvercommit ? '; the product overcommits memory.' : '.'),
    });
  }
  parts.push({
    kind: 'vms',
    text: host.maxVms !== null ? `${host.vms} of ${host.maxVms} VMs` : plural(host.vms, 'VM'),
    over: host.maxVms !== null && host.vms > host.maxVms,
    tooltip: 'VMs on the host, of the running VMs the product allows.',
  });
  if (host.licensedWindowsGuests !== null) {
    parts.push({
      kind: 'licences',
      text: `${host.windowsGuests} of ${host.licensedWindowsGuests} licences`,
      over: host.windowsGuests > host.licensedWindowsGuests,
      tooltip: 'Windows guests, of the virtual instances the edition licenses with the host.',
    });
  }
  return parts;
}

export function hostHintText(host: HostCapacity): string {
  return hostParts(host)
    .map((p) => (p.over ? OVER + p.text : p.text))
    .join(' · ');
}

/** `N+1 ok`, `N+1: 3 VMs short`, `⚠ no failover`; undefined when the failover cannot be judged. */
export function clusterHintText(cluster: ClusterCapacity): string | undefined {
  const failover = cluster.failover;
  if (cluster.blocked) return `${OVER}no failover`;
  if (!failover) return undefined;
  const label = `N+${failover.reserve}`;
  if (failover.reserve === 0) return `${label}: no reserve`;
  const approx = failover.exact ? '' : ' (sampled)';
  return failover.ok ? `${label} ok${approx}` : `${OVER}${label}: ${plural(failover.unplacedVms.length, 'VM')} short${approx}`;
}

function survivorWords(failover: FailoverResult): string {
  const s = failover.worstSurvivor;
  if (!s) return '';
  const down = failover.failedNodes.map((n) => clip(n, 40)).join(' and ');
  return `; worst: ${down} down leaves ${clip(s.name, 40)} at ${percent(s.committedMemoryGB, s.usableMemoryGB)} memory`;
}

/** Why a cluster's VMs cannot restart on another node, in words. */
function blockedWords(blocked: FailoverBlock): string {
  switch (blocked.kind) {
    case 'no-shared-storage':
      return 'the cluster has no shared storage ("sharedStorage": false), so no VM can restart on another node';
    case 'no-clustering':
      return `${clip(blocked.node, 40)}'s product or edition has no failover clustering`;
    case 'mixed-products':
      return 'its nodes run different products, which one cluster cannot';
  }
}

/** The failover result in words, for the code lens above a cluster. */
export function clusterLensText(cluster: ClusterCapacity): string {
  const failover = cluster.failover;
  if (cluster.blocked) return `Failover not judged: ${blockedWords(cluster.blocked)}`;
  if (!failover) return 'Failover not judged: a node has no product or memory the catalog knows';
  if (failover.reserve === 0) return 'No failover reserve (reserve 0): node failures are not checked';
  const any = `any ${plural(failover.reserve, 'node')}`;
  const sampled = failover.exact ? '' : ' (likeliest sets of failed nodes tried)';
  if (failover.ok) return `Survives the loss of ${any}${survivorWords(failover)}${sampled}`;
  const down = failover.failedNodes.map((n) => clip(n, 40)).join(' and ');
  return (
    // Not "any": the worst set of failed nodes is one of them, named next.
    `Does not survive the loss of ${plural(failover.reserve, 'node')}: with ${down} down, ${plural(failover.unplacedVms.length, 'VM')} (${fmtPositive(failover.shortfallGB)} GB) would not restart: ` +
    `${listed(failover.unplacedVms, 3)}${sampled}`
  );
}

/**
 * The plan's VMs in words: every VM it lists, and how many of them name no host of the plan
 * (the capacity figures leave those out): `6 VMs (1 without a known host)`.
 */
export function vmTotal(placed: number, listed: number, unit = true): string {
  const count = unit ? plural(listed, 'VM') : String(listed);
  return listed > placed ? `${count} (${listed - placed} without a known host)` : count;
}

/** The plan's totals, for the code lens above the plan; `listedVms` counts the VMs on no known host too. */
export function planLensText(hosts: readonly HostCapacity[], clusters: readonly ClusterCapacity[], listedVms?: number): string {
  let vms = 0;
  let vcpus = 0;
  let lps = 0;
  let committed = 0;
  let usable = 0;
  for (const h of hosts) {
    vms += h.vms;
    vcpus += h.vcpus;
    lps += h.logicalProcessors ?? 0;
    committed += h.committedMemoryGB;
    usable += h.usableMemoryGB ?? 0;
  }
  const judged = clusters.filter((c) => c.failover && c.failover.reserve > 0 && !c.blocked);
  const surviving = judged.filter((c) => c.failover!.ok).length;
  const parts = [plural(hosts.length, 'host'), vmTotal(vms, listedVms ?? vms), `${vcpus} vCPU on ${lps} LP`, `${fmt(committed)} of ${gb(usable)} committed`];
  if (clusters.length) parts.push(`${plural(clusters.length, 'cluster')}${judged.length ? `, ${surviving} of ${judged.length} survive their reserve` : ''}`);
  return parts.join(' · ');
}

/** A host's capacity as a small Markdown table, for its hover. */
export function hostCapacityMarkdown(host: HostCapacity): string {
  const parts = hostParts(host);
  const over = (kind: Part['kind']) => parts.some((p) => p.kind === kind && p.over);
  const row = (what: string, value: string, limit: string, kind: Part['kind']) => `| ${what} | ${over(kind) ? OVER : ''}${value} | ${limit} |`;
  const lines = ['| capacity | planned | limit |', '|---|---|---|'];
  if (host.logicalProcessors !== null) {
    lines.push(row('logical processors', String(host.logicalProcessors), host.maxLogicalProcessors !== null ? String(host.maxLogicalProcessors) : '—', 'lp'));
  }
  const ratio = host.ratio !== null ? `${host.vcpus} (${fmtOver(host.ratio, host.maxRatio ?? Infinity)[0]} per LP)` : String(host.vcpus);
  const vcpuLimits = [host.maxRatio !== null ? `${host.maxRatio} per LP` : '', host.maxVcpus !== null ? `${host.maxVcpus} per host` : ''].filter(Boolean).join(', ');
  lines.push(row('virtual processors', ratio, vcpuLimits || '—', 'vcpu'));
  if (host.usableMemoryGB !== null) {
    const [committed, usable] = fmtOver(host.committedMemoryGB, host.usableMemoryGB);
    const installed = host.memoryGB !== null && host.memoryGB > host.usableMemoryGB ? ` usable (${gb(host.memoryGB)} installed)` : '';
    const limit = `${usable} GB${installed}${host.memoryOvercommit ? ', overcommits' : ''}`;
    lines.push(row('memory', `${committed} GB (${gb(host.reserveGB)} for the host)`, limit, 'memory'));
  }
  lines.push(row('VMs', String(host.vms), host.maxVms !== null ? String(host.maxVms) : '—', 'vms'));
  lines.push(row('Windows guests', String(host.windowsGuests), host.licensedWindowsGuests !== null ? `${host.licensedWindowsGuests} licensed` : GUEST_LICENSING[host.windowsGuestLicensing], 'licences'));
  return lines.join('\n');
}

/** What the hover's licence row says where the edition gives no number. */
const GUEST_LICENSING: Readonly<Record<HostCapacity['windowsGuestLicensing'], string>> = {
  counted: '',
  unlimited: 'unlimited',
  unknown: 'the edition is not given',
  none: 'none with the host: each needs its own licence',
};

const NAME_PLACES = 'name places';

/** The version's model and capacity, and where each host's and cluster's `name` value stands, found once per version. */
function located(parsed: ParsedPlan, catalog: Catalog, options?: CapacityOptions) {
  const version = PlanVersion.of(parsed, catalog);
  const model = version.model;
  const capacity = version.capacity(options?.defaultReserve);
  if (!model || !capacity) return undefined;
  const pointers = () => ['', ...model.hosts.map((h) => `${h.pointer}/name`), ...model.clusters.flatMap((c) => [c.pointer, `${c.pointer}/name`])];
  return { model, capacity, at: version.derived(NAME_PLACES, () => locatePointers(version, pointers())) };
}

function labelParts(parts: Part[]): InlayHintLabelPart[] {
  return parts.map((p, i) => ({ value: (i ? ' · ' : '') + (p.over ? OVER : '') + p.text, tooltip: p.tooltip }));
}

/**
 * Inlay hints after each host's and cluster's name, for the names inside `range` only. In a
 * text JSON.parse read, the items of the plan's lists are stepped through only as far as the
 * range, and only the names on it are read; after a syntax error they come from the places the
 * tolerant parse noted (service/name-places.ts). Positions are counted from the range's first
 * line, not read from a line index of the plan.
 */
export function capacityInlayHints(parsed: ParsedPlan, range: Range, catalog: Catalog, options?: CapacityOptions): InlayHint[] {
  const version = PlanVersion.of(parsed, catalog);
  const model = version.model;
  const capacity = version.capacity(options?.defaultReserve);
  if (!model || !capacity) return [];
  const { lineStart, start, end } = rangeOffsets(version, range);
  const lists = planLists(version);
  const names = lists
    ? { hosts: lists.hosts?.touching(model.hosts, start, end) ?? [], clusters: lists.clusters?.touching(model.clusters, start, end) ?? [] }
    : locatedTouching(located(parsed, catalog, options)!.at, model, start, end);
  // A host's label is the same for every request on the version: the whole plan asked again
  // builds none.
  const labels = version.derived(`host labels ${options?.defaultReserve ?? 1}`, (): InlayHintLabelPart[][] => []);
  const hints: Array<Omit<InlayHint, 'position'>> = [];
  const offsets: number[] = [];
  for (const { entry, name } of names.hosts) {
    if (model.hosts[entry].name === undefined) continue;
    offsets.push(name.end);
    hints.push({ label: (labels[entry] ??= labelParts(hostParts(capacity.hosts[entry]))), paddingLeft: true });
  }
  for (const { entry, name } of names.clusters) {
    const text = clusterHintText(capacity.clusters[entry]);
    if (model.clusters[entry].name === undefined || !text) continue;
    offsets.push(name.end);
    hints.push({ label: text, tooltip: clusterLensText(capacity.clusters[entry]), paddingLeft: true });
  }
  const positions = positionsOf(version, Math.max(0, range.start.line), lineStart, offsets);
  return hints.map((hint, i) => ({ position: positions[i], ...hint }));
}

/** The hosts and clusters whose names, of the places found for every name, touch `start`–`end`. */
function locatedTouching(at: Map<string, Located>, model: PlanModel, start: number, end: number) {
  const touching = (entries: ReadonlyArray<{ pointer: string }>) => {
    const out: Array<{ entry: number; name: Span }> = [];
    entries.forEach((entry, i) => {
      const place = at.get(`${entry.pointer}/name`);
      if (place && place.offset + place.length >= start && place.offset <= end) out.push({ entry: i, name: { offset: place.offset, end: place.offset + place.length } });
    });
    return out;
  };
  return { hosts: touching(model.hosts), clusters: touching(model.clusters) };
}

/** A lens above each cluster with its failover result in words, and one above the plan with its totals. */
export function capacityCodeLenses(parsed: ParsedPlan, catalog: Catalog, options?: CapacityOptions): CodeLens[] {
  const version = PlanVersion.of(parsed, catalog);
  const model = version.model;
  const capacity = version.capacity(options?.defaultReserve);
  if (!model || !capacity || model.hosts.length === 0) return [];
  const lists = planLists(version);
  const titles = [planLensText(capacity.hosts, capacity.clusters, model.vms.length)];
  const offsets: number[] = [];
  if (lists) {
    offsets.push(lists.root);
    const items = lists.clusters?.all() ?? [];
    let k = 0;
    model.clusters.forEach((cluster, i) => {
      while (k < items.length && items[k].index < cluster.index) k++;
      if (k >= items.length || items[k].index !== cluster.index) return;
      offsets.push(items[k].offset);
      titles.push(clusterLensText(capacity.clusters[i]));
    });
  } else {
    const at = located(parsed, catalog, options)!.at;
    offsets.push(at.get('')?.offset ?? 0);
    model.clusters.forEach((cluster, i) => {
      const place = at.get(cluster.pointer);
      if (!place) return;
      offsets.push(place.offset);
      titles.push(clusterLensText(capacity.clusters[i]));
    });
  }
  // Counted from the top only as far as the last cluster: the line index of a whole large plan
  // costs more than the lens.
  const positions = positionsOf(version, 0, 0, offsets);
  // An empty command id: the title is shown, and a click does nothing (the server names its
  // no-op command for clients that run a lens: capabilities.ts, LENS_COMMAND).
  return positions.map((position, i) => ({ range: { start: position, end: position }, command: { title: titles[i], command: '' } }));
}

/** The hover on a host's own name: its product and capacity as a small table. */
export function hostNameHover(parsed: ParsedPlan, hostIndex: number, catalog: Catalog): string | undefined {
  const version = PlanVersion.of(parsed, catalog);
  const model = version.model;
  const capacity = version.capacity();
  if (!model || !capacity) return undefined;
  const i = model.hosts.findIndex((h) => h.index === hostIndex);
  const host = model.hosts[i];
  if (!host?.product || host.name === undefined) return undefined;
  const title = `### Host "${escapePlanText(host.name)}"`;
  const product = `${host.product.name}${host.edition ? ` ${host.edition.name}` : ''} (\`${host.product.id}\`)`;
  const clusters = host.clusters.map((c) => (c.name !== undefined ? `"${escapePlanText(c.name)}"` : `${c.index + 1}`));
  return [title, product, '', hostCapacityMarkdown(capacity.hosts[i]), '', `Clusters: ${clusters.length ? clusters.join(', ') : 'none'}.`].join('\n');
}
