import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildPlanReport } from '../../server/src/report/build';
import { reportMarkdown } from '../../server/src/report/markdown';
import { hostHintText } from '../../server/src/service/capacity-view';
import { checkText } from '../../server/src/service/check';
import { PlanVersion } from '../../server/src/service/plan-version';
import { fmt, fmtOver, fmtPositive } from '../../server/src/util/format';

const catalog = loadCatalog();
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const amount = fc.double({ min: 0, max: 100_000, noNaN: true });

describe('numbers in messages', () => {
  it('an amount over its limit never looks equal to it or below it', () => {
    fc.assert(
      fc.property(amount, amount, (value, limit) => {
        const [shownValue, shownLimit] = fmtOver(value, limit);
        if (value - limit > 1e-9) assert.ok(Number(shownValue) > Number(shownLimit), `${value} over ${limit} shown as ${shownValue} of ${shownLimit}`);
        else if (value <= limit) assert.deepEqual([shownValue, shownLimit], [fmt(value), fmt(limit)], 'within its limit, shown as always');
        else assert.ok(Number(shownValue) >= Number(shownLimit), 'over by less than the tolerance: never shown below it');
      }),
      { numRuns: RUNS * 10 },
    );
    assert.deepEqual(fmtOver(0.1 + 0.2 + 0.0001 + 2, 2.3), ['2.3001', '2.3']);
  });

  it('a shortfall above 0 never shows as 0', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: 1e6, noNaN: true }), (short) => {
        assert.ok(Number(fmtPositive(short)) > 0, `${short} shown as ${fmtPositive(short)}`);
      }),
      { numRuns: RUNS * 10 },
    );
    assert.equal(fmtPositive(0.0001), '0.0001');
  });

  /** A Hyper-V host of fractional memory with VMs of fractional memory. */
  const plan = fc.record({
    memoryGB: fc.constantFrom(2.3, 2.31, 4.05, 8, 16.04),
    vms: fc.array(fc.constantFrom(0.1, 0.2, 0.0001, 0.04, 0.3, 1.95, 2.05, 6, 14.04), { minLength: 1, maxLength: 5 }),
  });
  const text = (p: { memoryGB: number; vms: number[] }) =>
    JSON.stringify({
      name: 'p',
      hosts: [{ name: 'hv', product: 'hyperv-2008', edition: 'enterprise', hardware: { sockets: 1, coresPerSocket: 4, memoryGB: p.memoryGB } }],
      vms: p.vms.map((memoryGB, i) => ({ name: `vm${i}`, host: 'hv', guest: { os: 'other-linux' }, vcpus: 1, memoryGB })),
    });
  const numbers = (s: string) => [...s.matchAll(/(\d+(?:\.\d+)?) GB/g)].map((m) => Number(m[1]));

  it('the memory message adds up: what the VMs and the host need is more than the host has, and the shortfall is not 0', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const over = checkText(text(p)).diagnostics.filter((d) => d.code === 'host-memory-overcommitted');
        for (const d of over) {
          const [has, given, keeps, short] = numbers(d.message);
          assert.ok(given + keeps > has, d.message);
          assert.ok(short > 0, d.message);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the hint and the report never show memory over its limit as equal to it', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { parsed, diagnostics } = checkText(text(p));
        const host = PlanVersion.of(parsed, catalog).capacity()!.hosts[0];
        const hint = /(⚠ )?([\d.]+) of ([\d.]+) GB/.exec(hostHintText(host))!;
        if (hint[1]) assert.ok(Number(hint[2]) > Number(hint[3]), hostHintText(host));
        const row = /\*\*([\d.]+) of ([\d.]+) GB ⚠\*\*/.exec(reportMarkdown([buildPlanReport('p.virtplan.json', parsed, diagnostics, catalog)]));
        if (row) assert.ok(Number(row[1]) > Number(row[2]), row[0]);
        assert.equal(!!hint[1], !!row, 'the hint and the report agree on what is over');
      }),
      { numRuns: RUNS },
    );
  });
});
