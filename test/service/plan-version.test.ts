import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { parsePlan } from '../../server/src/json/parse';
import { buildModel } from '../../server/src/model/plan';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { PlanVersion, type ModelBuilder } from '../../server/src/service/plan-version';
import { planText } from '../helpers';

const catalog = loadCatalog();
const service = new PlanLanguageService(catalog);
const URI = 'file:///plan.virtplan.json';

/** The real model builder, counting its calls. */
function counting(): { build: ModelBuilder; builds: number } {
  const counter = {
    builds: 0,
    build: ((value, cat) => {
      counter.builds++;
      return buildModel(value, cat);
    }) as ModelBuilder,
  };
  return counter;
}

// A VM with more virtual processors than its host's product gives one: a finding with a quick fix.
const text = planText((p) => {
  p.vms[0].vcpus = 64;
});
const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
const at = (needle: string, after = 2) => parsePlan(text).lines.positionAt(text.indexOf(needle) + after);

/** What an editor asks of a version after an edit: diagnostics, then every feature that reads the model. */
function everyFeature(version: PlanVersion) {
  const diagnostics = service.validate(version, { defaultReserve: 1 });
  const product = at('"hyperv-2008"');
  return {
    diagnostics,
    hover: [service.hover(version, product), service.hover(version, at('"name": "hv-01"', 10)), service.hover(version, at('"host": "hv-01"', 10))],
    completion: service.complete(version, at('"host": "hv-01"', 10), { snippetSupport: true }),
    hints: service.inlayHints(version, whole, 1),
    lenses: service.codeLenses(version, 1),
    quickFixes: service.codeActions(version, URI, diagnostics),
    retarget: service.retargetActions(version, URI, product),
    symbols: service.symbols(version, 100),
    report: service.report(version, 'plan.virtplan.json', { defaultReserve: 1 }),
  };
}

describe('one version of a plan, one model', () => {
  it('keeps every field of the parse it is made from, valid or broken', () => {
    for (const text of [planText(), planText().slice(0, -40), '\uFEFF{"hosts": [}']) {
      const parsed = parsePlan(text);
      const version = new PlanVersion(parsed, loadCatalog());
      for (const [field, value] of Object.entries(parsed)) assert.equal((version as unknown as Record<string, unknown>)[field], value, field);
    }
  });

  it('validation and every feature read one model, built once', () => {
    const counter = counting();
    const version = new PlanVersion(parsePlan(text), catalog, counter.build);
    const answers = everyFeature(version);
    assert.ok(answers.quickFixes.length > 0, 'the plan has a finding to fix');
    assert.ok(answers.hints.length > 0 && answers.lenses.length > 0 && answers.retarget.length > 0 && answers.hover.every(Boolean), 'every feature answered from the model');
    assert.equal(counter.builds, 1);
    // Asked again, nothing is built again, and the diagnostics are the ones already computed.
    const again = everyFeature(version);
    assert.equal(counter.builds, 1);
    assert.equal(again.diagnostics.length, answers.diagnostics.length);
    assert.equal(service.validate(version, { defaultReserve: 1 })[0].message, answers.diagnostics[0].message);
  });

  it('a new version builds its own model once, and answers as a fresh one would', () => {
    const counter = counting();
    const first = new PlanVersion(parsePlan(text), catalog, counter.build);
    everyFeature(first);
    const edited = text.replace('"vcpus": 64', '"vcpus": 3');
    assert.notEqual(edited, text);
    const second = new PlanVersion(parsePlan(edited), catalog, counter.build);
    const answers = everyFeature(second);
    assert.equal(counter.builds, 2);
    assert.notEqual(second.model, first.model);
    assert.deepEqual(answers.hints, everyFeature(new PlanVersion(parsePlan(edited), catalog)).hints);
  });

  it('the capacity is made once per default reserve, and the rules read the same one', () => {
    const version = new PlanVersion(parsePlan(text), catalog);
    service.validate(version, { defaultReserve: 2 });
    const capacity = version.capacity(2);
    service.codeLenses(version, 2);
    assert.equal(version.capacity(2), capacity);
    assert.notEqual(version.capacity(1), capacity);
  });

  it('a what-if plan is checked on a model of its own, leaving the version as it was', () => {
    const counter = counting();
    const version = new PlanVersion(parsePlan(text), catalog, counter.build);
    const before = service.validate(version);
    const model = version.model;
    service.whatIf(version, 'hyperv-2008-r2', 'plan');
    assert.equal(version.model, model);
    assert.equal(counter.builds, 1);
    assert.deepEqual(service.validate(version), before);
  });
});
