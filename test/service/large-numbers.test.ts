import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePlan, diagnose, type Json } from '../helpers';

/** Every number of a plan, by its pointer, and how to write a value there. */
const PLACES: Array<[string, (plan: Json, value: number) => void]> = [
  ['/hosts/0/hardware/sockets', (p, v) => (p.hosts[0].hardware.sockets = v)],
  ['/hosts/0/hardware/coresPerSocket', (p, v) => (p.hosts[0].hardware.coresPerSocket = v)],
  ['/hosts/0/hardware/memoryGB', (p, v) => (p.hosts[0].hardware.memoryGB = v)],
  ['/clusters/0/reserve', (p, v) => (p.clusters[0].reserve = v)],
  ['/vms/0/vcpus', (p, v) => (p.vms[0].vcpus = v)],
  ['/vms/0/memoryGB', (p, v) => (p.vms[0].memoryGB = v)],
  ['/vms/0/nics', (p, v) => (p.vms[0].nics = v)],
  ['/vms/0/legacyNics', (p, v) => (p.vms[0].legacyNics = v)],
  ['/vms/0/snapshots', (p, v) => (p.vms[0].snapshots = v)],
  ['/vms/0/disks/1/sizeGB', (p, v) => (p.vms[0].disks[1].sizeGB = v)],
];

/** The plan with `written` (a number as the planner typed it) at the place. */
function withNumber(set: (plan: Json, value: number) => void, written: string): string {
  const plan = basePlan();
  // A marker the text then carries the digits in place of, as JSON.stringify would not write them.
  set(plan, 7777777);
  return JSON.stringify(plan, null, 2).replace('7777777', written);
}

describe('whole numbers too large to be kept exactly', () => {
  for (const [pointer, set] of PLACES) {
    it(`at ${pointer}: one schema error there, and no number in any message written with an exponent`, () => {
      for (const written of ['100000000000000000000000', '9007199254740992', '1e23']) {
        const diagnostics = diagnose(withNumber(set, written));
        const there = diagnostics.filter((d) => d.pointer === pointer);
        assert.deepEqual(
          there.map((d) => d.code),
          ['schema'],
          `${written}: ${JSON.stringify(there)}`,
        );
        assert.match(there[0].message, /at most 9007199254740991/);
        for (const d of diagnostics) assert.doesNotMatch(d.message, /\de[+-]?\d/, `${written}: ${d.code} ${d.message}`);
      }
    });
  }

  it('the largest whole number kept exactly is still taken, as the rules judge it', () => {
    const diagnostics = diagnose(withNumber((p, v) => (p.vms[0].snapshots = v), '9007199254740991'));
    assert.deepEqual(
      diagnostics.filter((d) => d.pointer === '/vms/0/snapshots').map((d) => d.code),
      ['too-many-snapshots'],
    );
  });

  it('a large negative number is below the minimum, said without an exponent', () => {
    const diagnostics = diagnose(withNumber((p, v) => (p.vms[0].nics = v), '-100000000000000000000000'));
    const there = diagnostics.filter((d) => d.pointer === '/vms/0/nics');
    assert.deepEqual(there.map((d) => d.code), ['schema']);
    assert.doesNotMatch(there[0].message, /e\+/);
  });
});
