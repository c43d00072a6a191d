import { clusteringOf, hostLimit, type ClusterModel, type HostModel, type PlanModel, type VmModel } from './plan';

/**
 * How full each host is and whether each cluster survives losing nodes: the one capacity view
 * that rules, hovers, inlay hints, code lens and the report read. Built once per document
 * version (see `capacityOf`); every limit comes from the catalog through the model.
 */

export interface HostCapacity {
  name: string | null;
  pointer: string;
  /** The product's catalog id, null when the host names none in the catalog. */
  product: string | null;
  logicalProcessors: number | null;
  /** Logical processors the product supports (raised by installed updates); null when unknown. */
  maxLogicalProcessors: number | null;
  vcpus: number;
  /** Virtual processors the product runs per host, where it caps them; null otherwise. */
  maxVcpus: number | null;
  /** vCPUs per logical processor. */
  ratio: number | null;
  /** The product's supported vCPUs per logical processor. */
  maxRatio: number | null;
  /** Installed memory. */
  memoryGB: number | null;
  /** What the product and edition can use of the installed memory. */
  usableMemoryGB: number | null;
  /** What the host keeps for itself (the product's planning allowance). */
  reserveGB: number;
  /** The VMs' memory plus the host's reserve. */
  committedMemoryGB: number;
  vms: number;
  /** Running VMs the product allows (raised by installed updates); null when unlimited or unknown. */
  maxVms: number | null;
  windowsGuests: number;
  /** Windows guests the edition licenses; null when unlimited or unknown. */
  licensedWindowsGuests: number | null;
  /** The product overcommits memory, so memory does not block a VM from starting. */
  memoryOvercommit: boolean;
}

export interface SurvivorLoad {
  name: string;
  committedMemoryGB: number;
  usableMemoryGB: number;
  vms: number;
}

export interface FailoverResult {
  ok: boolean;
  reserve: number;
  /** Every set of `reserve` failed nodes was tried; false when only the likeliest worst sets were. */
  exact: boolean;
  /** The worst set of failed nodes found (empty when reserve is 0). */
  failedNodes: string[];
  /** The highly available VMs that would not restart with those nodes down, largest first. */
  unplacedVms: string[];
  /** The memory of those VMs, in GB. */
  shortfallGB: number;
  /** Whether memory (rather than the VM limit alone) kept a VM from restarting. */
  memoryBlocked?: boolean;
  /** In that worst case, the surviving node with the least memory to spare, after the restarts. */
  worstSurvivor?: SurvivorLoad;
}

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
 * The most placements tried for one cluster (sets of failed nodes × VMs to restart × survivors)
 * before enumeration gives way to the likeliest worst sets. Documented in docs/rules.md.
 */
export const EXACT_FAILOVER_BUDGET = 2_000_000;

/** Memory sums of fractional GB: a VM that fits to the last GB must not miss by a rounding error. */
const EPSILON = 1e-9;

/** Whether committed memory is more than the usable memory, beyond a rounding error. */
export function exceeds(committedGB: number, usableGB: number): boolean {
  return committedGB > usableGB + EPSILON;
}

const sum = (vms: readonly VmModel[], pick: (vm: VmModel) => number | undefined): number => {
  let total = 0;
  for (let i = 0; i < vms.length; i++) total += pick(vms[i]) ?? 0;
  return total;
};

function usableMemory(host: HostModel): number | null {
  if (host.memoryGB === undefined) return null;
  const productLimit = hostLimit(host, 'memoryGB')?.value ?? Infinity;
  const editionLimit = host.edition?.memoryGB?.value ?? Infinity;
  return Math.min(host.memoryGB, productLimit, editionLimit);
}

function licensedGuests(host: HostModel): number | null {
  const fact = host.edition?.licensedWindowsGuests ?? (host.product?.editions ? undefined : host.product?.host.licensedWindowsGuests);
  return fact && fact.value !== 'unlimited' ? fact.value : null;
}

