import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getLocation, visit } from 'jsonc-parser';
import { checkpointSpacing, contextAt, cursorContext, shapeOf, textEdited, type CursorContext } from '../../server/src/json/cursor';
import { parsePlan } from '../../server/src/json/parse';
import { basePlan } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

/** Cursor positions inside a comment (or at the end of a line comment): getLocation does not see comments, so they are left out. */
function insideComment(text: string, offset: number): boolean {
  let inside = false;
  visit(text, { onComment: (at, length) => void (inside ||= at < offset && (offset < at + length || (offset === at + length && text[at + 1] === '/'))) });
  return inside;
}

/** Whether the last character before `offset` (past white space and comments) is one the parser skipped: an error there, and no token read. */
function skippedBefore(text: string, offset: number): boolean {
  let last = -1;
  const read: Array<[number, number]> = [];
  const errors: Array<[number, number]> = [];
  const token = (at: number, length: number) => void read.push([at, at + length]);
  visit(text, {
    onObjectBegin: token,
    onObjectEnd: token,
    onArrayBegin: token,
    onArrayEnd: token,
    onLiteralValue: (_value, at, length) => token(at, length),
    onObjectProperty: (_name, at, length) => token(at, length),
    onSeparator: (_separator, at, length) => token(at, length),
    onError: (_error, at, length) => void errors.push([at, at + Math.max(1, length)]),
  });
  const comments: Array<[number, number]> = [];
  visit(text, { onComment: (at, length) => void comments.push([at, at + length]) });
  for (let i = offset - 1; i >= 0; i--) {
    if (text.charCodeAt(i) <= 32 || comments.some(([from, to]) => from <= i && i < to)) continue;
    last = i;
    break;
  }
  if (last === -1) return false;
  return errors.some(([from, to]) => from <= last && last < to) && !read.some(([from, to]) => from <= last && last < to);
}

/**
 * The context agrees with jsonc-parser's getLocation, the oracle. Where the cursor follows a
 * finished value with no comma, the oracle still names that value; the service names the
 * next key or item of the same container, so only the container is compared there. In an
 * array the oracle keeps `isAtPropertyKey` from an object it has left, so it is compared in
 * objects only.
 */
