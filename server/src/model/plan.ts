import type { Catalog } from '../catalog/catalog';
import type { Edition, Fact, Guest, HostArch, Product, RaisableHostFact } from '../catalog/types';
import { clip } from '../util/format';
import { isObject, own } from '../util/own';

/**
 * A typed view of a parsed plan for the rules. A property holding the wrong type reads as
 * undefined (the schema reports it; rules then stay silent rather than guess), an absent one
 * reads as the contract's default.
 */
type Json = Record<string, unknown>;

/** Own properties only: a value inherited through a `__proto__` key is not the plan's. */
function read<T>(obj: Json | undefined, key: string, check: (v: unknown) => v is T, fallback?: T): T | undefined {
  if (!obj || !Object.hasOwn(obj, key)) return fallback;
  const value = obj[key];
  return check(value) ? value : undefined;
}

/**
 * `read` where the key is written out at the call: `value` is `obj.key`, read there, so each
 * property of the tens of thousands of VMs and disks is read at a site of its own, quickly,
 * rather than through one lookup that sees every key.
 */
function readAt<T>(obj: Json, key: string, value: unknown, check: (v: unknown) => v is T, fallback?: T): T | undefined {
  if (!Object.hasOwn(obj, key)) return fallback;
  return check(value) ? value : undefined;
}

const isString = (v: unknown): v is string => typeof v === 'string';
// A number beyond the largest whole number read exactly is the schema's to report (see its
// `maximum`); read as no value, it reaches no rule's message as 1e+23.
const isNumber = (v: unknown): v is number => typeof v === 'number' && Math.abs(v) <= Number.MAX_SAFE_INTEGER;
const isPositive = (v: unknown): v is number => isNumber(v) && v > 0;
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= Number.MAX_SAFE_INTEGER;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isArch = (v: unknown): v is HostArch => v === 'x64' || v === 'x86';
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

export interface HostModel {
  index: number;
  pointer: string;
  name?: string;
  productId?: string;
  product?: Product;
  editionId?: string;
  /** The edition's facts, when the product has editions and a valid one is chosen. */
  edition?: Edition;
  updates: string[];
  arch?: HostArch;
  sockets?: number;
  coresPerSocket?: number;
  logicalProcessors?: number;
  memoryGB?: number;
  hardwareVirtualization?: boolean;
  dataExecutionPrevention?: boolean;
  features: Json | undefined;
  raw: Json;
  vms: VmModel[];
  clusters: ClusterModel[];
}

const isBus = (v: unknown): v is 'ide' | 'scsi' => v === 'ide' || v === 'scsi';
const isVcpus = (v: unknown): v is number => isCount(v) && v >= 1;

// A disk's fields, read the same way by its model and by the VM's questions about its disks.
const diskSize = (raw: Json) => readAt(raw, 'sizeGB', raw.sizeGB, isPositive);
const diskBus = (raw: Json) => readAt(raw, 'bus', raw.bus, isBus, 'ide');
const diskPassthrough = (raw: Json) => readAt(raw, 'passthrough', raw.passthrough, isBoolean, false);

export class DiskModel {
  readonly sizeGB?: number;
  readonly bus?: 'ide' | 'scsi';
  readonly passthrough?: boolean;

  constructor(
    private readonly vmIndex: number,
    readonly index: number,
    raw: Json,
  ) {
    this.sizeGB = diskSize(raw);
    this.bus = diskBus(raw);
    this.passthrough = diskPassthrough(raw);
  }

  get pointer(): string {
    return `/vms/${this.vmIndex}/disks/${this.index}`;
  }
}

const NO_DISKS: readonly DiskModel[] = [];

/**
 * One VM as the rules see it. A class with every field set in the constructor keeps one
 * shape for all VMs; pointers and disks are made only when asked for, since a large plan
 * has tens of thousands of VMs and few diagnostics.
 */
export class VmModel {
  readonly name?: string;
  readonly hostName?: string;
  readonly host?: HostModel;
  readonly guestId?: string;
  readonly guest?: Guest;
  readonly vcpus?: number;
  readonly memoryGB?: number;
  private diskList: readonly DiskModel[] | undefined;

