import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import { ConfigResolver, findConfig, mergeSeverities, parseConfig } from '../../server/src/config/config';
import { configSchema } from '../../server/src/config/schema';
import { RULES } from '../../server/src/rules/index';
import { repoRoot } from '../protocol/lsp-client';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('virtplan.config.json', () => {
  it('schemas/ holds the schema generated from the rule list (npm run sync-settings)', () => {
    const file = JSON.parse(readFileSync(join(repoRoot(), 'schemas', 'virtplan.config.schema.json'), 'utf8'));
    assert.deepEqual(file, JSON.parse(JSON.stringify(configSchema())));
  });

  it('reads severities and the failover reserve', () => {
    const { config, problems } = parseConfig('{\n  // team policy\n  "severity": {"cpu-oversubscribed": "error", "too-many-snapshots": "off"},\n  "policy": {"failoverReserve": 2},\n}', 'c.json');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.severity, { 'cpu-oversubscribed': 'error', 'too-many-snapshots': 'off' });
    assert.equal(config.policy.failoverReserve, 2);
  });

  it('locates each mistake at its key or value, with a suggestion', () => {
    const text = '{\n  "severity": {\n    "cpu-oversubscribe": "error",\n    "too-many-vcpus": "loud"\n  },\n  "polcy": {}\n}';
    const { problems } = parseConfig(text, 'c.json');
    const lines = text.split('\n');
    const at = problems.map((p) => [lines[p.range.start.line].slice(p.range.start.character, p.range.end.character), p.message]);
    assert.ok(at.some(([covered, message]) => covered === '"cpu-oversubscribe"' && /Did you mean "cpu-oversubscribed"/.test(message)));
    assert.ok(at.some(([covered, message]) => covered === '"loud"' && /must be one of off, hint, information, warning, error/.test(message)));
    assert.ok(at.some(([covered, message]) => covered === '"polcy"' && /Did you mean "policy"/.test(message)));
    assert.equal(problems.length, 3);
  });

  it('refuses to change the severity of parse-error, at its key', () => {
    for (const level of ['off', 'hint', 'warning', 'error']) {
      const text = `{"severity": {"parse-error": "${level}", "too-many-nics": "off"}}`;
      const { config, problems } = parseConfig(text, 'c.json');
      assert.deepEqual(config.severity, { 'too-many-nics': 'off' });
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /The severity of "parse-error" cannot be changed/);
      assert.deepEqual(problems[0].range.start, { line: 0, character: 14 });
    }
  });

  it('a syntax error is a problem where it is', () => {
    const { problems } = parseConfig('{"severity": {} "policy": {}}', 'c.json');
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0].range.start, { line: 0, character: 16 });
  });

  it('accepts exactly what its JSON Schema accepts', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(configSchema());
    const codes = fc.constantFrom(...RULES.map((r) => r.code), 'no-such-code', 'toString', '__proto__');
    const config = fc.dictionary(
      fc.constantFrom('severity', 'policy', '$schema', 'extra'),
      fc.oneof(
        fc.dictionary(codes, fc.oneof(fc.constantFrom('off', 'hint', 'information', 'warning', 'error', 'loud'), fc.integer())),
        fc.dictionary(fc.constantFrom('failoverReserve', 'reserve'), fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.string())),
        fc.string(),
        fc.constant(null),
      ),
    );
    fc.assert(
      fc.property(config, (value) => {
        const text = JSON.stringify(value);
        assert.equal(parseConfig(text, 'c.json').problems.length === 0, validate(JSON.parse(text)), text);
      }),
      { numRuns: RUNS },
    );
  });

  it('the nearest file wins, and none is none', () => {
    const root = mkdtempSync(join(tmpdir(), 'virtplan-config-'));
    mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
    writeFileSync(join(root, 'virtplan.config.json'), '{}');
    writeFileSync(join(root, 'a', 'b', 'virtplan.config.json'), '{"severity": {"too-many-nics": "off"}}');
    assert.equal(findConfig(join(root, 'a', 'b', 'c')), join(root, 'a', 'b', 'virtplan.config.json'));
    assert.equal(findConfig(join(root, 'a')), join(root, 'virtplan.config.json'));
    const resolver = new ConfigResolver();
    assert.deepEqual(resolver.forPlan(join(root, 'a', 'b', 'c', 'p.virtplan.json')).config.severity, { 'too-many-nics': 'off' });
    assert.equal(new ConfigResolver(false).fileFor(join(root, 'a', 'p.virtplan.json')), undefined);
    assert.equal(new ConfigResolver('/x/y.json').fileFor(join(root, 'a', 'p.virtplan.json')), '/x/y.json');
  });

  it('a file open in the editor and not yet saved applies to the plans below it until it is closed', () => {
    const root = mkdtempSync(join(tmpdir(), 'virtplan-config-'));
    mkdirSync(join(root, 'a'), { recursive: true });
    writeFileSync(join(root, 'virtplan.config.json'), '{"severity": {"too-many-vcpus": "off"}}');
    const plan = join(root, 'a', 'p.virtplan.json');
    const resolver = new ConfigResolver();
    assert.deepEqual(resolver.forPlan(plan).config.severity, { 'too-many-vcpus': 'off' });
    const unsaved = join(root, 'a', 'virtplan.config.json');
    resolver.edit(unsaved, '{"severity": {"too-many-nics": "off"}}');
    assert.equal(resolver.fileFor(plan), unsaved);
    assert.deepEqual(resolver.forPlan(plan).config.severity, { 'too-many-nics': 'off' });
    resolver.edit(unsaved, undefined);
    assert.deepEqual(resolver.forPlan(plan).config.severity, { 'too-many-vcpus': 'off' });
  });

  it('the editor setting wins over the file for the codes it names', () => {
    assert.deepEqual(mergeSeverities({ severity: { 'too-many-nics': 'off', 'too-many-vcpus': 'warning' }, policy: {} }, { 'too-many-nics': 'error' }), {
      'too-many-nics': 'error',
      'too-many-vcpus': 'warning',
    });
  });
});