export function hostCapacityOf(host: HostModel): HostCapacity {
  const product = host.product;
  // The VMs' processors, memory and Windows guests in one pass over them, summed in their order.
  let vcpus = 0;
  let memoryGB = 0;
  let windowsGuests = 0;
  const vms = host.vms;
  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i];
    vcpus += vm.vcpus ?? 0;
    memoryGB += vm.memoryGB ?? 0;
    if (vm.isWindows) windowsGuests++;
  }
  const reserveGB = product?.host.reservedMemoryGB?.value ?? 0;
  const lps = host.logicalProcessors ?? null;
  return {
    name: host.name ?? null,
    pointer: host.pointer,
    product: product?.id ?? null,
    logicalProcessors: lps,
    maxLogicalProcessors: hostLimit(host, 'logicalProcessors')?.value ?? null,
    vcpus,
    maxVcpus: hostLimit(host, 'vcpus')?.value ?? null,
    ratio: lps ? vcpus / lps : null,
    maxRatio: product?.host.vcpusPerLogicalProcessor?.value ?? null,
    memoryGB: host.memoryGB ?? null,
    usableMemoryGB: product ? usableMemory(host) : null,
    reserveGB,
    committedMemoryGB: memoryGB + reserveGB,
    vms: host.vms.length,
    maxVms: hostLimit(host, 'runningVMs')?.value ?? null,
    windowsGuests,
    licensedWindowsGuests: licensedGuests(host),
    memoryOvercommit: product?.features.memoryOvercommit.value ?? false,
  };
}

interface Node {
  host: HostModel;
  capacity: HostCapacity;
  /** Highly available VMs, largest memory first. */
  restartable: VmModel[];
  restartableGB: number;
}

interface Outcome {
  failed: Node[];
  unplaced: VmModel[];
  shortfallGB: number;
  memoryBlocked: boolean;
  survivor?: SurvivorLoad;
}

const byMemoryDescending = (a: VmModel, b: VmModel): number => (b.memoryGB ?? 0) - (a.memoryGB ?? 0) || a.index - b.index;

/**
 * The host's highly available VMs, largest memory first, then in plan order (a total order, so
 * any sort gives the same list): by insertion for a host's few, where calling back from the
 * engine's sort for each comparison costs more than the sorting.
 */
function restartableOf(host: HostModel): VmModel[] {
  const list: VmModel[] = [];
  const vms = host.vms;
  for (let i = 0; i < vms.length; i++) if (vms[i].highlyAvailable === true) list.push(vms[i]);
  if (list.length > 32) return list.sort(byMemoryDescending);
  for (let i = 1; i < list.length; i++) {
    const vm = list[i];
    let j = i - 1;
    for (; j >= 0 && byMemoryDescending(list[j], vm) > 0; j--) list[j + 1] = list[j];
    list[j + 1] = vm;
  }
  return list;
}

/** A cluster's nodes as flat arrays, read by every set of failed nodes. */
interface Cluster {
  nodes: Node[];
  free: Float64Array;
  room: Float64Array;
  overcommits: boolean[];
  /** What one set of failed nodes leaves: written anew by each, so no set allocates its own. */
  freeAfter: Float64Array;
  roomAfter: Float64Array;
  added: Uint32Array;
}

function clusterOf(nodes: Node[]): Cluster {
  return {
    nodes,
    free: Float64Array.from(nodes, (n) => n.capacity.usableMemoryGB! - n.capacity.committedMemoryGB),
    room: Float64Array.from(nodes, (n) => (n.capacity.maxVms === null ? Infinity : n.capacity.maxVms - n.capacity.vms)),
    overcommits: nodes.map((n) => n.capacity.memoryOvercommit),
    freeAfter: new Float64Array(nodes.length),
    roomAfter: new Float64Array(nodes.length),
    added: new Uint32Array(nodes.length),
  };
}

