import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PlanDocument } from '../../server/src/document';
import { parsePlan, stillBroken, type ParsedPlan } from '../../server/src/json/parse';
import { reparse } from '../../server/src/json/reparse';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { PlanVersion } from '../../server/src/service/plan-version';
import { validatePlan } from '../../server/src/service/validate';
import { generatePlanText } from '../../bench/generate';
import { typingVariants } from '../../bench/typing';
import { damagedPlanArb, jsonTextArb, placeEdit, type TypedEdit } from './typed-plans';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { DUPLICATE_KEYS } from '../../server/src/service/schema';


const fraction = fc.double({ min: 0, max: 0.999, noNaN: true });
const editArb: fc.Arbitrary<TypedEdit> = fc.record({
  target: fc.constantFrom('number', 'number', 'number', 'string', 'string', 'string', 'anywhere'),
  which: fraction,
  at: fraction,
  removed: fc.constantFrom(0, 0, 1, 1, 2, 5),
  text: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('', '7', '0', '12', '-', '.', 'e', '.5', 'x', ' ', '\t', 'a b', 'é', '😀') },
    { weight: 1, arbitrary: fc.constantFrom(',', '"', '}', '\\', '/') },
  ),
});

/** Damaged plans, mostly ones the reparse may take: an object with a syntax error, no key written twice. */
const brokenPlanArb = fc.oneof(
  { weight: 9, arbitrary: damagedPlanArb.filter((text) => ((p) => p.syntaxErrors.length > 0 && p.keysStoredTwice === 0 && typeof p.value === 'object')(parsePlan(text))) },
  { weight: 1, arbitrary: damagedPlanArb },
);


const catalog = loadCatalog();

function places(parsed: ParsedPlan): unknown {
  const p = parsed.places;
  if (!p) return undefined;
  const n = p.count;
  return { count: n, kind: [...p.kind.slice(0, n)], start: [...p.start.slice(0, n)], end: [...p.end.slice(0, n)], keyStart: [...p.keyStart.slice(0, n)], keyLength: [...p.keyLength.slice(0, n)], next: [...p.next.slice(0, n)], keys: p.keys.slice(0, n) };
}

/** The reparse, when it answers, must be the fresh parse: value (keys in order), errors, places and diagnostics. */
function assertSame(reparsed: ParsedPlan, text: string, diagnose: boolean): void {
  const fresh = parsePlan(text);
  assert.equal(reparsed.text, text);
  assert.equal(reparsed.source, fresh.source);
  assert.deepStrictEqual(reparsed.value, fresh.value);
  assert.equal(JSON.stringify(reparsed.value), JSON.stringify(fresh.value));
  assert.deepStrictEqual(reparsed.syntaxErrors, fresh.syntaxErrors);
  assert.equal(reparsed.keysStoredTwice, fresh.keysStoredTwice);
  assert.deepStrictEqual(places(reparsed), places(fresh));
  if (diagnose) assert.deepStrictEqual(validatePlan(new PlanVersion(reparsed, catalog), { catalog }), validatePlan(new PlanVersion(fresh, catalog), { catalog }));
}

/**
 * Types the edits into a document, version by version, and every `every` versions reads the
 * text again from the last reading (reparse, or a fresh parse where it declines): the
 * readings chain, as an open plan's versions do in the server.
 */
function typeInto(initial: string, edits: TypedEdit[], every: number, diagnose: boolean): { reparsed: number; declined: number } {
  const document = PlanDocument.create('file:///p.virtplan.json', 'virtplan', 1, initial);
  let previous = parsePlan(initial);
  let previousVersion = 1;
  let text = initial;
  let reparsed = 0;
  let declined = 0;
  edits.forEach((edit, i) => {
    const { offset, removed } = placeEdit(text, edit, edit.removed > 2 ? 3 : 0);
    const oracle = TextDocument.create('file:///p.virtplan.json', 'virtplan', 1, text);
    const range = { start: oracle.positionAt(offset), end: oracle.positionAt(offset + removed) };
    PlanDocument.update(document, [{ range, text: edit.text }], i + 2);
    text = document.getText();
    if ((i + 1) % every !== 0 && i !== edits.length - 1) return;
    const changes = document.changesSince(previousVersion);
    assert.ok(changes);
    const again = reparse(previous, text, changes);
    if (again) {
      reparsed++;
      assertSame(again, text, diagnose);
    } else declined++;
    previous = again ?? parsePlan(text);
    previousVersion = i + 2;
  });
  return { reparsed, declined };
}

