import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { parsePlan } from '../../server/src/json/parse';
import { PlanVersion } from '../../server/src/service/plan-version';
import { findDuplicateKeys } from '../../server/src/service/schema';
import { validatePlan, type SeveritySetting } from '../../server/src/service/validate';
import { parseTarget, whatIf, type WhatIfResult } from '../../server/src/service/whatif';
import { whatIfResponse } from '../../server/src/service/whatif-editor';
import { formatWhatIfJson, formatWhatIfText } from '../../server/src/cli/whatif';
import { plainWhatIf } from './whatif-oracle';
import { generatePlanText } from '../../bench/generate';

const catalog = loadCatalog();
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);


/** Generated plans of hosts in clusters, with comments or without, edited here and there as planners do. */
const caseArb = fc.record({
  vms: fc.integer({ min: 20, max: 400 }),
  seed: fc.nat(1000),
  mistakes: fc.constantFrom(0, 0.05, 0.3),
  comments: fc.boolean(),
  disableLine: fc.boolean(),
  duplicate: fc.boolean(),
  missingGuest: fc.boolean(),
  unsuppressed: fc.boolean(),
  to: fc.constantFrom('hyperv-2008-r2', 'hyperv-2008', 'hyperv-2008:standard', 'vmware-esx-3.5', 'hyperv-2008-r2:datacenter'),
  hosts: fc.option(fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }), { nil: undefined }),
  severities: fc.option(fc.constantFrom<Record<string, SeveritySetting>>({ 'boot-disk-not-ide': 'off' }, { 'edition-required': 'warning', schema: 'information' }), { nil: undefined }),
  defaultReserve: fc.option(fc.constantFrom(0, 2), { nil: undefined }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function planFor(c: Case): string {
  let text = generatePlanText({ vms: c.vms, seed: c.seed, comments: c.comments, mistakes: c.mistakes });
  // A duplicate key, a VM without its guest, a line silenced by a comment.
  if (c.duplicate) text = text.replace('"memoryGB": 256', '"memoryGB": 128, "memoryGB": 256');
  if (c.missingGuest) text = text.replace(/"guest": \{[^}]*\},/, '');
  // Without the plan-wide `suppress` list, findings on an edition the retargeting adds, which the text does not hold.
  if (c.unsuppressed) text = text.replace(/,\s*"suppress": \[[^\]]*\]/, '');
  if (c.disableLine) text = text.replace(/\n(\s*)("disks": \[)/, '\n$1// virtplan-disable-next-line boot-disk-not-ide\n$1$2');
  return text;
}

describe('what-if says what the plain comparison says', () => {
  it('the same fixed, introduced and kept diagnostics, ranges and CLI and editor output, on generated plans', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const text = planFor(c);
        const hosts = c.hosts?.map((i) => `host-${String(i).padStart(5, '0')}`);
        const options = { ...(hosts ? { hosts } : {}), ...(c.severities ? { severities: c.severities } : {}), ...(c.defaultReserve !== undefined ? { defaultReserve: c.defaultReserve } : {}) };
        const expected = plainWhatIf(text, c.to, options, catalog);
        for (const parsed of [parsePlan(text), new PlanVersion(parsePlan(text), catalog)]) {
          const actual = whatIf(parsed, parseTarget(c.to, catalog), { ...options, catalog });
          assert.deepEqual(actual.fixed, expected.fixed);
          assert.deepEqual(actual.introduced, expected.introduced);
          assert.deepEqual(actual.kept, expected.kept);
          assert.deepEqual([...actual.keptFrom].map(([a, b]) => [a, b]), [...expected.keptFrom].map(([a, b]) => [a, b]));
          assert.deepEqual(actual.moved, expected.moved);
          assert.equal(actual.hasError, expected.hasError);
          const reports = (result: WhatIfResult) => [{ path: 'plan.virtplan.json', result: { ...result, notes: [] } }];
          assert.equal(formatWhatIfText(reports(actual)), formatWhatIfText(reports(expected)));
          assert.equal(formatWhatIfJson(reports(actual)), formatWhatIfJson(reports(expected)));
          assert.deepEqual(whatIfResponse({ ...actual, notes: [] }, 'plan'), whatIfResponse(expected, 'plan'));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a value checked against the text it was not read from is placed as every check places it, unwritten pointers on their nearest written parent', () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.tuple(fc.nat(40), fc.constantFrom('live', 'overcommit', 'arch')), { minLength: 1, maxLength: 6 }), (c, changes) => {
        const parsed = parsePlan(planFor(c));
        // Properties the text does not hold, given to hosts and VMs of the value only.
        const value = structuredClone(parsed.value) as { hosts: Array<Record<string, unknown>>; vms: Array<Record<string, unknown>> };
        for (const [i, change] of changes) {
          if (change === 'live' && value.vms.length) value.vms[i % value.vms.length].migration = 'live';
          const host = value.hosts[i % value.hosts.length];
          if (change === 'overcommit') host.features = { memoryOvercommit: true, pageSharing: true };
          if (change === 'arch') host.hardware = { ...(host.hardware as object), arch: 'x86' };
        }
        const duplicateKeys = findDuplicateKeys(parsed);
        const options = { catalog, duplicateKeys, ...(c.severities ? { severities: c.severities } : {}) };
        assert.deepEqual(validatePlan({ ...parsed, value }, { ...options, sameTextAs: parsed }), validatePlan({ ...parsed, value }, options));
      }),
      { numRuns: RUNS },
    );
  });
});
