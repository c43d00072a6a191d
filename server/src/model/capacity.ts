import { clusteringOf, type ClusterModel, type PlanModel } from './plan';
import { hostCapacityOf, type HostCapacity } from './host-capacity';
import { failoverOf, type FailoverResult } from './failover';

export { EXACT_FAILOVER_BUDGET, failoverOf, type FailoverResult, type SurvivorLoad } from './failover';
export { exceeds, hostCapacityOf, type HostCapacity } from './host-capacity';

/**
 * How full each host is and whether each cluster survives losing nodes: the one capacity view
 * that rules, hovers, inlay hints, code lens and the report read. Built once per document
 * version (see `capacityOf`); every limit comes from the catalog through the model.
 */

export interface ClusterCapacity {
  name: string | null;
  pointer: string;
  /** The nodes that are hosts of the plan, in order. */
  nodes: string[];
  reserve: number;
  /** Null when a node's product or memory is unknown, so capacity cannot be judged. */
  failover: FailoverResult | null;
  /**
   * Why no VM of the cluster can restart on another node, whatever the capacity: then the
   * views show the failover as not judged, for that reason, never as survived.
   */
  blocked: FailoverBlock | null;
}

/** What keeps a cluster from failing over: the conditions of its own diagnostics. */
export type FailoverBlock =
  | { kind: 'no-shared-storage' }
  | { kind: 'no-clustering'; node: string }
  | { kind: 'mixed-products' };

/** Why the cluster cannot fail over at all, as `shared-storage-required`, `clustering-unsupported` and `cluster-mixed-products` find it. */
export function failoverBlock(cluster: ClusterModel): FailoverBlock | null {
  if (cluster.sharedStorage === false) return { kind: 'no-shared-storage' };
  let product: string | undefined;
  let mixed = false;
  for (const node of cluster.nodes) {
    if (!node.host) continue;
    if (clusteringOf(node.host)?.supported === false) return { kind: 'no-clustering', node: node.name };
    const id = node.host.product?.id;
    if (id !== undefined && product !== undefined && id !== product) mixed = true;
    product ??= id;
  }
  return mixed ? { kind: 'mixed-products' } : null;
}

export interface CapacityModel {
  /** One per host of the model, in the same order as `model.hosts`. */
  hosts: HostCapacity[];
  clusters: ClusterCapacity[];
}

export interface CapacityOptions {
  /** The reserve of clusters that give none. */
  defaultReserve: number;
}

/**
 * The plan's capacity. It is made once per document version and default reserve, and kept
 * with the version (service/plan-version.ts); a check makes it once for all its rules.
 */
export function capacityOf(model: PlanModel, options: CapacityOptions = { defaultReserve: 1 }): CapacityModel {
  const hosts = model.hosts.map(hostCapacityOf);
  const byHost = new Map(model.hosts.map((host, i) => [host, hosts[i]]));
  return {
    hosts,
    clusters: model.clusters.map((cluster) => {
      const reserve = cluster.reserve ?? options.defaultReserve;
      return {
        name: cluster.name ?? null,
        pointer: cluster.pointer,
        nodes: cluster.nodes.filter((n) => n.host).map((n) => n.name),
        reserve,
        failover: failoverOf(cluster, reserve, byHost),
        blocked: failoverBlock(cluster),
      };
    }),
  };
}