/** The failed nodes' highly available VMs, largest memory first. */
function restarting(failed: readonly Node[]): VmModel[] {
  if (failed.length === 1) return failed[0].restartable;
  // Each node's list is sorted already: merge them rather than sort again, once per set.
  const heads = new Uint32Array(failed.length);
  let total = 0;
  for (const node of failed) total += node.restartable.length;
  const merged: VmModel[] = new Array<VmModel>(total);
  for (let out = 0; out < total; out++) {
    let pick = -1;
    for (let i = 0; i < failed.length; i++) {
      const list = failed[i].restartable;
      if (heads[i] < list.length && (pick === -1 || byMemoryDescending(list[heads[i]], failed[pick].restartable[heads[pick]]) < 0)) pick = i;
    }
    merged[out] = failed[pick].restartable[heads[pick]++];
  }
  return merged;
}

/**
 * Restarts the failed nodes' highly available VMs on the survivors, largest memory first, each
 * on the survivor with the most free memory that has room under its VM limit. A survivor
 * without memory overcommit takes a VM only where the VM fits in its free memory.
 */
function place(cluster: Cluster, failedSet: readonly number[], down: Uint8Array): Outcome {
  const { nodes, overcommits, freeAfter: free, roomAfter: room, added } = cluster;
  free.set(cluster.free);
  room.set(cluster.room);
  added.fill(0);
  const failed = failedSet.map((i) => nodes[i]);
  const unplaced: VmModel[] = [];
  let shortfallGB = 0;
  let memoryBlocked = false;
  const restarts = restarting(failed);
  for (let r = 0; r < restarts.length; r++) {
    const vm = restarts[r];
    const memory = vm.memoryGB ?? 0;
    let best = -1;
    let roomButNoMemory = false;
    for (let i = 0; i < nodes.length; i++) {
      if (down[i] || room[i] <= 0) continue;
      if (!overcommits[i] && free[i] + EPSILON < memory) {
        roomButNoMemory = true;
        continue;
      }
      if (best === -1 || free[i] > free[best]) best = i;
    }
    if (best === -1) {
      unplaced.push(vm);
      shortfallGB += memory;
      memoryBlocked ||= roomButNoMemory;
      continue;
    }
    free[best] -= memory;
    room[best] -= 1;
    added[best] += 1;
  }
  let worstSurvivor = -1;
  let worstShare = -Infinity;
  for (let i = 0; i < nodes.length; i++) {
    if (down[i]) continue;
    const usable = nodes[i].capacity.usableMemoryGB!;
    const load = usable > 0 ? (usable - free[i]) / usable : Infinity;
    if (load > worstShare) {
      worstShare = load;
      worstSurvivor = i;
    }
  }
  let survivor: SurvivorLoad | undefined;
  if (worstSurvivor !== -1) {
    const { capacity, host } = nodes[worstSurvivor];
    const usable = capacity.usableMemoryGB!;
    survivor = { name: capacity.name ?? host.pointer, committedMemoryGB: usable - free[worstSurvivor], usableMemoryGB: usable, vms: capacity.vms + added[worstSurvivor] };
  }
  return { failed, unplaced, shortfallGB, memoryBlocked, survivor };
}

const share = (load: SurvivorLoad | undefined): number => (load ? load.committedMemoryGB / Math.max(load.usableMemoryGB, EPSILON) : 0);