  constructor(
    readonly index: number,
    readonly raw: Json,
    model: PlanModel,
  ) {
    const guest = readAt(raw, 'guest', raw.guest, isObject);
    this.name = readAt(raw, 'name', raw.name, isString);
    this.hostName = readAt(raw, 'host', raw.host, isString);
    this.host = this.hostName === undefined ? undefined : model.hostsByName.get(this.hostName);
    this.guestId = guest ? readAt(guest, 'os', guest.os, isString) : undefined;
    this.guest = this.guestId === undefined ? undefined : model.catalog.guest(this.guestId);
    this.vcpus = readAt(raw, 'vcpus', raw.vcpus, isVcpus);
    this.memoryGB = readAt(raw, 'memoryGB', raw.memoryGB, isPositive);
  }

  // The fields a rule or two read of each VM are read from the plan when asked, not kept: a
  // field on every one of tens of thousands of VMs costs more in memory (and in the young
  // generation's copying) than the read. The plan's value is not changed after it is read.

  private get guestObject(): Json | undefined {
    return readAt(this.raw, 'guest', this.raw.guest, isObject);
  }

  get guestArch(): HostArch | undefined {
    const guest = this.guestObject;
    return guest ? readAt(guest, 'arch', guest.arch, isArch, 'x86') : undefined;
  }

  get integrationComponents(): boolean | undefined {
    const guest = this.guestObject;
    return guest ? readAt(guest, 'integrationComponents', guest.integrationComponents, isBoolean, true) : undefined;
  }

  get nics(): number | undefined {
    return readAt(this.raw, 'nics', this.raw.nics, isCount, 1);
  }

  get legacyNics(): number | undefined {
    return readAt(this.raw, 'legacyNics', this.raw.legacyNics, isCount, 0);
  }

  get snapshots(): number | undefined {
    return readAt(this.raw, 'snapshots', this.raw.snapshots, isCount, 0);
  }

  get migration(): string | undefined {
    return readAt(this.raw, 'migration', this.raw.migration, isString, 'none');
  }

  get highlyAvailable(): boolean | undefined {
    return readAt(this.raw, 'highlyAvailable', this.raw.highlyAvailable, isBoolean, false);
  }

  get pointer(): string {
    return `/vms/${this.index}`;
  }

  /**
   * A Windows guest, for licensing: the catalog's guest family says so; for an id the catalog
   * does not know, the format's rule that a `windows-` id is a Windows guest.
   */
  get isWindows(): boolean {
    return this.guest ? this.guest.family === 'windows' : this.guestId?.startsWith('windows-') === true;
  }

  /**
   * The size of the VM's largest disk that is not a passthrough disk, read without making the
   * disks (a check asks it of every VM, and needs the disks of the few it finds too large); 0
   * when no disk has a size.
   */
  get largestVirtualDiskGB(): number {
    const list = read(this.raw, 'disks', isArray);
    let largest = 0;
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const disk = list[i];
        if (!isObject(disk) || diskPassthrough(disk) === true) continue;
        const size = diskSize(disk);
        if (size !== undefined && size > largest) largest = size;
      }
    }
    return largest;
  }

  /** The bus of the boot disk (`disks[0]`, when it is an object), read without making the disks; undefined without one or for a bus not known. */
  get bootDiskBus(): 'ide' | 'scsi' | undefined {
    const list = read(this.raw, 'disks', isArray);
    const boot = list && list.length > 0 ? list[0] : undefined;
    return isObject(boot) ? diskBus(boot) : undefined;
  }

  /** The disks that are objects, in order; the boot disk is the one with index 0. */
  get disks(): readonly DiskModel[] {
    if (!this.diskList) {
      const list = read(this.raw, 'disks', isArray);
      let count = 0;
      if (list) for (const disk of list) if (isObject(disk)) count++;
      // Made at its size: a list grown by push keeps room for seventeen, on every VM of the plan.
      if (count === 0) return (this.diskList = NO_DISKS);
      const disks = new Array<DiskModel>(count);
      for (let i = 0, at = 0; at < count; i++) if (isObject(list![i])) disks[at++] = new DiskModel(this.index, i, list![i] as Json);
      this.diskList = disks;
    }
    return this.diskList;
  }
}

