import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildModel } from '../../server/src/model/plan';
import { RULES_BY_CODE, runChecks } from '../../server/src/rules/index';
import { basePlan } from '../helpers';

const catalog = loadCatalog();
const rules = ['disk-too-large', 'boot-disk-not-ide'].map((code) => RULES_BY_CODE.get(code)!);

// Disks as plans write them, and as they are while typed: any size, bus or passthrough, of any type, and items that are no disk at all.
const diskArb = fc.oneof(
  { weight: 8, arbitrary: fc.record(
    {
      sizeGB: fc.constantFrom<unknown>(1, 60, 127, 128, 2040, 2048, 2049, 3000, 0.5, 0, -5, '3000', null, 1e308),
      bus: fc.constantFrom<unknown>('ide', 'scsi', 'sata', 3, null),
      passthrough: fc.constantFrom<unknown>(true, false, 'yes', 0),
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 7, 'disk', [], [{ sizeGB: 5000 }]) },
);
const vmArb = fc.record({
  host: fc.constantFrom('hv', 'esx', 'r2', 'vs', 'nowhere'),
  disks: fc.oneof({ weight: 6, arbitrary: fc.array(diskArb, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'disks', {}) }),
});

/**
 * What the two rules report, as they read each disk model: every disk too large for its bus,
 * and a boot disk (the first item, an object) on a bus other than the product's boot bus.
 */
function oracle(value: unknown): Array<{ code: string; pointer: string }> {
  const model = buildModel(value, catalog)!;
  const large: Array<{ code: string; pointer: string }> = [];
  const boot: Array<{ code: string; pointer: string }> = [];
  for (const vm of model.vms) {
    const product = vm.host?.product;
    if (!product) continue;
    for (const disk of vm.disks) {
      if (disk.passthrough || disk.sizeGB === undefined || disk.bus === undefined) continue;
      const limit = (disk.bus === 'scsi' ? product.vm.scsiDiskGB : product.vm.ideDiskGB)?.value;
      if (limit !== undefined && disk.sizeGB > limit) large.push({ code: 'disk-too-large', pointer: `${disk.pointer}/sizeGB` });
    }
    const first = vm.disks[0];
    const bootBus = product.vm.bootBus?.value;
    if (first && first.index === 0 && bootBus !== undefined && first.bus !== undefined && first.bus !== bootBus) {
      boot.push({ code: 'boot-disk-not-ide', pointer: `${first.pointer}/bus` });
    }
  }
  return [...large, ...boot];
}

describe('the disk rules, read without the disk models', () => {
  it('report what the disk models say, disk by disk, on any disks', () => {
    let reported = 0;
    fc.assert(
      fc.property(fc.array(vmArb, { minLength: 1, maxLength: 6 }), (vms) => {
        const plan = basePlan();
        plan.hosts = [
          { name: 'hv', product: 'hyperv-2008', edition: 'enterprise', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } },
          { name: 'esx', product: 'vmware-esx-3.5', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } },
          { name: 'r2', product: 'hyperv-2008-r2', edition: 'enterprise', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } },
          { name: 'vs', product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } },
        ];
        plan.vms = vms.map((vm, i) => ({ name: `vm-${i}`, host: vm.host, guest: { os: 'other-linux' }, vcpus: 1, memoryGB: 1, ...(vm.disks === undefined ? {} : { disks: vm.disks }) }));
        const value = JSON.parse(JSON.stringify(plan)) as unknown;
        const found = runChecks(buildModel(value, catalog)!, undefined, rules).map(({ code, pointer }) => ({ code, pointer }));
        reported += found.length;
        assert.deepEqual(found, oracle(value));
      }),
      { numRuns: 600 },
    );
    assert.ok(reported > 100, `only ${reported} findings in all`);
  });
});