function assertAgrees(text: string, offset: number): CursorContext {
  const ours = cursorContext(parsePlan(text), offset);
  const oracle = getLocation(text, offset);
  const where = `at ${offset} in ${JSON.stringify(text.slice(Math.max(0, offset - 30), offset) + '|' + text.slice(offset, offset + 30))}`;
  const previous = oracle.previousNode;
  if (previous && offset >= previous.offset && offset <= previous.offset + previous.length) {
    assert.ok(ours.token, `a token ${where}`);
    assert.deepEqual([ours.token.offset, ours.token.length], [previous.offset, previous.length], `the token's place ${where}`);
    assert.equal(ours.token.isKey, previous.type === 'property', `key or value ${where}`);
    assert.deepEqual(ours.path, oracle.path, `the path ${where}`);
    return ours;
  }
  assert.equal(ours.token, undefined, `no token ${where}`);
  if (ours.commaBefore === undefined && skippedBefore(text, offset)) {
    // The parser skipped what lies before the cursor (a stray bracket): no comma can mend the
    // text there, so none is offered; the oracle still names the value before it.
    assert.deepEqual(ours.path.slice(0, -1), oracle.path.slice(0, -1), `the container ${where}`);
    return ours;
  }
  if (ours.commaBefore !== undefined) {
    assert.deepEqual(ours.path.slice(0, -1), oracle.path.slice(0, -1), `the container ${where}`);
    const gap = text.slice(ours.commaBefore, offset).replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    assert.ok(ours.commaBefore <= offset && !/[,:{}[\]"]/.test(gap), `the comma goes after the value ${where}`);
    return ours;
  }
  assert.deepEqual(ours.path, oracle.path, `the path ${where}`);
  if (typeof oracle.path[oracle.path.length - 1] === 'string') assert.equal(ours.isAtPropertyKey, oracle.isAtPropertyKey, `key or value ${where}`);
  return ours;
}

const name = fc.constantFrom('hv-01', 'hv-02', 'web', '', 'a"b', 'x\\y', 'ü');
const host = fc.record(
  {
    name,
    product: fc.constantFrom('hyperv-2008', 'vmware-esx-3.5', 'nope'),
    edition: fc.constantFrom('enterprise', 'standard'),
    updates: fc.array(fc.constantFrom('KB956710', 'x'), { maxLength: 2 }),
    hardware: fc.record({ sockets: fc.integer({ min: 0, max: 4 }), coresPerSocket: fc.integer({ min: 1, max: 8 }), memoryGB: fc.double({ min: 0, max: 512, noNaN: true }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const vm = fc.record(
  {
    name,
    host: name,
    guest: fc.record({ os: fc.constantFrom('windows-xp', 'other'), arch: fc.constantFrom('x64', 'x86') }, { requiredKeys: [] }),
    vcpus: fc.integer({ min: -1, max: 8 }),
    disks: fc.array(fc.record({ sizeGB: fc.integer({ min: 1, max: 3000 }), bus: fc.constantFrom('ide', 'scsi') }, { requiredKeys: [] }), { maxLength: 3 }),
    highlyAvailable: fc.boolean(),
    notes: fc.constantFrom(null, [], {}, [[]], [{}]),
  },
  { requiredKeys: [] },
);
const plan = fc.record(
  {
    name,
    hosts: fc.array(host, { maxLength: 3 }),
    clusters: fc.array(fc.record({ name, nodes: fc.array(name, { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }),
    vms: fc.array(vm, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

/** Text as people write it: indented, on one line, or packed with no space at all. */
const planText = fc.tuple(plan, fc.constantFrom<string | number>(0, 2, '\t')).map(([p, indent]) => JSON.stringify(p, null, indent));

const seeds = [...readdirSync(join(repoRoot(), 'examples')).map((f) => readFileSync(join(repoRoot(), 'examples', f), 'utf8')), JSON.stringify(basePlan(), null, 2), JSON.stringify(basePlan())];

type Damage = (text: string) => string;
const at = (text: string, p: number) => Math.floor(p * (text.length + 1));
const nth = (text: string, pattern: RegExp, p: number): number | undefined => {
  const found = [...text.matchAll(pattern)].map((m) => m.index);
  return found.length ? found[Math.floor(p * found.length) % found.length] : undefined;
};
const unit = fc.double({ min: 0, max: 0.999999, noNaN: true });
const damage: fc.Arbitrary<Damage> = fc.oneof(
  unit.map((p): Damage => (t) => {
    const i = nth(t, /,/g, p);
    return i === undefined ? t : t.slice(0, i) + t.slice(i + 1);
  }),
  unit.map((p): Damage => (t) => {
    const i = nth(t, /,/g, p);
    return i === undefined ? t : t.slice(0, i) + ',' + t.slice(i);
  }),
  unit.map((p): Damage => (t) => {
    const i = nth(t, /"(?=[,}\]\s])/g, p);
    return i === undefined ? t : t.slice(0, i) + t.slice(i + 1);
  }),
  unit.map((p): Damage => (t) => {
    const i = nth(t, /[:}\]]/g, p);
    return i === undefined ? t : t.slice(0, i) + t.slice(i + 1);
  }),
  unit.map((p): Damage => (t) => t.slice(0, at(t, p))),
);

const damaged = (source: fc.Arbitrary<string>) => fc.tuple(source, fc.array(damage, { minLength: 1, maxLength: 3 })).map(([t, ds]) => ds.reduce((text, d) => d(text), t));

function agreesEverywhere(text: string, points: number[]): void {
  for (const p of points) {
    const offset = Math.min(text.length, Math.floor(p * (text.length + 1)));
    if (!insideComment(text, offset)) assertAgrees(text, offset);
  }
}

const points = fc.array(unit, { minLength: 1, maxLength: 12 });

describe('the cursor context agrees with jsonc-parser getLocation', () => {
  it('in random plans, at random offsets', () => {
    fc.assert(fc.property(planText, points, (text, ps) => agreesEverywhere(text, ps)), { numRuns: RUNS });
  });

  it('in the examples, at every offset', () => {
    for (const text of seeds) for (let offset = 0; offset <= text.length; offset++) if (!insideComment(text, offset)) assertAgrees(text, offset);
  });

  it('in random plans with syntax damage: deleted or doubled commas, unclosed strings, lost brackets, truncated text', () => {
    fc.assert(fc.property(damaged(fc.oneof(planText, fc.constantFrom(...seeds))), points, (text, ps) => agreesEverywhere(text, ps)), { numRuns: RUNS });
  });

  it('a broken plan nested too deeply for the parser still has a context', () => {
    const text = '{"vms":' + '['.repeat(200_000) + '|';
    const context = cursorContext(parsePlan(text.replace('|', '')), text.indexOf('|'));
    assert.equal(context.path.length, 200_001);
  });

  it('where auto-closing leaves the cursor', () => {
    const cases: Array<[string, (string | number)[], boolean]> = [
      ['{|}', [''], true],
      ['{"hosts":[|]}', ['hosts', 0], false],
      ['{"hosts":[{|}]}', ['hosts', 0, ''], true],
      ['{"hosts":[{"updates":[|]}]}', ['hosts', 0, 'updates', 0], false],
      ['{"vms":[{"host":|}]}', ['vms', 0, 'host'], false],
      ['{"hosts":[|{"name":"a"}]}', ['hosts', 0], false],
      ['{"hosts":[{"name":"a",|}]}', ['hosts', 0, ''], true],
      ['{"hosts":[{"name":"a","product":|', ['hosts', 0, 'product'], false],
    ];
    for (const [marked, path, isKey] of cases) {
      const offset = marked.indexOf('|');
      const text = marked.replace('|', '');
      const context = assertAgrees(text, offset);
      assert.deepEqual([context.path, context.isAtPropertyKey], [path, isKey], marked);
      // Hover and navigation use the scan alone: it reads these places the same way.
      assert.deepEqual(contextAt(text, offset), context, marked);
    }
  });

  it('after a finished value with no comma, the next key or item goes there, after a comma', () => {
    const text = '{"hosts":[{"name":"a","product":"hyperv-2008"\n  }],"clusters":[{"nodes":["a" ]}]}';
    let context = assertAgrees(text, text.indexOf('\n') + 1);
    assert.deepEqual([context.path, context.isAtPropertyKey, context.commaBefore], [['hosts', 0, ''], true, text.indexOf('\n')]);
    context = assertAgrees(text, text.indexOf('" ]') + 2);
    assert.deepEqual([context.path, context.commaBefore], [['clusters', 0, 'nodes', 1], text.indexOf('" ]') + 1]);
  });
});

describe('the cursor scan resumed from a checkpoint of an earlier scan of the same text', () => {
  /** Checkpoints every few characters, so that small plans have many. */
  const closely = (work: () => void) => {
    const spacing = checkpointSpacing.characters;
    checkpointSpacing.characters = 5;
    try {
      work();
    } finally {
      checkpointSpacing.characters = spacing;
    }
  };
  /** Cursors one after another on one text, each answered as from the top. */
  const resumedAsFromTheTop = (text: string, ps: number[]) => {
    const offsets = ps.map((p) => Math.min(text.length, Math.floor(p * (text.length + 1))));
    const fromTop = offsets.map((offset) => contextAt(text, offset));
    // Another text first, so that the checkpoints are those of this sequence only.
    contextAt('{}', 0, true);
    offsets.forEach((offset, i) => assert.deepEqual(contextAt(text, offset, true), fromTop[i], `at ${offset}, after ${offsets.slice(0, i).join(', ')}`));
  };

  it('answers as the scan from the top, in random plans, at random offsets in any order', () => {
    closely(() => fc.assert(fc.property(planText, fc.array(unit, { minLength: 2, maxLength: 16 }), resumedAsFromTheTop), { numRuns: RUNS }));
  });

  it('answers as the scan from the top in the examples (comments among them), at every offset, forwards and backwards', () => {
    closely(() => {
      for (const text of seeds) {
        const all = Array.from({ length: text.length + 1 }, (_, i) => i / (text.length + 1));
        resumedAsFromTheTop(text, all);
        resumedAsFromTheTop(text, all.reverse());
      }
    });
  });

  it('answers as the scan from the top in a new version of the text, from the checkpoints before its first change', () => {
    closely(() =>
      fc.assert(
        fc.property(planText, fc.array(unit, { minLength: 1, maxLength: 8 }), unit, fc.constantFrom('7', '', '12', 'x', 'é'), fc.array(unit, { minLength: 1, maxLength: 8 }), (text, before, where, typed, after) => {
          // A number or a string's content retyped: the new text has no syntax error either.
          const tokens = [...text.matchAll(/\d+|"[^"\\]*"/g)];
          fc.pre(tokens.length > 0);
          const token = tokens[Math.floor(where * tokens.length)];
          const isNumber = token[0][0] !== '"';
          const start = token.index + (isNumber ? 0 : 1);
          const end = token.index + token[0].length - (isNumber ? 0 : 1);
          const edited = text.slice(0, start) + (isNumber ? String(typed.length + 3) : typed) + text.slice(end);
          contextAt('{}', 0, true);
          for (const p of before) contextAt(text, Math.floor(p * (text.length + 1)), true);
          textEdited(text, edited, start);
          for (const p of after) {
            const offset = Math.floor(p * (edited.length + 1));
            assert.deepEqual(contextAt(edited, offset, true), contextAt(edited, offset), `at ${offset}`);
          }
        }),
        { numRuns: RUNS },
      ),
    );
  });

  it('answers as the scan from the top after a digit typed at the end of a number, where the change begins at the character after it', () => {
    closely(() =>
      fc.assert(
        fc.property(planText, unit, fc.constantFrom('7', '0', '12'), fc.array(unit, { minLength: 1, maxLength: 8 }), (text, where, typed, after) => {
          // Numbers only, not digits in strings: typed after the last digit, the number goes on.
          const numbers = [...text.matchAll(/(?<=[:[,]\s*)\d+/g)];
          fc.pre(numbers.length > 0);
          const number = numbers[Math.floor(where * numbers.length)];
          // Typed after its last digit: the editor's change begins where the number ended.
          const end = number.index + number[0].length;
          const edited = text.slice(0, end) + typed + text.slice(end);
          contextAt('{}', 0, true);
          // A checkpoint wherever a scan may keep one: cursors at every offset up to the number's end.
          for (let offset = 0; offset <= end + 1; offset++) contextAt(text, offset, true);
          textEdited(text, edited, end);
          // Around the number and the digits typed, and anywhere.
          const offsets = [...Array.from({ length: typed.length + 2 }, (_, i) => end + i), ...after.map((p) => Math.floor(p * (edited.length + 1)))];
          for (const offset of offsets) assert.deepEqual(contextAt(edited, offset, true), contextAt(edited, offset), `at ${offset}`);
        }),
        { numRuns: RUNS },
      ),
    );
  });

  it('still agrees with jsonc-parser getLocation, through the service', () => {
    closely(() => fc.assert(fc.property(planText, points, (text, ps) => agreesEverywhere(text, ps)), { numRuns: RUNS }));
  });
});

describe('the shape of a path', () => {
  it('is its keys with every array index as *, whatever the keys and indexes', () => {
    const segment = fc.oneof(fc.nat(), fc.string().filter((s) => !s.includes('.')));
    fc.assert(
      fc.property(fc.array(segment), (path) => {
        const parts = shapeOf(path).split('.');
        if (path.length === 0) return assert.equal(shapeOf(path), '');
        assert.deepEqual(parts, path.map((s) => (typeof s === 'string' ? s : '*')));
      }),
    );
    assert.equal(shapeOf(['hosts', 0, 'vms', 12, 'guest']), 'hosts.*.vms.*.guest');
  });
});
