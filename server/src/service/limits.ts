import type { Catalog } from '../catalog/catalog';
import type { Fact } from '../catalog/types';
import { clusteringOf, hostLimit, type HostModel, type PlanModel, type VmModel } from '../model/plan';
import { fmt } from '../util/format';
import { own } from '../util/own';
import { basisParts } from './facts';
import { escapePlanText } from './markdown';
import { shapeOf } from '../json/cursor';

/** "(S2, S6)" or "(recalled)": how a fact is known, for hovers. */
export function basisOf(fact: Pick<Fact<unknown>, 'sources' | 'confidence'> | undefined): string {
  if (!fact) return '';
  const { sources, confidence } = basisParts(fact);
  const parts = confidence ? [...sources, confidence] : sources;
  return parts.length ? ` (${parts.join(', ')})` : '';
}

type Explain = (host: HostModel, vm: VmModel | undefined, catalog: Catalog) => string[];

const yesNo = (value: boolean | undefined) => (value ? 'yes' : 'no');

/**
 * Lines are hover Markdown: plan strings in them go through `escapePlanText`.
 *
 * What limit applies to a property for the host's product, by the property's path with array
 * indexes as `*`. Each line names the product, the value and its sources.
 */
const EXPLAIN: Record<string, Explain> = {
  'hosts.*.hardware.sockets': (h) => {
    const fact = h.edition?.sockets ?? h.product?.host.sockets;
    return fact ? [`${label(h, !!h.edition?.sockets)} supports up to ${fact.value} sockets${basisOf(fact)}.`] : [];
  },
  'hosts.*.hardware.coresPerSocket': (h) => {
    const limit = hostLimit(h, 'logicalProcessors');
    if (!limit || !h.product) return [];
    const raised = h.product.updates.filter((u) => u.raises.logicalProcessors).map((u) => `${u.raises.logicalProcessors} with ${u.id}`);
    return [
      `${h.product.name} runs up to ${limit.fact.value} logical processors${raised.length ? ` (${raised.join(', ')})` : ''}${basisOf(limit.fact)}.`,
      ...(h.logicalProcessors !== undefined ? [`This host: ${h.sockets} × ${h.coresPerSocket} = ${h.logicalProcessors} logical processors; the limit in force is ${limit.value}.`] : []),
    ];
  },
  'hosts.*.hardware.memoryGB': (h) => {
    const lines: string[] = [];
    const product = h.product?.host.memoryGB;
    if (product) lines.push(`${h.product!.name} uses up to ${fmt(product.value)} GB${basisOf(product)}.`);
    if (h.edition?.memoryGB) lines.push(`The ${h.edition.name} edition uses up to ${fmt(h.edition.memoryGB.value)} GB${basisOf(h.edition.memoryGB)}.`);
    return lines;
  },
  'hosts.*.hardware.arch': (h) => (h.product ? [`${h.product.name} installs on ${h.product.host.hardwareArchs.value.join(' or ')} hardware${basisOf(h.product.host.hardwareArchs)}.`] : []),
  'hosts.*.hardware.hardwareVirtualization': (h) =>
    h.product ? [`${h.product.name} ${h.product.host.requiresHardwareVirtualization?.value ? 'requires' : 'does not require'} Intel VT / AMD-V${basisOf(h.product.host.requiresHardwareVirtualization)}.`] : [],
  'hosts.*.hardware.dataExecutionPrevention': (h) =>
    h.product ? [`${h.product.name} ${h.product.host.requiresDataExecutionPrevention?.value ? 'requires' : 'does not require'} hardware DEP${basisOf(h.product.host.requiresDataExecutionPrevention)}.`] : [],
  'hosts.*.edition': (h) =>
    Object.values(h.product?.editions?.editions ?? {}).map((e) => {
      const parts = [
        e!.sockets && `${e!.sockets.value} sockets`,
        e!.memoryGB && `${fmt(e!.memoryGB.value)} GB`,
        e!.clustering && (e!.clustering.value ? 'failover clustering' : 'no clustering'),
        e!.licensedWindowsGuests && `${e!.licensedWindowsGuests.value} Windows guests licensed`,
      ].filter(Boolean);
      return `${e!.name}: ${parts.join(', ')}${basisOf(e!.licensedWindowsGuests)}.`;
    }),
  'hosts.*.updates': (h) => (h.product?.updates ?? []).map((u) => `${u.id}: ${u.title}; raises ${Object.entries(u.raises).map(([k, v]) => `${k} to ${v}`).join(', ')}${basisOf(u)}.`),
  'hosts.*.features.memoryOvercommit': (h) => (h.product ? [`${h.product.name}: memory overcommit ${yesNo(h.product.features.memoryOvercommit.value)}${basisOf(h.product.features.memoryOvercommit)}.`] : []),
  'hosts.*.features.pageSharing': (h) => (h.product ? [`${h.product.name}: transparent page sharing ${yesNo(h.product.features.pageSharing.value)}${basisOf(h.product.features.pageSharing)}.`] : []),
  'hosts.*.features.hotAdd': (h) => {
    const fact = h.product?.features.hotAdd;
    return fact ? [`${h.product!.name} hot adds ${fact.value.length ? fact.value.join(', ') : 'nothing'}${basisOf(fact)}.`] : [];
  },
  'vms.*.vcpus': (h, vm, catalog) => {
    const lines: string[] = [];
    const fact = h.product?.vm.vcpus;
    if (fact) lines.push(`${h.product!.name} allows ${fact.value} per VM${basisOf(fact)}.`);
    const guestLimit = vm?.guestId ? own(h.product?.vm.guestVcpus?.value, vm.guestId) : undefined;
    if (guestLimit !== undefined) lines.push(`A ${catalog.guest(vm!.guestId!)?.name ?? vm!.guestId} guest: ${guestLimit}${basisOf(h.product!.vm.guestVcpus)}.`);
    return lines;
  },
  'vms.*.memoryGB': (h) => factLine(h, h.product?.vm.memoryGB, (v) => `allows ${fmt(v)} GB per VM`),
  'vms.*.nics': (h) => factLine(h, h.product?.vm.nics, (v) => `allows ${v} network adapters per VM`),
  'vms.*.legacyNics': (h) => factLine(h, h.product?.vm.legacyNics, (v) => `allows ${v} legacy network adapters per VM`),
  'vms.*.snapshots': (h) => factLine(h, h.product?.vm.snapshots, (v) => `keeps ${v} snapshots per VM`),
  'vms.*.disks': (h) => diskLimits(h),
  'vms.*.disks.*.sizeGB': (h) => diskLimits(h),
  'vms.*.disks.*.bus': (h) => [...diskLimits(h), ...factLine(h, h.product?.vm.bootBus, (v) => `boots only from ${v.toUpperCase()}`)],
  'vms.*.migration': (h) => {
    if (!h.product) return [];
    const f = h.product.features;
    return [
      `${h.product.name}: live migration ${yesNo(f.liveMigration.value)}${basisOf(f.liveMigration)}; quick migration ${yesNo(f.quickMigration?.value ?? f.clustering.value)}${basisOf(f.quickMigration)}.`,
      `${hostLabel(h)} is in ${h.clusters.length ? `cluster ${h.clusters.map((c) => `"${escapePlanText(c.name ?? c.index + 1)}"`).join(', ')}` : 'no cluster'}.`,
    ];
  },
  'vms.*.highlyAvailable': (h) => {
    const clustering = clusteringOf(h);
    return clustering ? [`${label(h, !!h.edition)}: failover clustering ${yesNo(clustering.supported)}. ${hostLabel(h)} is in ${h.clusters.length ? 'a cluster' : 'no cluster'}.`] : [];
  },
  'vms.*.guest.arch': (h) => factLine(h, h.product?.vm.guest64Bit, (v) => (v ? 'runs 64-bit guests' : 'runs 32-bit guests only')),
  'vms.*.guest.integrationComponents': (h) => factLine(h, h.product?.vm.integrationComponentsFor, (v) => `needs integration components for ${v.map((x) => (x === 'scsi' ? 'SCSI disks' : 'synthetic network adapters')).join(' and ')}`),
};

