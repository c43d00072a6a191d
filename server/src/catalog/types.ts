/** How sure the catalog is of a fact (see schemas/product.schema.json). */
export type Confidence = 'sourced' | 'recalled' | 'estimate';

export interface Fact<T> {
  value: T;
  sources?: string[];
  confidence?: Confidence;
  note?: string;
}

export type Instances = number | 'unlimited';
export type HostArch = 'x64' | 'x86';
export type EditionId = 'standard' | 'enterprise' | 'datacenter';
export type HotAddItem = 'memory' | 'disk' | 'nic' | 'cpu';

export interface HostFacts {
  hardwareArchs: Fact<HostArch[]>;
  requiresHardwareVirtualization?: Fact<boolean>;
  requiresDataExecutionPrevention?: Fact<boolean>;
  logicalProcessors?: Fact<number>;
  sockets?: Fact<number>;
  memoryGB?: Fact<number>;
  runningVMs?: Fact<number>;
  vcpus?: Fact<number>;
  vcpusPerLogicalProcessor?: Fact<number>;
  reservedMemoryGB?: Fact<number>;
  licensedWindowsGuests?: Fact<Instances>;
}

/** Host facts that an update can raise. */
export type RaisableHostFact = 'logicalProcessors' | 'runningVMs' | 'memoryGB' | 'sockets' | 'vcpus';

export interface Update {
  id: string;
  title: string;
  raises: Partial<Record<RaisableHostFact, number>>;
  sources: string[];
  confidence?: Confidence;
}

export interface VmFacts {
  vcpus?: Fact<number>;
  memoryGB?: Fact<number>;
  nics?: Fact<number>;
  legacyNics?: Fact<number>;
  ideDevices?: Fact<number>;
  snapshots?: Fact<number>;
  ideDiskGB?: Fact<number>;
  scsiDiskGB?: Fact<number>;
  bootBus?: Fact<string>;
  integrationComponentsFor?: Fact<Array<'scsi' | 'syntheticNics'>>;
  guest64Bit?: Fact<boolean>;
  guestVcpus?: Fact<Record<string, number>>;
}

export interface FeatureFacts {
  memoryOvercommit: Fact<boolean>;
  pageSharing: Fact<boolean>;
  hotAdd: Fact<HotAddItem[]>;
  quickMigration?: Fact<boolean>;
  liveMigration: Fact<boolean>;
  clustering: Fact<boolean>;
  clusterNodes?: Fact<number>;
}

export interface Edition {
  id: EditionId;
  name: string;
  sockets?: Fact<number>;
  memoryGB?: Fact<number>;
  clustering?: Fact<boolean>;
  clusterNodes?: Fact<number>;
  licensedWindowsGuests?: Fact<Instances>;
}

export interface EditionFamily {
  id: string;
  name: string;
  editions: Partial<Record<EditionId, Edition>>;
}

/** What moving VMs from one product to the products in `to` involves (disks, guest components, going back). */
export interface MigrationPath {
  to: string[];
  note: string;
  sources?: string[];
  confidence?: Confidence;
}

export interface Product {
  id: string;
  name: string;
  vendor: string;
  kind: 'hypervisor' | 'hosted';
  role: 'server' | 'desktop';
  released: Fact<string>;
  summary: string;
  successor?: string;
  /** Resolved from the product file's `editions` name; absent when the product has no editions. */
  editions?: EditionFamily;
  updates: Update[];
  host: HostFacts;
  vm: VmFacts;
  features: FeatureFacts;
  notes: Array<Fact<string>>;
  migration?: { paths: MigrationPath[] };
}

export interface Guest {
  id: string;
  name: string;
  family: 'windows' | 'linux' | 'other';
  server: boolean;
}

export interface Source {
  id: string;
  title: string;
  url?: string;
}