describe('reading a broken plan again after edits inside its strings and numbers', () => {
  it('gives what a fresh parse gives, for random edits to damaged plans, read after each edit or a few', () => {
    let reparsed = 0;
    let declined = 0;
    fc.assert(
      fc.property(brokenPlanArb, fc.array(editArb, { minLength: 1, maxLength: 12 }), fc.constantFrom(1, 1, 2, 3), (text, edits, every) => {
        const counts = typeInto(text, edits, every, true);
        reparsed += counts.reparsed;
        declined += counts.declined;
      }),
      { numRuns: 1500 },
    );
    // Not vacuous: a good share of the readings took the reparse (about 400 in a run; the edits are random).
    assert.ok(reparsed > 250, `reparsed ${reparsed}, declined ${declined}`);
  });

  it('gives what a fresh parse gives on a generated plan with each error a planner leaves', () => {
    const text = generatePlanText({ vms: 150 });
    let reparsed = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (variant, edits, every) => {
        reparsed += typeInto(typingVariants(text)[variant][1], edits, every, false).reparsed;
      }),
      { numRuns: 150 },
    );
    // About 60 in a run, 47 seen at the least: well under that would mean the path is no longer taken.
    assert.ok(reparsed > 20, `reparsed ${reparsed}`);
  });

  it('declines for a valid plan, a key written twice, and an edit next to an error', () => {
    const valid = '{"hosts": [{"name": "a", "sockets": 2}]}';
    const at = valid.indexOf('2');
    assert.equal(reparse(parsePlan(valid), valid.slice(0, at) + '4' + valid.slice(at + 1), [{ offset: at, removed: 1, text: '4', plain: true }]), undefined);
    const twice = '{"a": 1, "a": 2 "b": 3}';
    assert.equal(reparse(parsePlan(twice), twice.replace('1', '5'), [{ offset: twice.indexOf('1'), removed: 1, text: '5', plain: true }]), undefined);
    // `2 "b"` lacks a comma: removing the space would not mend it, but 2 is next to the error.
    const missing = '{"a": 1, "c": 2"b": 3}';
    const two = missing.indexOf('2');
    assert.equal(reparse(parsePlan(missing), missing.replace('2', '24'), [{ offset: two + 1, removed: 0, text: '4', plain: true }]), undefined);
    const one = missing.indexOf('1');
    const edited = missing.replace('1', '15');
    const again = reparse(parsePlan(missing), edited, [{ offset: one + 1, removed: 0, text: '5', plain: true }]);
    assert.ok(again);
    assertSame(again, edited, true);
  });

  it('goes straight to the tolerant parse only when that gives what the whole path gives: changes after the first error', () => {
    let straight = 0;
    fc.assert(
      fc.property(
        brokenPlanArb,
        fc.array(fc.record({ at: fraction, removed: fc.constantFrom(0, 1, 3), text: fc.constantFrom('', 'x', '1', ',', '"', '}', ']', '{', '//', '/*', '*/', ' ', '\n', '"a": 1') }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (initial, edits, afterError) => {
          const previous = parsePlan(initial);
          let text = initial;
          const changes = edits.map((edit) => {
            const from = afterError && previous.syntaxErrors.length ? Math.min(text.length, previous.syntaxErrors[0].offset + previous.syntaxErrors[0].length + 1) : 0;
            const offset = from + Math.floor(edit.at * (text.length - from + 1));
            const removed = Math.min(edit.removed, text.length - offset);
            text = text.slice(0, offset) + edit.text + text.slice(offset + removed);
            return { offset, removed, text: edit.text, plain: false };
          });
          if (!stillBroken(previous, changes)) return;
          straight++;
          const whole = parsePlan(text);
          const direct = parsePlan(text, true);
          assert.deepStrictEqual(direct.value, whole.value);
          assert.deepStrictEqual(direct.syntaxErrors, whole.syntaxErrors);
          assert.equal(direct.keysStoredTwice, whole.keysStoredTwice);
          assert.deepStrictEqual(places(direct), places(whole));
        },
      ),
      { numRuns: 3000 },
    );
    assert.ok(straight > 500, `straight ${straight}`);
  });
});