export interface ClusterModel {
  index: number;
  pointer: string;
  name?: string;
  /** Node entries naming hosts of the plan, with their pointers. */
  nodes: Array<{ pointer: string; name: string; host?: HostModel }>;
  nodesPointer: string;
  nodeCount?: number;
  sharedStorage?: boolean;
  /** Node failures the cluster must absorb; undefined when not given (the default applies) or not a count. */
  reserve?: number;
}

export interface PlanModel {
  hosts: HostModel[];
  vms: VmModel[];
  clusters: ClusterModel[];
  /** The first host of each name (a later duplicate is reported, not used). */
  hostsByName: Map<string, HostModel>;
  suppress: Set<string>;
  catalog: Catalog;
}

/** The list at `key`, or none; its items that are not objects are skipped where it is read. */
function listOf(root: Json, key: string): readonly unknown[] {
  return read(root, key, isArray) ?? [];
}

function buildHost(raw: Json, index: number, catalog: Catalog): HostModel {
  const hardware = read(raw, 'hardware', isObject);
  const productId = read(raw, 'product', isString);
  const product = productId === undefined ? undefined : catalog.product(productId);
  const editionId = read(raw, 'edition', isString);
  const sockets = read(hardware, 'sockets', isCount);
  const coresPerSocket = read(hardware, 'coresPerSocket', isCount);
  return {
    index,
    pointer: `/hosts/${index}`,
    name: read(raw, 'name', isString),
    productId,
    product,
    editionId,
    edition: editionId && product?.editions ? own(product.editions.editions, editionId) : undefined,
    updates: (read(raw, 'updates', isArray) ?? []).filter(isString).map((u) => u.trim().toUpperCase()),
    arch: hardware ? read(hardware, 'arch', isArch, 'x64') : undefined,
    sockets,
    coresPerSocket,
    logicalProcessors: sockets && coresPerSocket ? sockets * coresPerSocket : undefined,
    memoryGB: read(hardware, 'memoryGB', isPositive),
    hardwareVirtualization: hardware ? read(hardware, 'hardwareVirtualization', isBoolean, true) : undefined,
    dataExecutionPrevention: hardware ? read(hardware, 'dataExecutionPrevention', isBoolean, true) : undefined,
    features: read(raw, 'features', isObject),
    raw,
    vms: [],
    clusters: [],
  };
}

export function buildModel(value: unknown, catalog: Catalog): PlanModel | undefined {
  if (!isObject(value)) return undefined;
  const model: PlanModel = {
    hosts: [],
    vms: [],
    clusters: [],
    hostsByName: new Map(),
    suppress: new Set((read(value, 'suppress', isArray) ?? []).filter(isString)),
    catalog,
  };
  const hosts = listOf(value, 'hosts');
  for (let index = 0; index < hosts.length; index++) {
    const raw = hosts[index];
    if (!isObject(raw)) continue;
    const host = buildHost(raw, index, catalog);
    model.hosts.push(host);
    if (host.name !== undefined && !model.hostsByName.has(host.name)) model.hostsByName.set(host.name, host);
  }
  const vms = listOf(value, 'vms');
  for (let index = 0; index < vms.length; index++) {
    const raw = vms[index];
    if (!isObject(raw)) continue;
    const vm = new VmModel(index, raw, model);
    model.vms.push(vm);
    vm.host?.vms.push(vm);
  }
  const clusters = listOf(value, 'clusters');
  for (let index = 0; index < clusters.length; index++) {
    const raw = clusters[index];
    if (!isObject(raw)) continue;
    const pointer = `/clusters/${index}`;
    const nodeList = read(raw, 'nodes', isArray);
    const cluster: ClusterModel = {
      index,
      pointer,
      name: read(raw, 'name', isString),
      nodes: [],
      nodesPointer: `${pointer}/nodes`,
      nodeCount: nodeList?.length,
      sharedStorage: read(raw, 'sharedStorage', isBoolean, true),
      reserve: read(raw, 'reserve', isCount),
    };
    const seen = new Set<string>();
    (nodeList ?? []).forEach((name, i) => {
      if (!isString(name) || seen.has(name)) return;
      seen.add(name);
      const host = model.hostsByName.get(name);
      cluster.nodes.push({ pointer: `${cluster.nodesPointer}/${i}`, name, host });
      // A host is in a cluster once (its names are kept once, and one name is one host): only
      // this cluster, the last one pushed, can hold it already. Asking every cluster of the host
      // would cost as many steps as it has clusters, for each one.
      if (host && host.clusters[host.clusters.length - 1] !== cluster) host.clusters.push(cluster);
    });
    model.clusters.push(cluster);
  }
  return model;
}

