import type { CodeLens, InlayHint, InlayHintLabelPart, Position, Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { exceeds, type CapacityOptions, type ClusterCapacity, type FailoverBlock, type FailoverResult, type HostCapacity } from '../model/capacity';
import { clip, fmt, fmtOver, fmtPositive, listed, plural } from '../util/format';
import { locatePointers, type Located } from '../json/locate';
import { escapePlanText } from './markdown';
import { containerSkip, itemPlaces, propertyPlaces } from './item-places';
import { commentEnd } from '../json/scan';
import type { PlanModel } from '../model/plan';
import type { Finding } from '../rules/finding';
import { DUPLICATE_KEYS } from './schema';
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
 * Offsets of positions, counted forward from the start of the text: the first request on a
 * version asks for the screen at hand, and the line index of a whole large plan costs more than
 * the rest of the answer. Where a line ends is as `LineIndex.offsetAt` has it; a text with
 * carriage returns asks the index.
 */
function offsetsAt(parsed: ParsedPlan, positions: readonly Position[]): number[] {
  const text = parsed.text;
  if (text.includes('\r')) return positions.map((p) => parsed.lines.offsetAt(p));
  const last = Math.max(...positions.map((p) => p.line));
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1 && starts.length <= last + 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return positions.map(({ line, character }) => {
    if (line < 0) return 0;
    if (line >= starts.length) return text.length;
    const lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
    return Math.max(starts[line], Math.min(starts[line] + character, lineEnd));
  });
}

/**
 * Where the `name` values of the hosts and clusters that start before `end` stand, read from the
 * text up to there: the lists are found in the plan's object, their items stepped through, and
 * each item's `name` read. Only for a text JSON.parse read whose check found no `hosts` or
 * `clusters` key written twice in the plan's object, so the first list of each name is the
 * plan's; undefined otherwise (and before the version's check).
 */
function namesUpTo(version: PlanVersion, model: PlanModel, end: number): Map<string, Located> | undefined {
  const text = version.source;
  const twice = version.kept<Finding[]>(DUPLICATE_KEYS);
  if (version.syntaxErrors.length || !twice || twice.some((f) => f.pointer === '/hosts' || f.pointer === '/clusters')) return undefined;
  let root = 0;
  for (;;) {
    while (root < text.length && text.charCodeAt(root) <= 32) root++;
    const comment = text.charCodeAt(root) === 47 ? commentEnd(text, root) : -1;
    if (comment === -1) break;
    root = comment;
  }
  if (text.charCodeAt(root) !== 123) return undefined;
  const skip = containerSkip(version);
  const lists = propertyPlaces(text, root, LISTS, skip, end);
  const names = new Map<string, Located>();
  const read = (key: 'hosts' | 'clusters', items: ReadonlyArray<{ pointer: string; index: number }>) => {
    const list = lists.get(key);
    const count = items.length ? items[items.length - 1].index + 1 : 0;
    if (!list || text.charCodeAt(list.offset) !== 91 || count === 0) return;
    const places = itemPlaces(text, { offset: list.offset, length: list.end - list.offset }, count, skip, end);
    for (const item of items) {
      const place = places[item.index];
      if (!place || text.charCodeAt(place.offset) !== 123) continue;
      const name = propertyPlaces(text, place.offset, NAME, skip).get('name');
      if (name) names.set(`${item.pointer}/name`, { offset: name.offset, length: name.end - name.offset });
    }
  };
  read('hosts', model.hosts);
  read('clusters', model.clusters);
  return names;
}

/** How far down a range is read without the line index. */
const NEAR_LINES = 2_000;
const LISTS: ReadonlySet<string> = new Set(['hosts', 'clusters']);
const NAME: ReadonlySet<string> = new Set(['name']);

/**
 * Inlay hints after each host's and cluster's name, for the names inside `range` only. The
 * first request on a version reads the text only as far as the range, unless the names of the
 * whole plan have been found for it already.
 */
export function capacityInlayHints(parsed: ParsedPlan, range: Range, catalog: Catalog, options?: CapacityOptions): InlayHint[] {
  const version = PlanVersion.of(parsed, catalog);
  const model = version.model;
  const capacity = version.capacity(options?.defaultReserve);
  if (!model || !capacity) return [];
  // A screen near the top is read as far as it goes; further down, where counting lines would
  // cost what the line index costs, the names of the whole plan are found once for the version.
  const kept = version.kept<Map<string, Located>>(NAME_PLACES);
  const near = !kept && range.end.line <= NEAR_LINES;
  const [start, end] = near ? offsetsAt(parsed, [range.start, range.end]) : [parsed.lines.offsetAt(range.start), parsed.lines.offsetAt(range.end)];
  const at = kept ?? (near ? namesUpTo(version, model, end) : undefined) ?? located(parsed, catalog, options)!.at;
  const hints: Array<Omit<InlayHint, 'position'>> = [];
  const offsets: number[] = [];
  const inRange = (place: Located | undefined): place is Located => !!place && place.offset + place.length >= start && place.offset <= end;
  model.hosts.forEach((host, i) => {
    const place = at.get(`${host.pointer}/name`);
    if (!inRange(place) || host.name === undefined) return;
    offsets.push(place.offset + place.length);
    hints.push({ label: labelParts(hostParts(capacity.hosts[i])), paddingLeft: true });
  });
  model.clusters.forEach((cluster, i) => {
    const place = at.get(`${cluster.pointer}/name`);
    const text = clusterHintText(capacity.clusters[i]);
    if (!inRange(place) || cluster.name === undefined || !text) return;
    offsets.push(place.offset + place.length);
    hints.push({ label: text, tooltip: clusterLensText(capacity.clusters[i]), paddingLeft: true });
  });
  const positions = parsed.lines.positionsAt(offsets);
  return hints.map((hint, i) => ({ position: positions[i], ...hint }));
}

/** A lens above each cluster with its failover result in words, and one above the plan with its totals. */
export function capacityCodeLenses(parsed: ParsedPlan, catalog: Catalog, options?: CapacityOptions): CodeLens[] {
  const found = located(parsed, catalog, options);
  if (!found || found.model.hosts.length === 0) return [];
  const lens = (offset: number, title: string): CodeLens => {
    const position = parsed.lines.positionAt(offset);
    // An empty command id: the title is shown, and a click does nothing.
    return { range: { start: position, end: position }, command: { title, command: '' } };
  };
  const lenses = [lens(found.at.get('')?.offset ?? 0, planLensText(found.capacity.hosts, found.capacity.clusters, found.model.vms.length))];
  found.model.clusters.forEach((cluster, i) => {
    const at = found.at.get(cluster.pointer);
    if (at) lenses.push(lens(at.offset, clusterLensText(found.capacity.clusters[i])));
  });
  return lenses;
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
