// The placement of restarts as it was before the survivors were kept in heaps: a walk over every
// node for each VM. Kept as the oracle the faster placement must agree with, to the last field.
import type { ClusterModel, HostModel, VmModel } from '../../server/src/model/plan';
import { EPSILON, hostCapacityOf, sum, type HostCapacity } from '../../server/src/model/host-capacity';

/*
 * Whether a cluster's surviving nodes can restart the highly available VMs of its worst set of
 * failed nodes: every set while the work is within a budget, else the likeliest worst sets.
 */

interface SurvivorLoad {
  name: string;
  committedMemoryGB: number;
  usableMemoryGB: number;
  vms: number;
}

interface FailoverResult {
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

/**
 * The most placements tried for one cluster (sets of failed nodes × VMs to restart × survivors)
 * before enumeration gives way to the likeliest worst sets. Documented in docs/rules.md.
 */
const EXACT_FAILOVER_BUDGET = 2_000_000;

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

export function walkedFailoverOf(cluster: ClusterModel, reserve: number, capacities: ReadonlyMap<HostModel, HostCapacity>): FailoverResult | null {
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
