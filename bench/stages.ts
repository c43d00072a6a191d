import { loadCatalog } from '../server/src/catalog/catalog';
import { countValue } from '../server/src/json/counts';
import { parsePlan } from '../server/src/json/parse';
import { buildModel } from '../server/src/model/plan';
import { capacityOf } from '../server/src/model/capacity';
import { RULES, runChecks } from '../server/src/rules/index';
import { checkText } from '../server/src/service/check';
import { validatePlan } from '../server/src/service/validate';
import { PlanVersion } from '../server/src/service/plan-version';
import { findDuplicateKeys, validateSchema } from '../server/src/service/schema';
import { generatePlanText } from './generate';
import { median, ms, say } from './measure';

/**
 * The full check's stages one by one on the same plan, each run in turn with the others (so a
 * change of the machine's load meets all of them): `node out/bench/run.js --stages [VMs] [runs]`.
 * Each stage works on a value and model made before the timing, so it is timed alone.
 */
export function stages(vms: number, runs: number): void {
  const text = generatePlanText({ vms });
  const catalog = loadCatalog();
  const value = JSON.parse(text) as unknown;
  const model = buildModel(value, catalog)!;
  const parsed = parsePlan(text);
  validatePlan(parsed);
  const work: Array<[string, () => unknown]> = [
    ['JSON.parse', () => JSON.parse(text)],
    ['full check', () => checkText(text)],
    ['parsePlan', () => parsePlan(text)],
    ['schema', () => validateSchema(value, catalog.planSchema)],
    ['model', () => buildModel(value, catalog)],
    ['capacity', () => capacityOf(model)],
    ['rules (with capacity)', () => runChecks(model)],
    ['value counts', () => countValue(JSON.parse(text))],
    ['duplicate keys (with a parse)', () => findDuplicateKeys(parsePlan(text))],
    ['validate (value counted before)', () => validatePlan(new PlanVersion(parsed, catalog))],
    ['version model (with a parse)', () => new PlanVersion(parsePlan(text), catalog).model],
  ];
  // Some stages only, for a profile or a comparison: VIRTPLAN_STAGE=<name>[,<name>…].
  const only = process.env.VIRTPLAN_STAGE?.split(',');
  if (only) work.splice(0, work.length, ...work.filter(([name]) => only.includes(name)));
  const samples = work.map(() => [] as number[]);
  for (let round = 0; round <= runs; round++) {
    work.forEach(([, run], i) => {
      const start = performance.now();
      run();
      if (round > 0) samples[i].push(performance.now() - start);
    });
  }
  say(`${vms.toLocaleString('en')} VMs, medians of ${runs} rounds:`);
  work.forEach(([name], i) => say(`  ${name.padEnd(32)} ${ms(median(samples[i]))} ms`));
  // Each stage against the first, run by run (the median of the pairs' ratios).
  work.slice(1).forEach(([name], i) => say(`  ${name.padEnd(32)} ×${median(samples[i + 1].map((t, run) => t / samples[0][run])).toFixed(2)} ${work[0][0]}`));
}

/**
 * What each stage allocates and keeps, in MB (`node --expose-gc --max-semi-space-size=512
 * out/bench/run.js --stages [VMs] alloc`): fewer allocations, fewer collections in a check.
 */
export function allocations(vms: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const text = generatePlanText({ vms });
  const catalog = loadCatalog();
  checkText(text);
  const parsed = parsePlan(text);
  const model = buildModel(parsed.value, catalog)!;
  // The least of five runs: a run may also count code the engine compiles meanwhile.
  const probe = (name: string, run: () => unknown) => {
    let allocated = Infinity;
    let retained = Infinity;
    for (let i = 0; i < 5; i++) {
      gc();
      const before = process.memoryUsage().heapUsed;
      const kept = run();
      allocated = Math.min(allocated, process.memoryUsage().heapUsed - before);
      gc();
      retained = Math.min(retained, process.memoryUsage().heapUsed - before);
      if (kept === before) say('');
    }
    say(`  ${name.padEnd(24)} ${(allocated / 1e6).toFixed(2)} MB allocated, ${(retained / 1e6).toFixed(2)} MB kept`);
  };
  probe('JSON.parse', () => JSON.parse(text));
  probe('full check', () => checkText(text));
  probe('validate (parsed before)', () => validatePlan(new PlanVersion(parsed, catalog)));
  probe('schema', () => validateSchema(parsed.value, catalog.planSchema));
  probe('model', () => buildModel(parsed.value, catalog));
  probe('rules', () => runChecks(model));
  const capacity = capacityOf(model);
  probe('capacity', () => capacityOf(model));
  probe('rules, VM checks', () => runChecks(model, undefined, RULES.filter((rule) => rule.checkEachVm)));
  probe('rules, others', () => runChecks(model, undefined, RULES.filter((rule) => !rule.checkEachVm), () => capacity));
  for (const rule of RULES) {
    probe(`  ${rule.code}`, () => runChecks(model, undefined, [rule], () => capacity));
  }
}