describe('a new version read from the one before it, through the language service', () => {
  const service = new PlanLanguageService(catalog);

  /** Types the edits version by version; every `every` versions reads the text from the last version read, as the server does. */
  function typeThrough(initial: string, edits: TypedEdit[], every: number): { read: number } {
    const document = PlanDocument.create('file:///p.virtplan.json', 'virtplan', 1, initial);
    let previous = service.parse(initial);
    validatePlan(previous, { catalog });
    let previousVersion = 1;
    let text = initial;
    let read = 0;
    edits.forEach((edit, i) => {
      const { offset, removed } = placeEdit(text, edit, edit.removed > 2 ? 3 : 0);
      const oracle = TextDocument.create('file:///p.virtplan.json', 'virtplan', 1, text);
      PlanDocument.update(document, [{ range: { start: oracle.positionAt(offset), end: oracle.positionAt(offset + removed) }, text: edit.text }], i + 2);
      text = document.getText();
      if ((i + 1) % every !== 0 && i !== edits.length - 1) return;
      const version = service.parseFrom(previous, text, document.changesSince(previousVersion));
      const fresh = service.parse(text);
      if (version.kept(DUPLICATE_KEYS) !== undefined) read++;
      assert.deepStrictEqual(version.value, fresh.value);
      assert.equal(JSON.stringify(version.value), JSON.stringify(fresh.value));
      assert.deepStrictEqual(version.syntaxErrors, fresh.syntaxErrors);
      assert.deepStrictEqual(places(version), places(fresh));
      assert.deepStrictEqual(validatePlan(version, { catalog }), validatePlan(fresh, { catalog }));
      previous = version;
      previousVersion = i + 2;
    });
    return { read };
  }

  it('gives what a fresh parse gives, for random edits to valid plans (keys written twice among them)', () => {
    let read = 0;
    const validArb = fc.oneof(
      fc.integer({ min: 1, max: 12 }).map((vms) => generatePlanText({ vms })),
      jsonTextArb,
      damagedPlanArb.filter((text) => parsePlan(text).syntaxErrors.length === 0),
    );
    fc.assert(
      fc.property(validArb, fc.array(editArb, { minLength: 1, maxLength: 10 }), fc.constantFrom(1, 1, 2, 3), (text, edits, every) => {
        read += typeThrough(text, edits, every).read;
      }),
      { numRuns: 600 },
    );
    // The edits are random: about one version in four is read from the one before; well under that would mean the path is no longer taken.
    assert.ok(read > 60, `read from the version before ${read} times`);
  });

  it('reads afresh, and does not fail, when the value edited sits under a key written twice whose later value is not a container', () => {
    for (const text of ['[{"a": {"": "0"}, "a": null}]', '{"a": [1, 2], "a": 3}', '{"a": {"b": "x"}, "a": {"c": 1}}']) {
      typeThrough(text, [{ target: 'number', which: 0, at: 0, removed: 0, text: '' }, { target: 'string', which: 0, at: 1, removed: 0, text: '7' }], 1);
    }
  });

  it('reads a valid plan from the version before when a number in it was retyped', () => {
    const text = generatePlanText({ vms: 20 });
    const { read } = typeThrough(text, [{ target: 'number', which: 0.5, at: 0, removed: 1, text: '9' }], 1);
    assert.equal(read, 1);
  });

  it('gives what a fresh parse gives, for random edits to broken plans', () => {
    fc.assert(
      fc.property(brokenPlanArb, fc.array(editArb, { minLength: 1, maxLength: 10 }), fc.constantFrom(1, 2, 3), (text, edits, every) => void typeThrough(text, edits, every)),
      { numRuns: 400 },
    );
  });
});
