import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/rules/codes';
import { codes, diagnose, expectDiagnostic, expectNo, planText, smallVms, type Expected, type Json } from '../helpers';

interface Case extends Expected {
  name: string;
  trigger: (plan: Json) => void;
  nearMiss: (plan: Json) => void;
}

const host0 = (plan: Json) => plan.hosts[0];
const vm0 = (plan: Json) => plan.vms[0];
const hostWith = (name: string, product: string, extra: Json = {}): Json => ({
  name,
  product,
  hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 },
  ...extra,
});
const whole = (start: string, contains: string) => (covered: string) => covered.startsWith(start) && covered.includes(contains);

const CASES: Case[] = [
  {
    name: 'an unknown product id, with the nearest id',
    code: 'unknown-product',
    pointer: '/hosts/0/product',
    covers: '"hyperv-2009"',
    trigger: (p) => (host0(p).product = 'hyperv-2009'),
    nearMiss: (p) => (host0(p).product = 'hyperv-2008'),
  },
  {
    name: 'a host name used twice, on the later host',
    code: 'duplicate-name',
    pointer: '/hosts/1/name',
    covers: '"hv-01"',
    trigger: (p) => (p.hosts[1].name = 'hv-01'),
    nearMiss: (p) => (p.hosts[1].name = 'hv-01b'),
  },
  {
    name: 'a VM name used twice',
    code: 'duplicate-name',
    pointer: '/vms/1/name',
    covers: '"web-01"',
    trigger: (p) => p.vms.push({ ...vm0(p), host: 'hv-02' }),
    nearMiss: (p) => p.vms.push({ ...vm0(p), name: 'web-02', host: 'hv-02' }),
  },
  {
    name: 'a cluster name used twice',
    code: 'duplicate-name',
    pointer: '/clusters/1/name',
    covers: '"cl-a"',
    trigger: (p) => p.clusters.push({ name: 'cl-a', nodes: ['hv-02'] }),
    nearMiss: (p) => p.clusters.push({ name: 'cl-b', nodes: ['hv-02'] }),
  },
  {
    name: "a VM's host that is not in the plan",
    code: 'unknown-host',
    pointer: '/vms/0/host',
    covers: '"hv-1"',
    trigger: (p) => (vm0(p).host = 'hv-1'),
    nearMiss: (p) => (vm0(p).host = 'hv-02'),
  },
  {
    name: 'a cluster node that is not in the plan',
    code: 'unknown-cluster-node',
    pointer: '/clusters/0/nodes/1',
    covers: '"hv-03"',
    trigger: (p) => (p.clusters[0].nodes[1] = 'hv-03'),
    nearMiss: (p) => (p.clusters[0].nodes = ['hv-01']),
  },
  {
    name: 'a Hyper-V 2008 host without an edition, on the host object',
    code: 'edition-required',
    pointer: '/hosts/0',
    covers: whole('{', '"hv-01"'),
    trigger: (p) => delete host0(p).edition,
    nearMiss: (p) => (host0(p).edition = 'datacenter'),
  },
  {
    name: 'an edition on a product without editions',
    code: 'edition-not-applicable',
    pointer: '/hosts/0/edition',
    covers: '"enterprise"',
    severity: 'warning',
    trigger: (p) => (host0(p).product = 'vmware-esx-3.5'),
    nearMiss: (p) => {
      host0(p).product = 'vmware-esx-3.5';
      delete host0(p).edition;
    },
  },
  {
    name: 'Hyper-V on x86 hardware',
    code: 'host-arch-unsupported',
    pointer: '/hosts/0/hardware/arch',
    covers: '"x86"',
    trigger: (p) => (host0(p).hardware.arch = 'x86'),
    nearMiss: (p) => (host0(p).hardware.arch = 'x64'),
  },
  {
    name: 'ESX on x86 hardware',
    code: 'host-arch-unsupported',
    pointer: '/hosts/0/hardware/arch',
    covers: '"x86"',
    trigger: (p) => (p.hosts[0] = hostWith('hv-01', 'vmware-esx-3.5', { hardware: { arch: 'x86', sockets: 2, coresPerSocket: 4, memoryGB: 64 } })),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'virtual-server-2005-r2-sp1', { hardware: { arch: 'x86', sockets: 2, coresPerSocket: 4, memoryGB: 64 } })),
  },
  {
    name: 'Hyper-V without hardware virtualisation',
    code: 'hardware-virtualization-required',
    pointer: '/hosts/0/hardware/hardwareVirtualization',
    covers: 'false',
    trigger: (p) => (host0(p).hardware.hardwareVirtualization = false),
    nearMiss: (p) => (host0(p).hardware.hardwareVirtualization = true),
  },
  {
    name: 'Hyper-V without DEP',
    code: 'hardware-virtualization-required',
    pointer: '/hosts/0/hardware/dataExecutionPrevention',
    covers: 'false',
    trigger: (p) => (host0(p).hardware.dataExecutionPrevention = false),
    nearMiss: (p) => {
      host0(p).product = 'virtual-server-2005-r2-sp1';
      delete host0(p).edition;
      host0(p).hardware.dataExecutionPrevention = false;
    },
  },
  {
    name: '17 logical processors on Hyper-V 2008 (16 pass)',
    code: 'too-many-logical-processors',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    trigger: (p) => Object.assign(host0(p).hardware, { sockets: 1, coresPerSocket: 17 }),
    nearMiss: (p) => Object.assign(host0(p).hardware, { sockets: 1, coresPerSocket: 16 }),
  },
  {
    name: '25 logical processors with KB956710 (24 pass)',
    code: 'too-many-logical-processors',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    trigger: (p) => {
      host0(p).updates = ['KB956710'];
      Object.assign(host0(p).hardware, { sockets: 5, coresPerSocket: 5 });
    },
    nearMiss: (p) => {
      host0(p).updates = ['KB956710'];
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 6 });
    },
  },
  {
    name: 'five sockets on Standard',
    code: 'too-many-sockets',
    pointer: '/hosts/0/hardware/sockets',
    covers: '5',
    trigger: (p) => {
      host0(p).edition = 'standard';
      Object.assign(host0(p).hardware, { sockets: 5, coresPerSocket: 2 });
    },
    nearMiss: (p) => {
      host0(p).edition = 'standard';
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 2 });
    },
  },
  {
    name: 'five sockets on the free Hyper-V Server',
    code: 'too-many-sockets',
    pointer: '/hosts/0/hardware/sockets',
    covers: '5',
    trigger: (p) => {
      p.hosts[0] = hostWith('hv-01', 'hyperv-server-2008', { hardware: { sockets: 5, coresPerSocket: 2, memoryGB: 32 } });
    },
    nearMiss: (p) => {
      p.hosts[0] = hostWith('hv-01', 'hyperv-server-2008', { hardware: { sockets: 4, coresPerSocket: 2, memoryGB: 32 } });
    },
  },
  {
    name: '48 GB on Standard (32 pass)',
    code: 'host-memory-exceeds-limit',
    pointer: '/hosts/0/hardware/memoryGB',
    covers: '48',
    severity: 'warning',
    trigger: (p) => {
      host0(p).edition = 'standard';
      host0(p).hardware.memoryGB = 48;
    },
    nearMiss: (p) => {
      host0(p).edition = 'standard';
      host0(p).hardware.memoryGB = 32;
    },
  },
  {
    name: '129 VMs on Hyper-V 2008 (128 pass)',
    code: 'too-many-vms',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    trigger: (p) => {
      p.vms = smallVms('hv-01', 129);
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 4 });
    },
    nearMiss: (p) => {
      p.vms = smallVms('hv-01', 128);
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 4 });
    },
  },
  {
    name: '193 VMs with KB956710 (192 pass)',
    code: 'too-many-vms',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    trigger: (p) => {
      host0(p).updates = ['KB956710'];
      p.vms = smallVms('hv-01', 193);
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 6 });
    },
    nearMiss: (p) => {
      host0(p).updates = ['KB956710'];
      p.vms = smallVms('hv-01', 192);
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 6 });
    },
  },
  {
    name: "VMs' memory and the reserve above the host's on Hyper-V",
    code: 'host-memory-overcommitted',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    severity: 'error',
    trigger: (p) => (vm0(p).memoryGB = 63),
    nearMiss: (p) => (vm0(p).memoryGB = 62),
  },
  {
    name: 'overcommitted memory on ESX is information',
    code: 'host-memory-overcommitted',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    severity: 'information',
    trigger: (p) => {
      p.hosts = [hostWith('hv-01', 'vmware-esx-3.5')];
      p.clusters = [{ name: 'cl-a', nodes: ['hv-01'], sharedStorage: true }];
      p.vms = [{ ...vm0(p), memoryGB: 64 }];
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('hv-01', 'vmware-esx-3.5')];
      p.clusters = [{ name: 'cl-a', nodes: ['hv-01'], sharedStorage: true }];
      p.vms = [{ ...vm0(p), memoryGB: 32 }];
    },
  },
  {
    name: 'more than 8 virtual processors per logical processor',
    code: 'cpu-oversubscribed',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    severity: 'warning',
    trigger: (p) => (p.vms = smallVms('hv-01', 65)),
    nearMiss: (p) => (p.vms = smallVms('hv-01', 64)),
  },
  {
    name: 'memory overcommit relied on where the product has none',
    code: 'memory-overcommit-unsupported',
    pointer: '/hosts/0/features/memoryOvercommit',
    covers: 'true',
    trigger: (p) => (host0(p).features = { memoryOvercommit: true }),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'vmware-esx-3.5', { features: { memoryOvercommit: true } })),
  },
  {
    name: 'page sharing relied on where the product has none',
    code: 'page-sharing-unsupported',
    pointer: '/hosts/0/features/pageSharing',
    covers: 'true',
    trigger: (p) => (host0(p).features = { pageSharing: true }),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'vmware-esx-3.5', { features: { pageSharing: true } })),
  },
  {
    name: 'disk hot add on Hyper-V 2008',
    code: 'hot-add-unsupported',
    pointer: '/hosts/0/features/hotAdd/0',
    covers: '"disk"',
    trigger: (p) => (host0(p).features = { hotAdd: ['disk'] }),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'hyperv-2008-r2', { edition: 'enterprise', features: { hotAdd: ['disk'] } })),
  },
  {
    name: 'memory hot add on Hyper-V 2008 R2',
    code: 'hot-add-unsupported',
    pointer: '/hosts/0/features/hotAdd/1',
    covers: '"memory"',
    trigger: (p) => (p.hosts[0] = hostWith('hv-01', 'hyperv-2008-r2', { edition: 'enterprise', features: { hotAdd: ['disk', 'memory'] } })),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'hyperv-2008-r2', { edition: 'enterprise', features: { hotAdd: ['disk'] } })),
  },
  {
    name: 'five virtual processors on Hyper-V 2008',
    code: 'too-many-vcpus',
    pointer: '/vms/0/vcpus',
    covers: '5',
    trigger: (p) => (vm0(p).vcpus = 5),
    nearMiss: (p) => (vm0(p).vcpus = 4),
  },
  {
    name: 'two virtual processors on Virtual Server',
    code: 'too-many-vcpus',
    pointer: '/vms/0/vcpus',
    covers: '2',
    trigger: (p) => {
      p.hosts = [hostWith('hv-01', 'virtual-server-2005-r2-sp1')];
      p.clusters = [{ name: 'cl-a', nodes: ['hv-01'], sharedStorage: true }];
      p.vms = [{ name: 'web-01', host: 'hv-01', guest: { os: 'windows-server-2003' }, vcpus: 2, memoryGB: 2 }];
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('hv-01', 'virtual-server-2005-r2-sp1')];
      p.vms = [{ name: 'web-01', host: 'hv-01', guest: { os: 'windows-server-2003' }, vcpus: 1, memoryGB: 2 }];
    },
  },
  {
    name: 'four virtual processors for a Windows Server 2003 guest',
    code: 'guest-vcpus-unsupported',
    pointer: '/vms/0/vcpus',
    covers: '4',
    severity: 'warning',
    trigger: (p) => Object.assign(vm0(p), { vcpus: 4, guest: { os: 'windows-server-2003' } }),
    nearMiss: (p) => Object.assign(vm0(p), { vcpus: 2, guest: { os: 'windows-server-2003' } }),
  },
  {
    name: '65 GB for one VM on Hyper-V 2008',
    code: 'vm-memory-exceeds-limit',
    pointer: '/vms/0/memoryGB',
    covers: '65',
    trigger: (p) => {
      host0(p).hardware.memoryGB = 128;
      vm0(p).memoryGB = 65;
    },
    nearMiss: (p) => {
      host0(p).hardware.memoryGB = 128;
      vm0(p).memoryGB = 64;
    },
  },
  {
    name: 'a 64-bit guest on Virtual Server 2005',
    code: 'guest-arch-unsupported',
    pointer: '/vms/0/guest/arch',
    covers: '"x64"',
    trigger: (p) => {
      p.hosts = [hostWith('hv-01', 'virtual-server-2005-r2-sp1')];
      p.clusters = [];
      p.vms = [{ name: 'db-01', host: 'hv-01', guest: { os: 'windows-server-2003', arch: 'x64' }, vcpus: 1, memoryGB: 2 }];
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('hv-01', 'virtual-server-2005-r2-sp1')];
      p.clusters = [];
      p.vms = [{ name: 'db-01', host: 'hv-01', guest: { os: 'windows-server-2003', arch: 'x86' }, vcpus: 1, memoryGB: 2 }];
    },
  },
  {
    name: 'a 64-bit guest on x86 host hardware',
    code: 'guest-arch-unsupported',
    pointer: '/vms/0/guest/arch',
    covers: '"x64"',
    trigger: (p) => {
      p.hosts = [hostWith('hv-01', 'vmware-server-2', { hardware: { arch: 'x86', sockets: 1, coresPerSocket: 2, memoryGB: 8 } })];
      p.clusters = [];
      p.vms = [{ name: 'db-01', host: 'hv-01', guest: { os: 'other-linux', arch: 'x64' }, vcpus: 1, memoryGB: 2 }];
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('hv-01', 'vmware-server-2', { hardware: { arch: 'x64', sockets: 1, coresPerSocket: 2, memoryGB: 8 } })];
      p.clusters = [];
      p.vms = [{ name: 'db-01', host: 'hv-01', guest: { os: 'other-linux', arch: 'x64' }, vcpus: 1, memoryGB: 2 }];
    },
  },
  {
    name: 'live migration on the first Hyper-V',
    code: 'live-migration-unsupported',
    pointer: '/vms/0/migration',
    covers: '"live"',
    trigger: (p) => (vm0(p).migration = 'live'),
    nearMiss: (p) => {
      host0(p).product = p.hosts[1].product = 'hyperv-2008-r2';
      vm0(p).migration = 'live';
    },
  },
  {
    name: 'quick migration on a host in no cluster',
    code: 'migration-requires-cluster',
    pointer: '/vms/0/migration',
    covers: '"quick"',
    trigger: (p) => (p.clusters = []),
    nearMiss: (p) => (p.clusters[0].nodes = ['hv-01']),
  },
  {
    name: 'quick migration on the free Hyper-V Server',
    code: 'migration-requires-cluster',
    pointer: '/vms/0/migration',
    covers: '"quick"',
    trigger: (p) => {
      p.hosts = [hostWith('hv-01', 'hyperv-server-2008', { hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 32 } })];
      p.clusters = [];
      vm0(p).highlyAvailable = false;
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('hv-01', 'hyperv-server-2008', { hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 32 } })];
      p.clusters = [];
      vm0(p).highlyAvailable = false;
      vm0(p).migration = 'none';
    },
  },
  {
    name: 'a highly available VM on a host in no cluster',
    code: 'migration-requires-cluster',
    pointer: '/vms/0/highlyAvailable',
    covers: 'true',
    trigger: (p) => {
      p.clusters = [];
      vm0(p).migration = 'none';
    },
    nearMiss: (p) => {
      p.clusters = [];
      vm0(p).migration = 'none';
      vm0(p).highlyAvailable = false;
    },
  },
  {
    name: 'a Standard edition node, on the node entry',
    code: 'clustering-unsupported',
    pointer: '/clusters/0/nodes/1',
    covers: '"hv-02"',
    trigger: (p) => (p.hosts[1].edition = 'standard'),
    nearMiss: (p) => (p.hosts[1].edition = 'datacenter'),
  },
  {
    name: 'a Hyper-V Server node',
    code: 'clustering-unsupported',
    pointer: '/clusters/0/nodes/1',
    covers: '"hv-02"',
    trigger: (p) => (p.hosts[1] = hostWith('hv-02', 'hyperv-server-2008', { hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 32 } })),
    nearMiss: (p) => (p.hosts[1] = hostWith('hv-02', 'hyperv-2008', { edition: 'enterprise' })),
  },
  {
    name: 'a cluster mixing Hyper-V 2008 and 2008 R2',
    code: 'cluster-mixed-products',
    pointer: '/clusters/0/name',
    covers: '"cl-a"',
    trigger: (p) => (p.hosts[1].product = 'hyperv-2008-r2'),
    nearMiss: (p) => (p.hosts[1].product = 'hyperv-2008'),
  },
  {
    name: 'a 17-node Windows Server 2008 cluster (16 pass)',
    code: 'cluster-too-many-nodes',
    pointer: '/clusters/0/nodes',
    covers: whole('[', '"n-16"'),
    trigger: (p) => {
      p.hosts = Array.from({ length: 17 }, (_, i) => hostWith(`n-${i}`, 'hyperv-2008', { edition: 'enterprise' }));
      p.clusters = [{ name: 'cl-a', nodes: p.hosts.map((h: Json) => h.name) }];
      vm0(p).host = 'n-0';
    },
    nearMiss: (p) => {
      p.hosts = Array.from({ length: 16 }, (_, i) => hostWith(`n-${i}`, 'hyperv-2008', { edition: 'enterprise' }));
      p.clusters = [{ name: 'cl-a', nodes: p.hosts.map((h: Json) => h.name) }];
      vm0(p).host = 'n-0';
    },
  },
  {
    name: '51 snapshots on Hyper-V (50 pass)',
    code: 'too-many-snapshots',
    pointer: '/vms/0/snapshots',
    covers: '51',
    trigger: (p) => (vm0(p).snapshots = 51),
    nearMiss: (p) => (vm0(p).snapshots = 50),
  },
  {
    name: 'a 2041 GB SCSI disk on Hyper-V (2040 pass)',
    code: 'disk-too-large',
    pointer: '/vms/0/disks/1/sizeGB',
    covers: '2041',
    trigger: (p) => (vm0(p).disks[1].sizeGB = 2041),
    nearMiss: (p) => (vm0(p).disks[1] = { sizeGB: 5000, bus: 'scsi', passthrough: true }),
  },
  {
    name: 'a 128 GB IDE disk on Virtual PC 2007',
    code: 'disk-too-large',
    pointer: '/vms/0/disks/0/sizeGB',
    covers: '128',
    trigger: (p) => {
      p.hosts = [hostWith('pc-01', 'virtual-pc-2007')];
      p.clusters = [];
      p.vms = [{ name: 'xp', host: 'pc-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 128 }] }];
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('pc-01', 'virtual-pc-2007')];
      p.clusters = [];
      p.vms = [{ name: 'xp', host: 'pc-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 127 }] }];
    },
  },
  {
    name: 'a SCSI boot disk on Hyper-V',
    code: 'boot-disk-not-ide',
    pointer: '/vms/0/disks/0/bus',
    covers: '"scsi"',
    trigger: (p) => (vm0(p).disks[0].bus = 'scsi'),
    nearMiss: (p) => (vm0(p).disks[0].bus = 'ide'),
  },
  {
    name: 'SCSI disks without integration components',
    code: 'scsi-needs-integration-components',
    pointer: '/vms/0/guest/integrationComponents',
    covers: 'false',
    trigger: (p) => (vm0(p).guest.integrationComponents = false),
    nearMiss: (p) => {
      vm0(p).guest.integrationComponents = false;
      vm0(p).disks = [{ sizeGB: 60 }];
      vm0(p).nics = 0;
      vm0(p).legacyNics = 1;
    },
  },
  {
    name: 'nine synthetic NICs on Hyper-V (8 pass)',
    code: 'too-many-nics',
    pointer: '/vms/0/nics',
    covers: '9',
    trigger: (p) => (vm0(p).nics = 9),
    nearMiss: (p) => (vm0(p).nics = 8),
  },
  {
    name: 'five legacy NICs on Hyper-V (4 pass)',
    code: 'too-many-nics',
    pointer: '/vms/0/legacyNics',
    covers: '5',
    trigger: (p) => (vm0(p).legacyNics = 5),
    nearMiss: (p) => (vm0(p).legacyNics = 4),
  },
  {
    name: 'five Windows guests on Enterprise (4 pass)',
    code: 'license-instances-exceeded',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    severity: 'warning',
    trigger: (p) => (p.vms = Array.from({ length: 5 }, (_, i) => ({ ...vm0(p), name: `w-${i}` }))),
    nearMiss: (p) => (p.vms = Array.from({ length: 4 }, (_, i) => ({ ...vm0(p), name: `w-${i}` }))),
  },
  {
    name: 'a Windows guest on the free Hyper-V Server',
    code: 'license-instances-exceeded',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    trigger: (p) => {
      p.hosts = [hostWith('hv-01', 'hyperv-server-2008', { hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 32 } })];
      p.clusters = [];
      p.vms = [{ name: 'w', host: 'hv-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1 }];
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('hv-01', 'hyperv-server-2008', { hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 32 } })];
      p.clusters = [];
      p.vms = [{ name: 'l', host: 'hv-01', guest: { os: 'suse-linux-enterprise-10' }, vcpus: 1, memoryGB: 1 }];
    },
  },
  {
    name: 'a server guest on Virtual PC',
    code: 'desktop-product-for-server',
    pointer: '/vms/0/guest/os',
    covers: '"windows-server-2003"',
    severity: 'warning',
    trigger: (p) => {
      p.hosts = [hostWith('pc-01', 'virtual-pc-2007')];
      p.clusters = [];
      p.vms = [{ name: 'srv', host: 'pc-01', guest: { os: 'windows-server-2003' }, vcpus: 1, memoryGB: 1 }];
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('pc-01', 'virtual-pc-2007')];
      p.clusters = [];
      p.vms = [{ name: 'srv', host: 'pc-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1 }];
    },
  },
];

describe('rules: each code at its pointer and range, and a near miss', () => {
  it('the base plan is clean', () => {
    assert.deepEqual(diagnose(planText()), []);
  });

  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, () => {
      expectDiagnostic(planText(c.trigger), c);
      expectNo(planText(c.nearMiss), c.code);
    });
  }

  it('every semantic code has a case', () => {
    const covered = new Set(CASES.map((c) => c.code));
    const notRules = new Set(['schema', 'parse-error', 'file-too-large']); // tested with the parser, the schema and the server
    const missing = RULES.map((r) => r.code).filter((code) => !covered.has(code) && !notRules.has(code));
    assert.deepEqual(missing, []);
  });
});

