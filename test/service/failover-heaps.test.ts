import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { failoverOf, hostCapacityOf, type HostCapacity } from '../../server/src/model/capacity';
import { buildModel, type HostModel } from '../../server/src/model/plan';
import { walkedFailoverOf } from './failover-walk';

const catalog = loadCatalog();

const hostArb = fc.record({
  product: fc.constantFrom('hyperv-2008', 'vmware-esx-3.5'),
  memoryGB: fc.constantFrom(8, 16, 24, 64),
  // A VM limit of a few, so that survivors fill up; null is unlimited.
  maxVms: fc.constantFrom<number | null>(null, 1, 2, 3, 5),
  overcommit: fc.constantFrom<boolean | undefined>(undefined, true, false),
});
const vmArb = fc.record({ on: fc.nat(11), memoryGB: fc.constantFrom(0.5, 1, 2, 2, 4, 4, 8, 12), highlyAvailable: fc.constantFrom(true, true, false) });

describe('failover placement with the survivors in heaps', () => {
  it('finds what a walk over every survivor for each VM finds, field for field', () => {
    let unplaced = 0;
    fc.assert(
      fc.property(fc.array(hostArb, { minLength: 1, maxLength: 12 }), fc.array(vmArb, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (hosts, vms, reserve) => {
        const plan = {
          name: 'p',
          hosts: hosts.map((h, i) => ({ name: `h${i}`, product: h.product, ...(h.product === 'hyperv-2008' ? { edition: 'enterprise' } : {}), hardware: { sockets: 2, coresPerSocket: 4, memoryGB: h.memoryGB } })),
          clusters: [{ name: 'c', nodes: hosts.map((_, i) => `h${i}`), reserve }],
          vms: vms.map((v, i) => ({ name: `vm${i}`, host: `h${v.on % hosts.length}`, guest: { os: 'other' }, vcpus: 1, memoryGB: v.memoryGB, highlyAvailable: v.highlyAvailable })),
        };
        const model = buildModel(plan, catalog)!;
        const capacities = new Map<HostModel, HostCapacity>(
          model.hosts.map((host, i) => {
            const capacity = hostCapacityOf(host);
            const { maxVms, overcommit } = hosts[i];
            return [host, { ...capacity, maxVms: maxVms === null ? null : capacity.vms + maxVms - 1, memoryOvercommit: overcommit ?? capacity.memoryOvercommit }];
          }),
        );
        const cluster = model.clusters[0];
        const found = failoverOf(cluster, reserve, capacities);
        unplaced += found?.unplacedVms.length ?? 0;
        assert.deepEqual(found, walkedFailoverOf(cluster, reserve, capacities));
      }),
      { numRuns: 1500 },
    );
    assert.ok(unplaced > 100, `only ${unplaced} VMs left down in all`);
  });
});
