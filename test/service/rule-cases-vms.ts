import type { Json } from '../helpers';
import { alone, type Case, freeHyperV, host0, hostWith, vm0, whole } from './rule-cases-common';

/** Rules about VMs, disks and migration: a trigger and a near miss each. */
export const VM_CASES: Case[] = [  {
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
    trigger: (p) => alone(p, hostWith('hv-01', 'virtual-server-2005-r2-sp1'), [{ name: 'db-01', host: 'hv-01', guest: { os: 'windows-server-2003', arch: 'x64' }, vcpus: 1, memoryGB: 2 }]),
    nearMiss: (p) => alone(p, hostWith('hv-01', 'virtual-server-2005-r2-sp1'), [{ name: 'db-01', host: 'hv-01', guest: { os: 'windows-server-2003', arch: 'x86' }, vcpus: 1, memoryGB: 2 }]),
  },
  {
    name: 'a 64-bit guest on x86 host hardware',
    code: 'guest-arch-unsupported',
    pointer: '/vms/0/guest/arch',
    covers: '"x64"',
    trigger: (p) => alone(p, hostWith('hv-01', 'vmware-server-2', { hardware: { arch: 'x86', sockets: 1, coresPerSocket: 2, memoryGB: 8 } }), [{ name: 'db-01', host: 'hv-01', guest: { os: 'other-linux', arch: 'x64' }, vcpus: 1, memoryGB: 2 }]),
    nearMiss: (p) => alone(p, hostWith('hv-01', 'vmware-server-2', { hardware: { arch: 'x64', sockets: 1, coresPerSocket: 2, memoryGB: 8 } }), [{ name: 'db-01', host: 'hv-01', guest: { os: 'other-linux', arch: 'x64' }, vcpus: 1, memoryGB: 2 }]),
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
      alone(p, freeHyperV());
            vm0(p).highlyAvailable = false;
    },
    nearMiss: (p) => {
      alone(p, freeHyperV());
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
    trigger: (p) => alone(p, hostWith('pc-01', 'virtual-pc-2007'), [{ name: 'xp', host: 'pc-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 128 }] }]),
    nearMiss: (p) => alone(p, hostWith('pc-01', 'virtual-pc-2007'), [{ name: 'xp', host: 'pc-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 127 }] }]),
  },
  {
    name: 'a 2 TB SCSI disk on ESX 3.5 (2047 GB passes)',
    code: 'disk-too-large',
    pointer: '/vms/0/disks/1/sizeGB',
    covers: '2048',
    trigger: (p) => alone(p, hostWith('esx-01', 'vmware-esx-3.5'), [{ name: 'db', host: 'esx-01', guest: { os: 'windows-server-2003' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 40, bus: 'scsi' }, { sizeGB: 2048, bus: 'scsi' }] }]),
    nearMiss: (p) => alone(p, hostWith('esx-01', 'vmware-esx-3.5'), [{ name: 'db', host: 'esx-01', guest: { os: 'windows-server-2003' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 40, bus: 'scsi' }, { sizeGB: 2047, bus: 'scsi' }] }]),
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
    name: 'five NICs on Virtual Server 2005 R2 (4 pass)',
    code: 'too-many-nics',
    pointer: '/vms/0/nics',
    covers: '5',
    trigger: (p) => alone(p, hostWith('vs-01', 'virtual-server-2005-r2-sp1'), [{ name: 'web', host: 'vs-01', guest: { os: 'windows-server-2003' }, vcpus: 1, memoryGB: 1, nics: 5 }]),
    nearMiss: (p) => alone(p, hostWith('vs-01', 'virtual-server-2005-r2-sp1'), [{ name: 'web', host: 'vs-01', guest: { os: 'windows-server-2003' }, vcpus: 1, memoryGB: 1, nics: 4 }]),
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
    trigger: (p) => alone(p, freeHyperV(), [{ name: 'w', host: 'hv-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1 }]),
    nearMiss: (p) => alone(p, freeHyperV(), [{ name: 'l', host: 'hv-01', guest: { os: 'suse-linux-enterprise-10' }, vcpus: 1, memoryGB: 1 }]),
  },
  {
    name: 'a windows- guest the catalog does not know still counts on the free Hyper-V Server',
    code: 'license-instances-exceeded',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    trigger: (p) => alone(p, freeHyperV(), [{ name: 'w', host: 'hv-01', guest: { os: 'windows-7' }, vcpus: 1, memoryGB: 1 }]),
    nearMiss: (p) => alone(p, freeHyperV(), [{ name: 'w', host: 'hv-01', guest: { os: 'solaris-10' }, vcpus: 1, memoryGB: 1 }]),
  },
  {
    name: 'a server guest on Virtual PC',
    code: 'desktop-product-for-server',
    pointer: '/vms/0/guest/os',
    covers: '"windows-server-2003"',
    severity: 'warning',
    trigger: (p) => alone(p, hostWith('pc-01', 'virtual-pc-2007'), [{ name: 'srv', host: 'pc-01', guest: { os: 'windows-server-2003' }, vcpus: 1, memoryGB: 1 }]),
    nearMiss: (p) => alone(p, hostWith('pc-01', 'virtual-pc-2007'), [{ name: 'srv', host: 'pc-01', guest: { os: 'windows-xp' }, vcpus: 1, memoryGB: 1 }]),
  },
];
