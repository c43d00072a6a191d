import type { Catalog } from '../catalog/catalog';
import { buildModel, type HostModel, type PlanModel } from '../model/plan';
import type { PlanPart } from './whatif-part';

/**
 * The neighbourhood's model for the rules, taken from the plan's own model instead of read again
 * from the retargeted value: the same hosts, VMs and clusters (a VM reads nothing of its host's
 * product), with each moved host holding, while `use` runs, all the model reads from its
 * retargeted value. What `use` is given is what `buildModel` makes of the neighbourhood of the
 * retargeted value, its other items left out; reading the VMs again cost most of a what-if's
 * check of the neighbourhood, and as much again in collected garbage.
 *
 * The plan's model is as it was once `use` returns or throws. Meanwhile it holds the moved
 * hosts as retargeted: `use` must not read the plan's model, or anything kept with the plan's
 * version, other than through what it is given.
 */
export function withRetargetedPart<T>(model: PlanModel, hosts: readonly unknown[], moved: ReadonlySet<number>, part: PlanPart, catalog: Catalog, use: (part: PlanModel) => T): T {
  // The moved hosts as the retargeted value has them; the rest of the list left empty, so each keeps its index.
  const retargeted = buildModel({ hosts: hosts.map((host, index) => (moved.has(index) ? host : undefined)) }, catalog)?.hosts ?? [];
  const byIndex = new Map<number, HostModel>();
  for (const host of model.hosts) if (moved.has(host.index)) byIndex.set(host.index, host);
  const saved: Array<[HostModel, HostModel]> = [];
  try {
    for (const fresh of retargeted) {
      const host = byIndex.get(fresh.index);
      if (!host) continue;
      saved.push([host, { ...host }]);
      // Every field the model reads from the host's value; its links to VMs and clusters stay.
      Object.assign(host, fresh, { vms: host.vms, clusters: host.clusters });
    }
    const inPart = model.hosts.filter((host) => part.hosts.has(host.index));
    const hostsByName = new Map<string, HostModel>();
    for (const host of inPart) if (host.name !== undefined && !hostsByName.has(host.name)) hostsByName.set(host.name, host);
    return use({
      hosts: inPart,
      vms: model.vms.filter((vm) => part.vms.has(vm.index)),
      clusters: model.clusters.filter((cluster) => part.clusters.has(cluster.index)),
      hostsByName,
      suppress: model.suppress,
      catalog: model.catalog,
    });
  } finally {
    for (const [host, was] of saved) Object.assign(host, was);
  }
}
