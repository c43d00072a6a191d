import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { generatePlanText } from '../../bench/generate';
import { PlanDocument } from '../../server/src/document';
import { startFromBefore } from '../../server/src/service/incremental';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { SCHEMA_FINDINGS } from '../../server/src/service/validate';
import type { PlanVersion } from '../../server/src/service/plan-version';
import { damagedPlanArb, placeEdit, type TypedEdit } from './typed-plans';

const service = new PlanLanguageService();
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** A fraction spread evenly: which token of the plan, how far into it. */
const fraction = fc.integer({ min: 0, max: 999 }).map((n) => n / 1000);

/** Plans as the generator makes them (hosts in clusters, a plan-wide `suppress`), with many mistakes, and the typed plans of the other tests. */
const planArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ vms: fc.integer({ min: 10, max: 120 }), seed: fc.integer({ min: 1, max: 1e6 }), mistakes: fc.constantFrom(0.05, 0.3, 0.8) }).map((options) => generatePlanText(options)) },
  // With comments, and comments that silence the next line's diagnostics (some of them silencing nothing).
  {
    weight: 1,
    arbitrary: fc
      .record({ vms: fc.integer({ min: 10, max: 80 }), seed: fc.integer({ min: 1, max: 1e6 }), every: fc.integer({ min: 3, max: 40 }), code: fc.constantFrom('', ' too-many-vcpus', ' too-many-snapshots, live-migration-unsupported') })
      .map(({ vms, seed, every, code }) =>
        generatePlanText({ vms, seed, mistakes: 0.3, comments: true })
          .split('\n')
          .map((line, i) => (i % every === every - 1 ? `${line.match(/^\s*/)![0]}// virtplan-disable-next-line${code}\n${line}` : line))
          .join('\n'),
      ),
  },
  // More VMs that name no host than get a suggestion (the first 50 do).
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1e6 }).map((seed) => generatePlanText({ vms: 300, seed, mistakes: 0.9 })) },
  { weight: 1, arbitrary: damagedPlanArb },
  // Broken as the bench's plans are: a comma missing in the middle, or the end cut off.
  {
    weight: 1,
    arbitrary: fc.record({ vms: fc.integer({ min: 10, max: 80 }), seed: fc.integer({ min: 1, max: 1e6 }), cut: fc.boolean() }).map(({ vms, seed, cut }) => {
      const text = generatePlanText({ vms, seed, mistakes: 0.3 });
      if (cut) return text.slice(0, Math.floor(text.length * 0.9));
      const comma = text.indexOf(',', text.indexOf('"vcpus": ', text.length >> 1));
      return text.slice(0, comma) + text.slice(comma + 1);
    }),
  },
);

/**
 * An edit: a value retyped (a count, a name), a host's name retyped (the VMs that name it lose
 * their host, or find it), an edit that reaches past its token (a closing quote, the comma
 * after it) or lands anywhere, breaking the file.
 */
type Edit = TypedEdit | { target: 'host'; which: number; at: number; text: string } | { target: 'clear'; which: number };
const retypeArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ target: fc.constant('number' as const), which: fraction, at: fraction, removed: fc.constantFrom(0, 0, 1, 2), text: fc.constantFrom('', '7', '0', '1', '12', '9', '-', '.5') }),
  fc.record({ target: fc.constant('string' as const), which: fraction, at: fraction, removed: fc.constantFrom(0, 0, 1, 2), text: fc.constantFrom('', 'x', ' ', 'é', 'live', 'quick', '2008', '-r2', 'windows-', '0') }),
);
const hostArb: fc.Arbitrary<Edit> = fc.record({ target: fc.constant('host' as const), which: fraction, at: fraction, text: fc.constantFrom('', 'x', '0', '1') });
const breakingArb: fc.Arbitrary<Edit> = fc.record({
  target: fc.constantFrom('number', 'string', 'anywhere', 'end'),
  which: fraction,
  at: fraction,
  removed: fc.constantFrom(0, 1, 4, 30),
  text: fc.constantFrom(',', '"', '}', ']', '{', ':', '\n', '7', 'x', ''),
});
/** A string value emptied: a VM left without a name is called by its number. */
const clearArb: fc.Arbitrary<Edit> = fc.record({ target: fc.constant('clear' as const), which: fraction });
const editArb = fc.oneof({ weight: 12, arbitrary: retypeArb }, { weight: 2, arbitrary: hostArb }, { weight: 1, arbitrary: clearArb }, { weight: 1, arbitrary: breakingArb });

