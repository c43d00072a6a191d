import { smallVms } from '../helpers';
import { type Case, host0, hostWith, vm0, whole } from './rule-cases-common';

/** Rules about plans, hosts, clusters and licences: a trigger and a near miss each. */
export const HOST_CASES: Case[] = [
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
    name: 'Hyper-V Server 2008 on x86 hardware, where ESX 3.5 installs',
    code: 'host-arch-unsupported',
    pointer: '/hosts/0/hardware/arch',
    covers: '"x86"',
    trigger: (p) => (p.hosts[0] = hostWith('hv-01', 'hyperv-server-2008', { hardware: { arch: 'x86', sockets: 2, coresPerSocket: 4, memoryGB: 32 } })),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'vmware-esx-3.5', { hardware: { arch: 'x86', sockets: 2, coresPerSocket: 4, memoryGB: 64 } })),
  },
  {
    name: 'Hyper-V on x86 hardware, where Virtual PC 2004 runs on x64 hardware (its limit is the host OS)',
    code: 'host-arch-unsupported',
    pointer: '/hosts/0/hardware/arch',
    covers: '"x86"',
    trigger: (p) => (host0(p).hardware.arch = 'x86'),
    nearMiss: (p) => {
      p.hosts[0] = hostWith('hv-01', 'virtual-pc-2004', { hardware: { arch: 'x64', sockets: 1, coresPerSocket: 2, memoryGB: 4 } });
      p.vms = [];
    },
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
    name: "VMs' memory above what the Standard edition can use, though the host has more installed",
    code: 'host-memory-overcommitted',
    pointer: '/hosts/0/name',
    covers: '"hv-01"',
    severity: 'error',
    trigger: (p) => {
      host0(p).edition = 'standard';
      vm0(p).memoryGB = 31;
    },
    nearMiss: (p) => {
      host0(p).edition = 'standard';
      vm0(p).memoryGB = 30;
    },
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
    name: 'memory hot add on VMware Server 2.0, which hot adds SCSI disks only',
    code: 'hot-add-unsupported',
    pointer: '/hosts/0/features/hotAdd/1',
    covers: '"memory"',
    trigger: (p) => (p.hosts[0] = hostWith('hv-01', 'vmware-server-2', { features: { hotAdd: ['disk', 'memory'] } })),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'vmware-server-2', { features: { hotAdd: ['disk'] } })),
  },
  {
    name: 'memory overcommit on Virtual Server, not on VMware Server 2.0, which swaps what does not fit',
    code: 'memory-overcommit-unsupported',
    pointer: '/hosts/0/features/memoryOvercommit',
    covers: 'true',
    trigger: (p) => (p.hosts[0] = hostWith('hv-01', 'virtual-server-2005-r2-sp1', { features: { memoryOvercommit: true } })),
    nearMiss: (p) => (p.hosts[0] = hostWith('hv-01', 'vmware-server-2', { features: { memoryOvercommit: true } })),
  },
  {
    name: "a failed node's HA VM 1 GB beyond the survivor's free memory",
    code: 'cluster-failover-capacity',
    pointer: '/clusters/0/name',
    covers: '"cl-a"',
    severity: 'warning',
    trigger: (p) => p.vms.push({ name: 'fill', host: 'hv-02', guest: { os: 'other-linux' }, vcpus: 1, memoryGB: 59 }),
    nearMiss: (p) => p.vms.push({ name: 'fill', host: 'hv-02', guest: { os: 'other-linux' }, vcpus: 1, memoryGB: 58 }),
  },
  {
    name: 'an ESX survivor at its VM limit is information',
    code: 'cluster-failover-capacity',
    pointer: '/clusters/0/name',
    covers: '"cl-a"',
    severity: 'information',
    trigger: (p) => {
      p.hosts = [hostWith('hv-01', 'vmware-esx-3.5'), hostWith('hv-02', 'vmware-esx-3.5')];
      p.vms.push(...smallVms('hv-02', 170));
    },
    nearMiss: (p) => {
      p.hosts = [hostWith('hv-01', 'vmware-esx-3.5'), hostWith('hv-02', 'vmware-esx-3.5')];
      p.vms.push(...smallVms('hv-02', 169));
    },
  },
  {
    name: 'quick migration in a cluster without shared storage',
    code: 'shared-storage-required',
    pointer: '/vms/0/migration',
    covers: '"quick"',
    trigger: (p) => (p.clusters[0].sharedStorage = false),
    nearMiss: (p) => delete p.clusters[0].sharedStorage,
  },
  {
    name: 'a highly available VM whose host is only in clusters without shared storage',
    code: 'shared-storage-required',
    pointer: '/vms/0/highlyAvailable',
    covers: 'true',
    trigger: (p) => {
      p.clusters[0].sharedStorage = false;
      vm0(p).migration = 'none';
    },
    nearMiss: (p) => {
      p.clusters[0].sharedStorage = false;
      p.clusters.push({ name: 'cl-b', nodes: ['hv-01', 'hv-02'] });
      vm0(p).migration = 'none';
    },
  },
];
