import assert from 'node:assert/strict';
import { countingReads } from '../helpers';
import { describe, it } from 'node:test';
import { generatePlan } from '../../bench/generate';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { runChecks } from '../../server/src/rules/index';
import { buildModel, type PlanModel } from '../../server/src/model/plan';
import { validateSchema } from '../../server/src/service/schema';


function work(vms: number, mutate?: (plan: Record<string, unknown>) => void): { schemaAndModel: number; rules: number } {
  const catalog = loadCatalog();
  const plan = generatePlan({ vms, mistakes: 0.02 });
  mutate?.(plan);
  const inputCounter = { reads: 0 };
  const input = countingReads(plan, inputCounter);
  validateSchema(input, catalog.planSchema);
  const model = buildModel(input, catalog) as PlanModel;
  const schemaAndModel = inputCounter.reads;
  const ruleCounter = { reads: 0 };
  const observed = countingReads(model, ruleCounter);
  runChecks(observed);
  return { schemaAndModel, rules: ruleCounter.reads };
}

describe('work grows linearly with the plan', () => {
  it('schema, model and every rule read about twice as much for a plan twice as large', () => {
    const small = work(1000);
    const large = work(2000);
    for (const part of ['schemaAndModel', 'rules'] as const) {
      const ratio = large[part] / small[part];
      assert.ok(small[part] > 1000, `${part} was observed (${small[part]} reads)`);
      assert.ok(ratio > 1.7 && ratio < 2.3, `${part}: ${small[part]} reads for 1,000 VMs, ${large[part]} for 2,000 (×${ratio.toFixed(2)})`);
    }
  });

  it('stays linear when the plan is full of mistakes: the second half of the VMs repeats the names of the first half', () => {
    const sameName = (plan: Record<string, unknown>) => {
      const vms = plan.vms as Array<Record<string, unknown>>;
      const half = vms.length / 2;
      for (let i = half; i < vms.length; i++) vms[i].name = vms[i - half].name;
    };
    const ratio = work(2000, sameName).rules / work(1000, sameName).rules;
    assert.ok(ratio > 1.7 && ratio < 2.3, `rules ×${ratio.toFixed(2)} for twice the duplicates`);
  });

  it('the counter does see quadratic work', () => {
    const counter = { reads: 0 };
    const quadratic = (n: number) => {
      const list = countingReads(Array.from({ length: n }, (_, i) => ({ i })), counter);
      counter.reads = 0;
      for (const a of list) for (const b of list) void (a.i === b.i);
      return counter.reads;
    };
    assert.ok(quadratic(200) / quadratic(100) > 3.5);
  });
});