/** Where an edit lands: a host's `name` value (a character typed or taken out inside it), or as the typing tests place theirs. */
function place(text: string, edit: Edit): { offset: number; removed: number; text: string } {
  if (edit.target === 'clear') return { ...placeEdit(text, { target: 'string', which: edit.which, at: 0, removed: 1000, text: '' }), text: '' };
  if (edit.target !== 'host') return { ...placeEdit(text, edit, edit.removed > 2 ? 3 : 0), text: edit.text };
  const names = [...text.matchAll(/"name": "(host-[^"]*)"/g)];
  if (names.length === 0) return { offset: 0, removed: 0, text: '' };
  const name = names[Math.floor(edit.which * names.length)];
  const inner = name.index + name[0].length - name[1].length - 1;
  const at = inner + Math.floor(edit.at * (name[1].length + 1));
  return edit.text === '' ? { offset: Math.max(inner, at - 1), removed: at > inner ? 1 : 0, text: '' } : { offset: at, removed: 0, text: edit.text };
}

/** The diagnostics of a version, as the server publishes them. */
function diagnostics(version: PlanVersion, defaultReserve: number): unknown {
  return service.validate(version, { defaultReserve });
}

describe('the check of a version started from the check of the one before', () => {
  it('gives what a fresh check of the text gives, edit after edit: values retyped in VMs, hosts renamed, the file broken and mended, in broken plans, undo', () => {
    let fromVm = 0;
    let broken = 0;
    fc.assert(
      fc.property(
        planArb,
        fc.array(fc.record({ edits: fc.oneof({ weight: 4, arbitrary: fc.array(editArb, { minLength: 1, maxLength: 1 }) }, fc.array(editArb, { minLength: 2, maxLength: 2 })), undo: fc.boolean(), reserve: fc.constantFrom(1, 1, 1, 1, 1, 2), asked: fc.constantFrom(false, false, false, true) }), { minLength: 1, maxLength: 12 }),
        (initial, notifications) => {
          const document = PlanDocument.create('file:///p.virtplan.json', 'virtplan', 1, initial);
          let version = 1;
          let current = service.parse(initial);
          let currentVersion = 1;
          diagnostics(current, 1);
          for (const { edits, undo, reserve, asked } of notifications) {
            let text = document.getText();
            const changes: TextDocumentContentChangeEvent[] = [];
            const inverse: TextDocumentContentChangeEvent[] = [];
            for (const edit of edits) {
              const placed = place(text, edit);
              const oracle = TextDocument.create('file:///o', 'virtplan', 1, text);
              const range = { start: oracle.positionAt(placed.offset), end: oracle.positionAt(placed.offset + placed.removed) };
              changes.push({ range, text: placed.text });
              const after = TextDocument.update(oracle, [{ range, text: placed.text }], 2);
              inverse.unshift({ range: { start: after.positionAt(placed.offset), end: after.positionAt(placed.offset + placed.text.length) }, text: text.slice(placed.offset, placed.offset + placed.removed) });
              text = after.getText();
            }
            PlanDocument.update(document, changes, ++version);
            if (undo) PlanDocument.update(document, inverse, ++version);
            const next = service.parseFrom(current, document.getText(), document.changesSince(currentVersion), document.lineIndex());
            // A request before the check may have read the new version's model (a hover, the inlay hints).
            if (asked) void next.model;
            startFromBefore(next, reserve);
            if (next.kept(SCHEMA_FINDINGS) !== undefined) {
              fromVm++;
              if (next.syntaxErrors.length) broken++;
            }
            const fresh = service.parse(document.getText());
            assert.deepStrictEqual(diagnostics(next, reserve), diagnostics(fresh, reserve));
            // What the features read from the version: its model and capacity, as a fresh read has them.
            assert.deepStrictEqual(next.capacity(reserve), fresh.capacity(reserve));
            current = next;
            currentVersion = version;
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(fromVm > RUNS / 2 && broken > RUNS / 20, `started from the version before, inside a VM, ${fromVm} times, ${broken} of them in a broken plan`);
  });
});