describe('rules: one mistake, one diagnostic', () => {
  it('an unknown product gives unknown-product only', () => {
    assert.deepEqual(codes(planText((p) => (host0(p).product = 'hyper-v'))), ['unknown-product']);
  });

  it('live migration on Hyper-V 2008 off any cluster is not also migration-requires-cluster', () => {
    assert.deepEqual(codes(planText((p) => {
      p.clusters = [];
      vm0(p).migration = 'live';
      vm0(p).highlyAvailable = false;
    })), ['live-migration-unsupported']);
  });

  it('five vCPUs on a Windows Server 2003 guest is too-many-vcpus, not also the guest warning', () => {
    assert.deepEqual(codes(planText((p) => Object.assign(vm0(p), { vcpus: 5, guest: { os: 'windows-server-2003' } }))), ['too-many-vcpus']);
  });

  it('a missing value silences the rules that need it', () => {
    assert.deepEqual(codes(planText((p) => delete host0(p).hardware.sockets)), ['schema']);
    assert.deepEqual(codes(planText((p) => (vm0(p).vcpus = '5'))), ['schema']);
  });

  it('says when KB956710 would lift the limit, with fix data', () => {
    const d = expectDiagnostic(planText((p) => Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 5 })), {
      code: 'too-many-logical-processors',
      pointer: '/hosts/0/name',
    });
    assert.match(d.message, /KB956710/);
    assert.match(d.message, /16/);
    assert.equal(d.data?.update, 'KB956710');
  });

  it('names the limit, the product and the fix for live migration', () => {
    const d = expectDiagnostic(planText((p) => (vm0(p).migration = 'live')), { code: 'live-migration-unsupported', pointer: '/vms/0/migration' });
    assert.match(d.message, /Hyper-V on Windows Server 2008/);
    assert.match(d.message, /quick migration/);
    assert.match(d.message, /R2/);
    assert.equal(d.data?.replacement, 'quick');
  });

  it('update ids match case-insensitively', () => {
    expectNo(planText((p) => {
      host0(p).updates = ['kb956710'];
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 6 });
    }), 'too-many-logical-processors');
  });
});
