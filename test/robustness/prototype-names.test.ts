import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { diagnose, planText } from '../helpers';
import { assertNothingLeaks, PROTOTYPE_NAMES, prototypePlan, prototypePlanText, SLOT_NAMES } from './prototype-names';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const service = new PlanLanguageService();

describe('plan text that names an Object.prototype member is never taken for a catalog value', () => {
  for (const name of PROTOTYPE_NAMES) {
    it(`"${name}" in every name and id slot`, () => {
      const written = name === '__proto__' ? '__proto_x__' : name;
      for (const slot of SLOT_NAMES) assertNothingLeaks(prototypePlanText([[slot, written]]));
    });
  }

  it('a guest os named "valueOf" or "__proto__" has no vCPU limit of its own', () => {
    for (const os of ['valueOf', '__proto__', 'constructor', 'toString']) {
      const codes = diagnose(planText((p) => ((p.vms[0].guest.os = os), (p.vms[0].vcpus = 4)))).map((d) => d.code);
      assert.ok(!codes.includes('guest-vcpus-unsupported'), `${os}: ${codes.join(', ')}`);
      assert.ok(codes.includes('schema'), `${os} is reported as an unknown guest`);
    }
  });

  it('a hot add item named "toString" is not an item the product lacks', () => {
    const text = planText((p) => ((p.hosts[0].product = 'hyperv-2008'), (p.hosts[0].features = { hotAdd: ['toString', 'constructor', 'cpu'] })));
    const hotAdd = diagnose(text).filter((d) => d.code === 'hot-add-unsupported');
    assert.deepEqual(hotAdd.map((d) => d.pointer), ['/hosts/0/features/hotAdd/2'], 'only "cpu" is named');
    assert.match(hotAdd[0].message, /cannot add virtual processors/);
  });

  it('an edition named "constructor" is no edition: the edition\'s limits are not skipped silently', () => {
    const text = planText((p) => (p.hosts[0].edition = 'constructor'));
    const parsed = service.parse(text);
    const messages = service.validate(parsed).map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
    assert.ok(messages.some((m) => /constructor/.test(m)), 'the edition is reported');
    assertNothingLeaks(text);
  });

  it(`random prototype names in random slots (${RUNS} cases)`, () => {
    fc.assert(fc.property(prototypePlan, (text) => assertNothingLeaks(text)), { numRuns: Math.max(100, Math.floor(RUNS / 4)) });
  });
});
