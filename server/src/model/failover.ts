import type { ClusterModel, HostModel, VmModel } from './plan';
import { EPSILON, hostCapacityOf, sum, type HostCapacity } from './host-capacity';

/*
 * Whether a cluster's surviving nodes can restart the highly available VMs of its worst set of
 * failed nodes: every set while the work is within a budget, else the likeliest worst sets.
 */

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

/**
 * The most placements tried for one cluster (sets of failed nodes × VMs to restart × survivors)
 * before enumeration gives way to the likeliest worst sets. Documented in docs/rules.md.
 */
export const EXACT_FAILOVER_BUDGET = 2_000_000;

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

/** Failed nodes whose lists are merged by looking at each list's head; beyond, the lists are joined and sorted. */
const MERGED_BY_HEADS = 8;

/** The failed nodes' highly available VMs, largest memory first. */
function restarting(failed: readonly Node[]): VmModel[] {
  if (failed.length === 1) return failed[0].restartable;
  // Looking at every head for each VM costs the VMs times the nodes: fine for a few failed
  // nodes, not for a reserve of thousands.
  if (failed.length > MERGED_BY_HEADS) return failed.flatMap((node) => node.restartable).sort(byMemoryDescending);
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
  // The survivors with room, most free memory first, those that overcommit apart: the best
  // survivor for a VM is the top of one of the two, so a VM costs no walk over every node.
  const overcommitting = new Survivors(free);
  const fitting = new Survivors(free);
  for (let i = 0; i < nodes.length; i++) if (!down[i] && room[i] > 0) (overcommits[i] ? overcommitting : fitting).add(i);
  overcommitting.order();
  fitting.order();
  for (let r = 0; r < restarts.length; r++) {
    const vm = restarts[r];
    const memory = vm.memoryGB ?? 0;
    let best = overcommitting.top();
    const fit = fitting.top();
    // The fullest without overcommit takes the VM only where it fits; where the one with the
    // most free memory lacks it, every other does too.
    if (fit !== -1 && free[fit] + EPSILON >= memory && (best === -1 || free[fit] > free[best] || (free[fit] === free[best] && fit < best))) best = fit;
    if (best === -1) {
      unplaced.push(vm);
      shortfallGB += memory;
      memoryBlocked ||= fit !== -1;
      continue;
    }
    free[best] -= memory;
    room[best] -= 1;
    added[best] += 1;
    const survivors = overcommits[best] ? overcommitting : fitting;
    if (room[best] <= 0) survivors.removeTop();
    else survivors.lowered();
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

/**
 * Surviving nodes in a heap by their free memory, most first, the first in the plan among
 * equals: the order in which a walk over the nodes picks the one with the most.
 */
class Survivors {
  private readonly heap: number[] = [];

  constructor(private readonly free: Float64Array) {}

  add(node: number): void {
    this.heap.push(node);
  }

  /** Makes a heap of the nodes added. */
  order(): void {
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.sink(i);
  }

  /** The node with the most free memory, or -1. */
  top(): number {
    return this.heap.length ? this.heap[0] : -1;
  }

  /** The top node's free memory went down. */
  lowered(): void {
    this.sink(0);
  }

  /** The top node has no room left. */
  removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    this.sink(0);
  }

  private before(a: number, b: number): boolean {
    return this.free[a] > this.free[b] || (this.free[a] === this.free[b] && a < b);
  }

  private sink(at: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) return;
      const child = left + 1 < heap.length && this.before(heap[left + 1], heap[left]) ? left + 1 : left;
      if (!this.before(heap[child], heap[at])) return;
      [heap[at], heap[child]] = [heap[child], heap[at]];
      at = child;
    }
  }
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