function diskLimits(h: HostModel): string[] {
  return [
    ...factLine(h, h.product?.vm.ideDiskGB, (v) => `makes IDE disks of up to ${fmt(v)} GB`),
    ...factLine(h, h.product?.vm.scsiDiskGB, (v) => `makes SCSI disks of up to ${fmt(v)} GB`),
  ];
}

function hostLabel(h: HostModel): string {
  return h.name !== undefined ? `Host "${escapePlanText(h.name)}"` : `Host ${h.index + 1}`;
}

function label(h: HostModel, withEdition: boolean): string {
  return withEdition && h.edition ? `${h.product!.name} ${h.edition.name}` : (h.product?.name ?? '');
}

function factLine<T>(h: HostModel, fact: Fact<T> | undefined, say: (value: T) => string): string[] {
  return h.product && fact ? [`${h.product.name} ${say(fact.value)}${basisOf(fact)}.`] : [];
}

/** The lines explaining the limits that apply to the property at `path`, for its host's product. */
export function limitsFor(path: ReadonlyArray<string | number>, model: PlanModel): string[] {
  const key = shapeOf(path);
  if (key.startsWith('clusters.*.nodes')) {
    const cluster = model.clusters.find((c) => c.index === path[1]);
    const limits = (cluster?.nodes ?? []).map((n) => (n.host ? clusteringOf(n.host) : undefined)).filter((c) => c?.maxNodes !== undefined);
    return limits.length ? [`Clusters of these hosts take up to ${Math.min(...limits.map((c) => c!.maxNodes!))} nodes.`] : [];
  }
  const explain = own(EXPLAIN, key);
  if (!explain || typeof path[1] !== 'number') return [];
  if (path[0] === 'hosts') {
    const host = model.hosts.find((h) => h.index === path[1]);
    return host ? explain(host, undefined, model.catalog) : [];
  }
  const vm = model.vms.find((v) => v.index === path[1]);
  return vm?.host ? explain(vm.host, vm, model.catalog) : [];
}