/** Worse: more VMs left down, then more GB left down, then a fuller survivor. */
function worse(a: Outcome, b: Outcome): boolean {
  if (a.unplaced.length !== b.unplaced.length) return a.unplaced.length > b.unplaced.length;
  if (Math.abs(a.shortfallGB - b.shortfallGB) > EPSILON) return a.shortfallGB > b.shortfallGB;
  return share(a.survivor) > share(b.survivor) + EPSILON;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/** The first set of k indices out of n: 0 to k - 1. */
function firstCombination(k: number): number[] {
  const index = new Array<number>(k);
  for (let i = 0; i < k; i++) index[i] = i;
  return index;
}

/**
 * The next set of k indices out of n in lexicographic order, written over `index`; false after
 * the last. A loop over the sets rather than a generator, which makes an object at each step.
 */
function nextCombination(index: number[], n: number): boolean {
  const k = index.length;
  let i = k - 1;
  while (i >= 0 && index[i] === n - k + i) i--;
  if (i < 0) return false;
  index[i]++;
  for (let j = i + 1; j < k; j++) index[j] = index[j - 1] + 1;
  return true;
}

/**
 * Beyond the budget, the sets most likely to be worst: the nodes with the most highly
 * available memory, the most highly available VMs, and the most memory committed, each taken
 * `k` at a time from the top of its ranking.
 */
function likelyWorstSets(nodes: Node[], k: number): number[][] {
  const order = (key: (n: Node) => number) => nodes.map((_, i) => i).sort((a, b) => key(nodes[b]) - key(nodes[a]) || a - b);
  const rankings = [order((n) => n.restartableGB), order((n) => n.restartable.length), order((n) => n.capacity.committedMemoryGB)];
  const sets = new Map<string, number[]>();
  for (const ranking of rankings) {
    for (let start = 0; start + k <= nodes.length && start < 3; start++) {
      const set = ranking.slice(start, start + k).sort((a, b) => a - b);
      sets.set(set.join(','), set);
    }
  }
  return [...sets.values()];
}

export function failoverOf(cluster: ClusterModel, reserve: number, capacities: ReadonlyMap<HostModel, HostCapacity>): FailoverResult | null {
  const nodes: Node[] = [];
  for (const entry of cluster.nodes) {
    const host = entry.host;
    if (!host) continue;
    const capacity = capacities.get(host) ?? hostCapacityOf(host);
    if (capacity.usableMemoryGB === null) return null;
    const restartable = restartableOf(host);
    nodes.push({ host, capacity, restartable, restartableGB: sum(restartable, (vm) => vm.memoryGB) });
  }
  if (reserve === 0 || nodes.length === 0) {
    return { ok: true, reserve, exact: true, failedNodes: [], unplacedVms: [], shortfallGB: 0 };
  }
  const k = Math.min(reserve, nodes.length);
  const largestRestart = [...nodes].sort((a, b) => b.restartable.length - a.restartable.length).slice(0, k).reduce((n, node) => n + node.restartable.length, 0);
  const work = binomial(nodes.length, k) * Math.max(1, largestRestart) * Math.max(1, nodes.length - k);
  const exact = work <= EXACT_FAILOVER_BUDGET;
  let worst: Outcome | undefined;
  const prepared = clusterOf(nodes);
  const down = new Uint8Array(nodes.length);
  const likely = exact ? undefined : likelyWorstSets(nodes, k);
  let set = likely ? likely[0] : firstCombination(k);
  for (let tried = 1; ; tried++) {
    for (let i = 0; i < set.length; i++) down[set[i]] = 1;
    const outcome = place(prepared, set, down);
    for (let i = 0; i < set.length; i++) down[set[i]] = 0;
    if (!worst || worse(outcome, worst)) worst = outcome;
    if (likely) {
      if (tried === likely.length) break;
      set = likely[tried];
    } else if (!nextCombination(set, nodes.length)) break;
  }
  const outcome = worst!;
  return {
    ok: outcome.unplaced.length === 0,
    reserve,
    exact,
    failedNodes: outcome.failed.map((n) => n.capacity.name ?? n.host.pointer),
    unplacedVms: outcome.unplaced.map((vm) => vm.name ?? vm.pointer),
    shortfallGB: outcome.shortfallGB,
    ...(outcome.unplaced.length ? { memoryBlocked: outcome.memoryBlocked } : {}),
    ...(outcome.survivor ? { worstSurvivor: outcome.survivor } : {}),
  };
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
