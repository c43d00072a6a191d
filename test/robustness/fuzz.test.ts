import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'jsonc-parser';
import { checkText } from '../../server/src/service/check';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { resolvePointer } from '../../server/src/json/pointer';
import { planText } from '../helpers';
import { assertNothingLeaks, PROTOTYPE_NAMES, prototypePlans } from './prototype-names';
import { repoRoot } from '../protocol/lsp-client';

/** How many cases each property runs: a few thousand in `npm test`, 100,000 in `npm run fuzz`. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const service = new PlanLanguageService();

const seeds = [
  ...readdirSync(join(repoRoot(), 'examples')).map((f) => readFileSync(join(repoRoot(), 'examples', f), 'utf8')),
  planText(),
  planText((p) => (p.vms[0].migration = 'live')).replace(/\n/g, '\r\n'),
];

const TOKENS = ['{', '}', '[', ']', ',', ':', '"', '""', '"name"', '"hosts"', '"vms"', '"product"', 'null', 'true', '-0', '1e400', '0.5', '//', '/*', '*/', '\\', '\u0000', '\uD800', '😀', '\r\n', '\n', ' ', '"hyperv-2008"', '"live"', '[[[[', '}}}}', '"__proto__"', '"constructor"', '"valueOf"', '"__proto__": {"vcpus": 64}', '"\\u006eame"'];

type Mutation = (text: string) => string;

const at = (text: string, position: number) => Math.min(text.length, Math.max(0, Math.floor(position * (text.length + 1))));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([p, n]): Mutation => (t) => t.slice(0, at(t, p)) + t.slice(at(t, p) + n)),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TOKENS)).map(([p, token]): Mutation => (t) => t.slice(0, at(t, p)) + token + t.slice(at(t, p))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 8 })).map(([p, s]): Mutation => (t) => t.slice(0, at(t, p)) + s + t.slice(at(t, p))),
  fc.double({ min: 0, max: 1, noNaN: true }).map((p): Mutation => (t) => t.slice(0, at(t, p))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]): Mutation => (t) => {
    const [i, j] = [at(t, a), at(t, b)].sort((x, y) => x - y);
    return i === j ? t : t.slice(0, i) + t[j] + t.slice(i + 1, j) + t[i] + t.slice(j + 1);
  }),
  // Duplicate an object: the text between a { and its matching }.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]): Mutation => (t) => {
    const start = t.indexOf('{', at(t, a));
    if (start < 0) return t;
    let depth = 0;
    for (let i = start; i < t.length; i++) {
      if (t[i] === '{') depth++;
      else if (t[i] === '}' && --depth === 0) return t.slice(0, at(t, b)) + t.slice(start, i + 1) + t.slice(at(t, b));
    }
    return t;
  }),
  // Change a value's type.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('"x"', '12', '[]', '{}', 'null', 'false', '-1', '3.5')).map(([p, value]): Mutation => (t) => {
    const colon = t.indexOf(':', at(t, p));
    if (colon < 0) return t;
    const end = t.slice(colon + 1).search(/[,}\]\n]/);
    return end < 0 ? t : t.slice(0, colon + 1) + ' ' + value + t.slice(colon + 1 + end);
  }),
);

const mutatedPlan = fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([seed, ms]) => ms.reduce((t, m) => m(t), seed));

function checkInvariants(text: string): void {
  const first = checkText(text);
  const { parsed, diagnostics } = first;
  for (const d of diagnostics) {
    assert.ok(d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length, `${d.code} range inside the document`);
    assert.ok(d.range.start.line <= d.range.end.line, `${d.code} range ordered`);
    assert.deepEqual(parsed.lines.positionAt(d.offset), d.range.start);
    if (d.code !== 'parse-error') {
      assert.ok(d.pointer === '' || resolvePointer(parsed.value, d.pointer) !== undefined, `${d.code} pointer ${d.pointer} resolves`);
    }
  }
  if (parsed.syntaxErrors.length === 0) {
    // With no syntax error, a value diagnostic's range holds exactly the value its pointer names.
    for (const d of diagnostics) {
      const value = resolvePointer(parsed.value, d.pointer);
      const covered = text.slice(d.offset, d.offset + d.length);
      const key = d.pointer.split('/').pop()?.replace(/~1/g, '/').replace(/~0/g, '~');
      if (d.code === 'schema' && (d.message.startsWith('Unknown property') || d.message.includes('written twice'))) {
        assert.equal(parse(covered), key, `${d.code} at ${d.pointer} covers its key`);
        continue;
      }
      if (typeof value !== 'object' || value === null) assert.deepEqual(parse(covered), value, `${d.code} at ${d.pointer} covers its value`);
    }
  }
  assert.deepEqual(checkText(text).diagnostics, diagnostics, 'the same input gives the same diagnostics');
}

function probeFeatures(text: string, positions: number[]): void {
  const parsed = service.parse(text);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const p of positions) {
    const position = { line: Math.floor(p * lines), character: Math.floor(p * 97) % 80 };
    service.hover(parsed, position);
    service.complete(parsed, position, { snippetSupport: true, triggerSuggest: true });
    service.definition(parsed, position, 'file:///x');
    service.prepareRename(parsed, position);
  }
  service.symbols(parsed, 1000);
  service.codeActions(parsed, 'file:///x', service.validate(parsed));
}

describe(`fuzzing the service (${RUNS} cases a property)`, () => {
  it('never throws; ranges inside the document; pointers resolve; deterministic', () => {
    fc.assert(fc.property(mutatedPlan, (text) => checkInvariants(text)), { numRuns: RUNS });
  });

  it('hover, completion, navigation, symbols and actions answer anywhere', () => {
    fc.assert(fc.property(mutatedPlan, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }), (text, positions) => probeFeatures(text, positions)), {
      numRuns: Math.max(50, Math.floor(RUNS / 2)),
    });
  });

  it('an unclosed comment after a container left open', () => {
    // jsonc-parser ends the open containers one past the text; found after 1,617 cases.
    for (const text of ['[{"name": "p"}\n/*', '{"name":"p","a":1,"a":[2 /*']) checkInvariants(text);
  });

  it('prototype names as keys and values, with syntax damage beside them', () => {
    // `__proto__` too: the recovering parser makes it an own key, as the fast path does.
    const damaged = fc.tuple(prototypePlans(PROTOTYPE_NAMES), fc.array(mutation, { maxLength: 3 })).map(([text, ms]) => ms.reduce((t, m) => m(t), text));
    fc.assert(
      fc.property(damaged, (text) => {
        checkInvariants(text);
        // Hovers on damaged text are probed for throwing above; here the messages and fixes.
        assertNothingLeaks(text, false);
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 4)) },
    );
  });

  it('random JSON values as plans', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => checkInvariants(JSON.stringify(value, null, 1))), { numRuns: RUNS });
  });
});
