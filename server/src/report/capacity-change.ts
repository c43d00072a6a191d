import type { Catalog } from '../catalog/catalog';
import { capacityOf, type HostCapacity } from '../model/capacity';
import { buildModel } from '../model/plan';
import { clusterHintText } from '../service/capacity-view';
import type { CapacityChange } from '../service/whatif';
import { fmt } from '../util/format';

const ratio = (h: HostCapacity) => (h.ratio === null ? '—' : `${fmt(Math.round(h.ratio * 10) / 10)}:1`) + (h.maxRatio !== null ? ` of ${h.maxRatio}:1` : '');
const vms = (h: HostCapacity) => `${h.vms} of ${h.maxVms ?? 'no limit'}`;
const LICENSING: Readonly<Record<HostCapacity['windowsGuestLicensing'], string>> = { counted: '', unlimited: ' of unlimited', unknown: ', edition not given', none: ', none licensed with the host' };
const licences = (h: HostCapacity) => (h.licensedWindowsGuests !== null ? `${h.windowsGuests} of ${h.licensedWindowsGuests}` : `${h.windowsGuests}${LICENSING[h.windowsGuestLicensing]}`);
const memory = (h: HostCapacity) => `${fmt(h.committedMemoryGB)} of ${h.usableMemoryGB === null ? '?' : fmt(h.usableMemoryGB)} GB`;

function change(label: string, before: string, after: string): string {
  return before === after ? `${label} ${after}` : `${label} ${before} → ${after}`;
}

/**
 * What a what-if move does to each moved host's capacity (vCPUs per logical processor, memory
 * the product can use, VMs of its limit, licences) and to each cluster's failover result, from
 * the capacity model of the plan before and after.
 */
export function capacityChange(catalog: Catalog, defaultReserve = 1): CapacityChange {
  return (result) => {
    const before = buildModel(result.before, catalog);
    const after = buildModel(result.after, catalog);
    if (!before || !after) return [];
    const was = capacityOf(before, { defaultReserve });
    const now = capacityOf(after, { defaultReserve });
    const lines: string[] = [];
    for (const moved of result.moved) {
      const i = after.hosts.findIndex((h) => h.index === moved.index);
      const j = before.hosts.findIndex((h) => h.index === moved.index);
      if (i === -1 || j === -1) continue;
      const [a, b] = [was.hosts[j], now.hosts[i]];
      lines.push(`${moved.name ?? `hosts[${moved.index}]`}: ${[change('vCPU', ratio(a), ratio(b)), change('memory', memory(a), memory(b)), change('VMs', vms(a), vms(b)), change('licences', licences(a), licences(b))].join(' · ')}`);
    }
    now.clusters.forEach((cluster, k) => {
      const previous = was.clusters[k];
      const [x, y] = [previous ? clusterHintText(previous) : undefined, clusterHintText(cluster)];
      if (x !== y && y) lines.push(`cluster ${cluster.name ?? `#${k + 1}`}: ${x ?? 'not judged'} → ${y}`);
    });
    return lines;
  };
}
