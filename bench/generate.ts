/**
 * Generates realistic plans of any size for benchmarks and scaling tests: a mix of products,
 * clusters of Hyper-V and ESX hosts, VMs with disks, and about 1% mistakes. Deterministic for
 * a given size and seed.
 */
export interface GenerateOptions {
  vms: number;
  seed?: number;
  /** Write `//` comments into the plan (forces the JSONC parser). */
  comments?: boolean;
  /** Share of VMs with a deliberate mistake. */
  mistakes?: number;
}

/** A small seeded generator (xorshift32): the same plans on every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

const GUESTS = ['windows-server-2008', 'windows-server-2003', 'red-hat-enterprise-linux-5', 'suse-linux-enterprise-10', 'other-linux'];

export function generatePlan(options: GenerateOptions): Record<string, unknown> {
  const rand = random(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const vmsPerHost = 20;
  const hostCount = Math.max(2, Math.ceil(options.vms / vmsPerHost));
  const hosts: Array<Record<string, unknown>> = [];
  const clusters: Array<Record<string, unknown>> = [];
  for (let i = 0; i < hostCount; i++) {
    const kind = i % 10;
    const name = `host-${String(i).padStart(5, '0')}`;
    if (kind < 5) {
      hosts.push({ name, product: 'hyperv-2008', edition: 'datacenter', updates: ['KB956710'], hardware: { sockets: 4, coresPerSocket: 6, memoryGB: 256 } });
    } else if (kind < 8) {
      hosts.push({ name, product: 'hyperv-2008-r2', edition: 'datacenter', hardware: { sockets: 4, coresPerSocket: 8, memoryGB: 256 } });
    } else {
      hosts.push({ name, product: 'vmware-esx-3.5', hardware: { sockets: 4, coresPerSocket: 4, memoryGB: 256 }, features: { memoryOvercommit: true, pageSharing: true } });
    }
  }
  // Clusters of up to 8 hosts of one product.
  const byProduct = new Map<string, string[]>();
  for (const host of hosts) byProduct.set(String(host.product), [...(byProduct.get(String(host.product)) ?? []), String(host.name)]);
  for (const [product, names] of byProduct) {
    for (let i = 0; i < names.length; i += 8) clusters.push({ name: `cl-${product}-${i / 8}`, nodes: names.slice(i, i + 8), sharedStorage: true });
  }
  const mistakes = options.mistakes ?? 0.01;
  const vms: Array<Record<string, unknown>> = [];
  for (let i = 0; i < options.vms; i++) {
    const host = hosts[Math.floor(i / vmsPerHost) % hosts.length];
    const product = String(host.product);
    const os = pick(GUESTS);
    const vm: Record<string, unknown> = {
      name: `vm-${String(i).padStart(6, '0')}`,
      host: host.name,
      guest: { os, arch: 'x64' },
      vcpus: os === 'windows-server-2008' ? pick([1, 2, 2, 4]) : os.startsWith('windows') || os.startsWith('suse') ? 1 : pick([1, 2]),
      memoryGB: pick([2, 4, 4, 8]),
      disks: [{ sizeGB: 60 }, { sizeGB: pick([100, 200, 500]), bus: 'scsi' }],
      migration: product === 'hyperv-2008' ? 'quick' : 'live',
      highlyAvailable: true,
    };
    if (product === 'vmware-esx-3.5') vm.disks = [{ sizeGB: 60, bus: 'scsi' }];
    if (rand() < mistakes) {
      const mistake = Math.floor(rand() * 4);
      if (mistake === 0) vm.vcpus = 8;
      else if (mistake === 1) vm.migration = 'live';
      else if (mistake === 2) vm.host = `${host.name}-typo`;
      else vm.snapshots = 64;
    }
    vms.push(vm);
  }
  return { name: `Generated plan with ${options.vms} VMs`, hosts, clusters, vms, suppress: ['license-instances-exceeded'] };
}

/** The plan as text, pretty-printed like a hand-written plan; with comments when asked. */
export function generatePlanText(options: GenerateOptions): string {
  const text = JSON.stringify(generatePlan(options), null, 2);
  if (!options.comments) return text;
  return text.replace(/\n(\s*)"vms": \[/, '\n$1// the virtual machines\n$1"vms": [').replace(/("memoryGB": \d+)(,?)\n/g, '$1$2 // GB\n');
}

export interface ClusterPlanOptions {
  hosts: number;
  nodesPerCluster: number;
  vmsPerHost: number;
  reserve: number;
}

/**
 * A plan of Hyper-V 2008 R2 clusters whose VMs are all highly available, sized so that losing
 * a node is close to the edge: the failover check's worst case for its size.
 */
export function generateClusterPlan(options: ClusterPlanOptions): Record<string, unknown> {
  const rand = random(7);
  const hosts = Array.from({ length: options.hosts }, (_, i) => ({
    name: `node-${String(i).padStart(4, '0')}`,
    product: 'hyperv-2008-r2',
    edition: 'datacenter',
    hardware: { sockets: 2, coresPerSocket: 8, memoryGB: 192 },
  }));
  const clusters = [];
  for (let i = 0; i < hosts.length; i += options.nodesPerCluster) {
    clusters.push({ name: `cl-${i / options.nodesPerCluster}`, nodes: hosts.slice(i, i + options.nodesPerCluster).map((h) => h.name), reserve: options.reserve });
  }
  const vms = hosts.flatMap((host, h) =>
    Array.from({ length: options.vmsPerHost }, (_, v) => ({
      name: `vm-${h}-${v}`,
      host: host.name,
      guest: { os: 'windows-server-2008', arch: 'x64' },
      vcpus: 2,
      memoryGB: 2 + Math.floor(rand() * 6),
      migration: 'live',
      highlyAvailable: true,
    })),
  );
  return { name: `${options.hosts} hosts in clusters of ${options.nodesPerCluster}`, hosts, clusters, vms };
}