/**
 * A host limit of the host's product, raised by any installed update that raises it. Returns
 * the limit in force, the fact it comes from and the update that raised it, if any.
 */
export function hostLimit(host: HostModel, fact: RaisableHostFact): { value: number; fact: Fact<number>; raisedBy?: string } | undefined {
  const base = host.product?.host[fact];
  if (!host.product || !base) return undefined;
  let result: { value: number; fact: Fact<number>; raisedBy?: string } = { value: base.value, fact: base };
  for (const update of host.product.updates) {
    const raised = update.raises[fact];
    if (raised !== undefined && raised > result.value && host.updates.includes(update.id.toUpperCase())) {
      result = { value: raised, fact: base, raisedBy: update.id };
    }
  }
  return result;
}

/** An update of the host's product, not installed on the host, that would raise `fact` to at least `needed`. */
export function liftingUpdate(host: HostModel, fact: RaisableHostFact, needed: number): { id: string; value: number } | undefined {
  for (const update of host.product?.updates ?? []) {
    const raised = update.raises[fact];
    if (raised !== undefined && raised >= needed && !host.updates.includes(update.id.toUpperCase())) return { id: update.id, value: raised };
  }
  return undefined;
}

/** Clustering as the host's product and edition allow it. Undefined when the edition is needed but missing. */
export function clusteringOf(host: HostModel): { supported: boolean; maxNodes?: number } | undefined {
  const product = host.product;
  if (!product) return undefined;
  if (product.editions) {
    if (!host.edition) return undefined;
    const supported = host.edition.clustering?.value ?? product.features.clustering.value;
    return { supported, maxNodes: host.edition.clusterNodes?.value ?? product.features.clusterNodes?.value };
  }
  return { supported: product.features.clustering.value, maxNodes: product.features.clusterNodes?.value };
}

/** The names of the host product's editions that can be clustered: what to suggest when its own cannot. */
export function clusteringEditions(host: HostModel): string[] {
  return Object.values(host.product?.editions?.editions ?? {}).flatMap((e) => (e?.clustering?.value ? [e.name] : []));
}

/** "Hyper-V on Windows Server 2008 Standard": the product, with the edition where it matters. */
export function productLabel(host: HostModel, withEdition = false): string {
  const name = host.product?.name ?? clip(host.productId ?? 'this product');
  return withEdition && host.edition ? `${name} ${host.edition.name}` : name;
}

/**
 * Where a rule about a whole host, VM or cluster is shown: its `name` value, or the object
 * itself when it has no name to point at.
 */
export function wholePointer(item: { pointer: string; name?: string }): string {
  return item.name !== undefined ? `${item.pointer}/name` : item.pointer;
}

export function hostLabel(host: HostModel): string {
  return host.name !== undefined ? `Host "${clip(host.name)}"` : `Host ${host.index + 1}`;
}

export function vmLabel(vm: VmModel): string {
  return vm.name !== undefined ? `VM "${clip(vm.name)}"` : `VM ${vm.index + 1}`;
}
