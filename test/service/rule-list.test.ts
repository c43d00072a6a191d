import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import { generatePlanText } from '../../bench/generate';
import { RULE_LIST_FILES } from '../../scripts/rule-lists';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { formatSarif, type FileReport } from '../../server/src/cli/format';
import { buildModel } from '../../server/src/model/plan';
import type { Finding } from '../../server/src/rules/finding';
import { RULES, runChecks } from '../../server/src/rules/index';
import { defineRule } from '../../server/src/rules/rule';
import { schemaAt, type SchemaNode } from '../../server/src/service/schema-lookup';
import { planText } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';
import { HOST_CASES } from './rule-cases-hosts';
import { VM_CASES } from './rule-cases-vms';

const root = repoRoot();
const catalog = loadCatalog();

/** Plans the checks run over: the examples, the plans of the tests, each rule's trigger, and a generated plan. */
function plans(): Array<{ name: string; text: string }> {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? files(path) : entry.name.endsWith('.virtplan.json') ? [path] : [];
    });
  return [
    ...[...files(join(root, 'examples')), ...files(join(root, 'test'))].map((path) => ({ name: path, text: readFileSync(path, 'utf8') })),
    ...[...HOST_CASES, ...VM_CASES].map((c) => ({ name: `${c.code}: ${c.name}`, text: planText(c.trigger) })),
    { name: 'a generated plan', text: generatePlanText({ vms: 2000, mistakes: 0.2 }) },
  ];
}

/** Every check, each run on its own over every plan: what it finds, by rule. */
function findingsByRule(): Map<string, Finding[]> {
  const found = new Map<string, Finding[]>();
  for (const { text } of plans()) {
    const model = buildModel(parse(text), catalog);
    if (!model) continue;
    for (const rule of RULES) found.set(rule.code, [...(found.get(rule.code) ?? []), ...runChecks(model, undefined, [rule])]);
  }
  return found;
}

describe('the rule list', () => {
  it('holds each code once, each with a default severity and a one-sentence summary', () => {
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
    for (const rule of RULES) {
      assert.match(rule.code, /^[a-z]+(-[a-z]+)*$/, rule.code);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(rule.severity), rule.code);
      assert.match(rule.summary, /^[A-Z].*\.$/, rule.code);
    }
  });

  it('a rule without a severity or a summary does not typecheck, and does not load', () => {
    const check = () => {};
    // @ts-expect-error: no severity
    assert.throws(() => defineRule({ code: 'new-rule', summary: 'A new rule.', check }), /new-rule has no default severity/);
    // @ts-expect-error: no summary
    assert.throws(() => defineRule({ code: 'new-rule', severity: 'error', check }), /new-rule has no summary/);
    // @ts-expect-error: not a severity
    assert.throws(() => defineRule({ code: 'new-rule', severity: 'fatal', summary: 'A new rule.', check }), /no default severity/);
    assert.throws(() => defineRule({ code: 'New rule', severity: 'error', summary: 'A new rule.', check }), /not lower-case words/);
    assert.throws(() => defineRule({ code: 'new-rule', severity: 'error', summary: ' ', check }), /has no summary/);
  });

  it("every check reports only its own rule's code, and every check reports something over the plans", () => {
    const found = findingsByRule();
    for (const rule of RULES) {
      const findings = found.get(rule.code)!;
      for (const finding of findings) assert.equal(finding.code, rule.code);
      if (rule.check || rule.checkEachVm) assert.ok(findings.length > 0, `${rule.code} is seen reporting`);
    }
  });

  it("all rules run together find what each finds run alone, rule by rule in the list's order, the VM checks sharing one pass", () => {
    for (const { name, text } of plans()) {
      const model = buildModel(parse(text), catalog);
      if (!model) continue;
      const alone = RULES.flatMap((rule) => runChecks(buildModel(parse(text), catalog)!, undefined, [rule]));
      assert.deepEqual(runChecks(model), alone, name);
    }
  });

  it('a finding that carries a fix has a title for it in its rule', () => {
    for (const [code, findings] of findingsByRule()) {
      const fixes = RULES.find((r) => r.code === code)!.fixes;
      for (const { data } of findings) {
        if (data?.editions !== undefined) assert.ok(fixes?.addEdition, `${code} titles its edition fix`);
        if (data?.update !== undefined) assert.ok(fixes?.addUpdate, `${code} titles its update fix`);
        else if (data?.replacement !== undefined) assert.ok(data.key ? fixes?.rename : fixes?.replace, `${code} titles its ${data.key ? 'rename' : 'replace'} fix`);
      }
    }
  });

  it('every property shape a rule explains is a property of the plan schema', () => {
    for (const rule of RULES) {
      for (const shape of Object.keys(rule.explain ?? {})) {
        const path = shape.split('.').map((segment) => (segment === '*' ? 0 : segment));
        assert.ok(schemaAt(catalog.planSchema as SchemaNode, path), `${rule.code} explains ${shape}`);
      }
    }
  });
});

describe('what is made from the rule list', () => {
  for (const file of RULE_LIST_FILES) {
    it(`${file.path} lists every code as the rule list has it (npm run sync-settings)`, () => {
      const text = readFileSync(join(root, file.path), 'utf8');
      assert.equal(text, file.update(text, RULES));
    });
  }

  it("docs/rules.md has a section for each code, in the list's order, with its default severity", () => {
    const docs = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
    const sections = [...docs.matchAll(/^## `([a-z-]+)`\n\n(?:- )?\*\*Severity:\*\* (\w+)/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(sections, RULES.map((r) => [r.code, r.severity]));
  });

  it('SARIF describes each code used with its summary and default level', () => {
    const diagnostics: FileReport['diagnostics'] = RULES.map((rule) => ({
      code: rule.code,
      severity: rule.severity,
      message: 'm',
      pointer: '',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      offset: 0,
      length: 0,
    }));
    const sarif = JSON.parse(formatSarif([{ path: 'a.virtplan.json', diagnostics }], '0.0.0'));
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    const rules = sarif.runs[0].tool.driver.rules as Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }>;
    assert.deepEqual(
      rules.map((r) => [r.id, r.shortDescription.text, r.defaultConfiguration.level]),
      [...RULES].sort((a, b) => (a.code < b.code ? -1 : 1)).map((r) => [r.code, r.summary, level[r.severity]]),
    );
  });
});
