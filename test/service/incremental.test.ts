import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generatePlanText } from '../../bench/generate';
import { loadCatalog } from '../../server/src/catalog/catalog';
import type { PlanModel } from '../../server/src/model/plan';
import type { Finding } from '../../server/src/rules/finding';
import { allAtOnce, checkSteps, RULES } from '../../server/src/rules/index';
import type { Rule } from '../../server/src/rules/rule';
import { ACROSS_VMS, ONE_VM_RULES, vmIndexOf } from '../../server/src/service/incremental';
import { PlanVersion } from '../../server/src/service/plan-version';
import { parsePlan } from '../../server/src/json/parse';
import { planText } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';
import { VM_CASES } from './rule-cases-vms';

const catalog = loadCatalog();

/** Models the VM checks run over: each VM rule's trigger, the examples, and generated plans full of mistakes (more VMs naming no host than get a suggestion). */
function models(): PlanModel[] {
  const examples = readdirSync(join(repoRoot(), 'examples'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.virtplan.json'));
  const texts = [
    ...VM_CASES.map((c) => planText(c.trigger)),
    ...examples.map((name) => readFileSync(join(repoRoot(), 'examples', name), 'utf8')),
    generatePlanText({ vms: 300, mistakes: 0.9 }),
    generatePlanText({ vms: 200, seed: 7, mistakes: 0.5 }),
  ];
  return texts.flatMap((text) => {
    const model = new PlanVersion(parsePlan(text), catalog).model;
    return model ? [model] : [];
  });
}

function run(model: PlanModel, rule: Rule): Finding[] {
  return allAtOnce(checkSteps(model, { defaultReserve: 1 }, [rule]));
}

describe('what a check started from the one before takes for granted of the VM checks', () => {
  const all = models();
  const vmRules = RULES.filter((rule) => rule.checkEachVm && !rule.check);

  it('every VM check reports inside the VM it checks', () => {
    for (const model of all) {
      for (const rule of vmRules) {
        const indexes = new Set(model.vms.map((vm) => vm.index));
        for (const finding of run(model, rule)) assert.ok(indexes.has(vmIndexOf(finding.pointer)), `${rule.code}: ${finding.pointer}`);
      }
    }
  });

  it('a VM check not counted as looking across VMs finds for each VM, checked alone, what it finds for it among all', () => {
    let found = 0;
    for (const model of all) {
      for (const rule of ONE_VM_RULES) {
        const among = run(model, rule);
        for (const vm of model.vms) {
          const expected = among.filter((finding) => vmIndexOf(finding.pointer) === vm.index);
          assert.deepStrictEqual(run({ ...model, vms: [vm] }, rule), expected, `${rule.code}, VM ${vm.index}`);
          found += expected.length;
        }
      }
    }
    assert.ok(found > 100, `${found} findings compared`);
  });

  it('a VM check counted as looking across VMs does, and a VM it reports nothing on changes nothing it finds for the others', () => {
    for (const code of ACROSS_VMS) {
      const rule = RULES.find((r) => r.code === code)!;
      assert.ok(rule.checkEachVm && !rule.check, code);
      let differs = false;
      for (const model of all) {
        const among = run(model, rule);
        for (const vm of model.vms) {
          const own = among.filter((finding) => vmIndexOf(finding.pointer) === vm.index);
          if (JSON.stringify(run({ ...model, vms: [vm] }, rule)) !== JSON.stringify(own)) differs = true;
          if (own.length || vm.index % 7 !== 0) continue;
          assert.deepStrictEqual(run({ ...model, vms: model.vms.filter((other) => other !== vm) }, rule), among, `${code}, without VM ${vm.index}`);
        }
      }
      assert.ok(differs, `${code} finds for each VM alone what it finds among all: it need not be counted as looking across VMs`);
    }
  });
});
