import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { parsePlan, parseTolerant } from '../../server/src/json/parse';
import { parsePointer, resolvePointer } from '../../server/src/json/pointer';

/**
 * Places and quick fixes on plans as they are while being typed: random plans, with and
 * without syntax damage, checked against jsonc-parser's tolerant tree (for places) and
 * JSON.parse (for values), which virtplan's own scanners must agree with.
 */

/** A quarter of the fuzz test's count: each case here also checks every fix and a second tree. */
const RUNS = Math.ceil(Number(process.env.FUZZ_RUNS ?? 2000) / 4);
const URI = 'file:///plan.virtplan.json';
const service = new PlanLanguageService();

// ---------------------------------------------------------------------------------------
// Plans as text, written here rather than by JSON.stringify: keys such as __proto__, keys
// written twice, and one-line objects inside indented ones.

type J = string | number | boolean | null | J[] | { entries: Array<[string, J]>; oneLine?: boolean };

function render(value: J, indent: string, depth = 0, oneLine = indent === ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = Array.isArray(value) ? value.map((v) => render(v, indent, depth + 1, oneLine)) : value.entries.map(([k, v]) => `${JSON.stringify(k)}:${oneLine ? '' : ' '}${render(v, indent, depth + 1, oneLine || value.oneLine)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (inner.length === 0) return open + close;
  if (oneLine || (!Array.isArray(value) && value.oneLine)) return `${open}${inner.join(indent === '' ? ',' : ', ')}${close}`;
  const pad = '\n' + indent.repeat(depth + 1);
  return `${open}${pad}${inner.join(',' + pad)}\n${indent.repeat(depth)}${close}`;
}

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const entries = (pairs: Array<[string, J | undefined]>): Array<[string, J]> => pairs.filter((p): p is [string, J] => p[1] !== undefined);

const hostArb = fc
  .record({
    name: fc.constantFrom('hv-01', 'hv-02', 'esx-1', ...PROTO_NAMES),
    product: fc.constantFrom('hyperv-2008', 'hyperv-2008', 'hyperv-2008-r2', 'hyperv-2008r2', 'vmware-esx-3.5', 'virtual-server-2005-r2-sp1', 'valueOf'),
    edition: optional(fc.constantFrom('enterprise', 'standard', 'datacenter', 'constructor')),
    updates: optional(fc.array(fc.constantFrom('KB000001', 'KB950050'), { maxLength: 2 })),
    sockets: fc.constantFrom(1, 2, 4),
    cores: fc.constantFrom(2, 4, 5, 6, 8),
    memoryGB: fc.constantFrom(16, 64, 2048),
    oneLine: fc.boolean(),
    hardwareOneLine: fc.boolean(),
    extra: optional(fc.constantFrom(...PROTO_NAMES, 'name', 'product')),
  })
  .map(
    (h): J => ({
      oneLine: h.oneLine,
      entries: entries([
        ['name', h.name],
        ['product', h.product],
        ['edition', h.edition],
        ['updates', h.updates],
        ['hardware', { oneLine: h.hardwareOneLine, entries: [['sockets', h.sockets], ['coresPerSocket', h.cores], ['memoryGB', h.memoryGB]] }],
        [h.extra ?? '', h.extra === undefined ? undefined : { entries: [['vcpus', 64]] }],
      ]),
    }),
  );

const vmArb = fc
  .record({
    name: fc.constantFrom('web-01', 'db-01', ...PROTO_NAMES),
    host: fc.constantFrom('hv-01', 'hv-1', 'hv-02', 'esx-1', 'toString'),
    os: fc.constantFrom('windows-server-2008', 'windows-server-2003', 'windows-xp', 'other-linux', 'valueOf'),
    arch: optional(fc.constantFrom('x86', 'x64')),
    vcpus: optional(fc.integer({ min: 1, max: 9 })),
    memoryGB: fc.constantFrom(1, 4, 80),
    snapshots: optional(fc.constantFrom(0, 10, 60, 600)),
    nics: optional(fc.integer({ min: 0, max: 14 })),
    migration: optional(fc.constantFrom('none', 'quick', 'live')),
    disks: optional(fc.array(fc.record({ sizeGB: fc.constantFrom(60, 3000), bus: fc.constantFrom('ide', 'scsi') }), { maxLength: 3 })),
    extra: optional(fc.constantFrom(...PROTO_NAMES, 'vcpu', 'name', 'vcpus')),
    oneLine: fc.boolean(),
  })
  .map(
    (v): J => ({
      oneLine: v.oneLine,
      entries: entries([
        ['name', v.name],
        ['host', v.host],
        ['guest', { entries: entries([['os', v.os], ['arch', v.arch]]) }],
        ['vcpus', v.vcpus],
        ['memoryGB', v.memoryGB],
        ['snapshots', v.snapshots],
        ['nics', v.nics],
        ['migration', v.migration],
        ['disks', v.disks?.map((d): J => ({ entries: [['sizeGB', d.sizeGB], ['bus', d.bus]] }))],
        [v.extra ?? '', v.extra === undefined ? undefined : v.extra === 'vcpus' ? 8 : { entries: [['vcpus', 64]] }],
      ]),
    }),
  );

const planArb = fc
  .record({
    hosts: fc.array(hostArb, { minLength: 1, maxLength: 3 }),
    vms: fc.array(vmArb, { maxLength: 5 }),
    indent: fc.constantFrom('  ', '    ', '\t', ''),
  })
  .map(({ hosts, vms, indent }) => render({ entries: [['name', 'p'], ['hosts', hosts], ['vms', vms]] }, indent));

// ---------------------------------------------------------------------------------------
// Syntax damage of the kinds typing leaves: a comma deleted or doubled, a string left open,
// a bracket missing, the text cut short.

type Damage = (text: string) => string;

function nth(text: string, pattern: RegExp, p: number): number | undefined {
  const places = [...text.matchAll(pattern)].map((m) => m.index);
  return places.length ? places[Math.floor(p * places.length)] : undefined;
}

const fraction = fc.double({ min: 0, max: 0.999, noNaN: true });
const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fraction.map((p): Damage => (t) => ((i) => (i === undefined ? t : t.slice(0, i) + t.slice(i + 1)))(nth(t, /,/g, p))),
  fraction.map((p): Damage => (t) => ((i) => (i === undefined ? t : t.slice(0, i) + ',' + t.slice(i)))(nth(t, /,/g, p))),
  fraction.map((p): Damage => (t) => ((i) => (i === undefined ? t : t.slice(0, i) + t.slice(i + 1)))(nth(t, /"/g, p))),
  fraction.map((p): Damage => (t) => ((i) => (i === undefined ? t : t.slice(0, i) + t.slice(i + 1)))(nth(t, /[}\]]/g, p))),
  fraction.map((p): Damage => (t) => t.slice(0, Math.floor(p * t.length))),
  fc.tuple(fraction, fc.constantFrom(',', '"', '{', '[', 'x', ':', '/*', '"__proto__": {"vcpus": 64},', '"a":1,"a"')).map(([p, s]): Damage => (t) => t.slice(0, Math.floor(p * t.length)) + s + t.slice(Math.floor(p * t.length))),
);

/**
 * Cases these properties found in earlier versions (fast-check's shrunk counterexamples),
 * run first every time: a missing comma after the plan's name, text before the plan, and
 * the update fix on a multi-line host.
 */
const host = (sockets: number, cores: number, product = 'hyperv-2008') =>
  `{\n      "name": "hv-01",\n      "product": "${product}",\n      "hardware": {\n        "sockets": ${sockets},\n        "coresPerSocket": ${cores},\n        "memoryGB": 16\n      }\n    }`;
const FOUND: Array<[string]> = [
  [`{\n  "name": "p"\n  "hosts": [\n    ${host(1, 2)}\n  ],\n  "vms": []\n}`],
  [`{\n  "name": "p"\n  "hosts": [\n    ${host(1, 2, 'hyperv-2008r2')}\n  ],\n  "vms": []\n}`],
  [`x{\n  "name": "p",\n  "hosts": [\n    ${host(1, 2)}\n  ],\n  "vms": [\n    {\n      "name": "web-01",\n      "host": "hv-01",\n      "guest": {\n        "os": "windows-server-2008"\n      },\n      "memoryGB": 1,\n      "migration": "live"\n    }\n  ]\n}`],
  [`{\n  "name": "p",\n  "hosts": [\n    ${host(4, 6)}\n  ],\n  "vms": []\n}`],
  [`{\n  "name": "p",\n  "hosts": [\n    ${host(4, 5)},\n    ${host(1, 2)}\n  ],\n  "vms": []\n}`],
  [`{\n  "name": "p",\n  "hosts": [\n    ${host(1, 2).replace('16\n', '16,\n')}\n  ],\n  "vms": []\n}`],
];

const damagedPlanArb = fc.tuple(planArb, fc.array(damageArb, { maxLength: 3 })).map(([text, damage]) => damage.reduce((t, d) => d(t), text));

// ---------------------------------------------------------------------------------------
// The oracle: jsonc-parser's own tree and its own lookup.

interface Place {
  node: Node;
  key: Node | undefined;
}

function treeOf(text: string): Node | undefined {
  return parseTree(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, [], { allowTrailingComma: true, disallowComments: false });
}

/**
 * The tolerant tree's node for a pointer. Of a key written twice with a value JSON keeps the
 * last (findNodeAtLocation would take the first); otherwise this is findNodeAtLocation's walk.
 */
function oraclePlace(tree: Node | undefined, pointer: string): Place | undefined {
  let node = tree;
  for (const segment of parsePointer(pointer)) {
    if (!node) return undefined;
    if (node.type === 'array') {
      node = /^(0|[1-9]\d*)$/.test(segment) ? findNodeAtLocation(node, [Number(segment)]) : undefined;
    } else if (node.type === 'object') {
      const same = (node.children ?? []).filter((p) => p.children?.length === 2 && p.children[0].value === segment);
      node = same.length ? same[same.length - 1].children![1] : undefined;
    } else return undefined;
  }
  if (!node) return undefined;
  return { node, key: node.parent?.type === 'property' ? node.parent.children![0] : undefined };
}

function offsetsOf(text: string, d: Diagnostic): { offset: number; end: number } {
  const parsed = parsePlan(text);
  return { offset: parsed.lines.offsetAt(d.range.start), end: parsed.lines.offsetAt(d.range.end) };
}

/** The node's text and its key's; jsonc-parser ends a container left open by an unclosed comment one past the text. */
const spans = (place: Place, textLength: number) => [
  { offset: place.node.offset, end: Math.min(place.node.offset + place.node.length, textLength) },
  ...(place.key ? [{ offset: place.key.offset, end: place.key.offset + place.key.length }] : []),
];

function isDuplicate(d: Diagnostic): boolean {
  return d.code === 'schema' && String(d.message).includes('is written twice');
}

/** Every diagnostic lies inside the text and stands where the tolerant tree puts its pointer. */
function checkPlaces(text: string, diagnostics: Diagnostic[]): void {
  const tree = treeOf(text);
  for (const d of diagnostics) {
    const { offset, end } = offsetsOf(text, d);
    const pointer = (d.data as { pointer?: string }).pointer ?? '';
    assert.ok(d.range.end.line < text.split(/\r\n|\r|\n/).length, `${d.code} at ${pointer}: range inside the document`);
    assert.ok(offset <= end && end <= text.length, `${d.code} at ${pointer}: range inside the document`);
    if (d.code === 'parse-error' || pointer === '') continue;
    if (isDuplicate(d)) {
      // The range is a key of that name that some later key of the same object overrides.
      const property = findProperty(tree, offset, end);
      assert.ok(property, `duplicate at ${pointer} covers a key: ${JSON.stringify(text.slice(offset, end))}`);
      const name = parsePointer(pointer).pop();
      assert.equal(property.children![0].value, name, `duplicate at ${pointer} covers a key of that name`);
      assert.equal(property.children!.length, 2, `duplicate at ${pointer}: the dropped key had a value`);
      const siblings = property.parent!.children!;
      const later = siblings.slice(siblings.indexOf(property) + 1).some((p) => p.children?.length === 2 && p.children[0].value === name);
      assert.ok(later, `duplicate at ${pointer}: a later key of the same name has a value, so this one is the dropped one`);
      continue;
    }
    const place = oraclePlace(tree, pointer);
    if (place) {
      assert.ok(
        spans(place, text.length).some((s) => s.offset === offset && s.end === end),
        `${d.code} at ${pointer} covers ${JSON.stringify(text.slice(offset, end).slice(0, 60))}, the tolerant tree has ${JSON.stringify(text.slice(place.node.offset, place.node.offset + place.node.length).slice(0, 60))}`,
      );
    }
  }
}

function findProperty(tree: Node | undefined, offset: number, end: number): Node | undefined {
  const stack = tree ? [tree] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'property' && node.children![0].offset === offset && node.children![0].offset + node.children![0].length === end) return node;
    stack.push(...(node.children ?? []));
  }
  return undefined;
}

function apply(text: string, edits: TextEdit[]): string {
  const parsed = parsePlan(text);
  const sorted = [...edits].sort((a, b) => parsed.lines.offsetAt(b.range.start) - parsed.lines.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, parsed.lines.offsetAt(edit.range.start)) + edit.newText + out.slice(parsed.lines.offsetAt(edit.range.end));
  return out;
}

/**
 * A fix that adds one item to a list of an object (an update to a host's `updates`, a code to
 * a `suppress`): one insertion inside the object (or the replacement of a list that is not
 * one), in its style, after which the tolerant tree finds the item last in that list and,
 * in a valid plan, nothing else changed.
 */
function checkAddition(text: string, tree: Node | undefined, title: string, edit: TextEdit, objectPointer: string, list: string, item: string): void {
  const parsed = parsePlan(text);
  const start = parsed.lines.offsetAt(edit.range.start);
  const end = parsed.lines.offsetAt(edit.range.end);
  const object = oraclePlace(tree, objectPointer);
  assert.ok(object, `${title}: ${objectPointer} is in the tolerant tree`);
  assert.ok(start > object.node.offset && end < object.node.offset + object.node.length, `${title}: the edit stays inside ${objectPointer}`);
  if (start !== end) {
    const current = oraclePlace(tree, `${objectPointer}/${list}`);
    assert.ok(current, `${title}: only a ${list} value that is not a list is replaced`);
    assert.deepEqual([start, end], [current.node.offset, current.node.offset + current.node.length], `${title}: replaces the ${list} value exactly`);
  }
  if (!/[\r\n]/.test(text.slice(object.node.offset, object.node.offset + object.node.length))) {
    assert.doesNotMatch(edit.newText, /[\r\n]/, `${title}: a one-line object stays on one line`);
  }
  const after = apply(text, [edit]);
  const added = oraclePlace(treeOf(after), `${objectPointer}/${list}`);
  assert.ok(added?.node.type === 'array', `${title}: ${objectPointer} has a ${list} list afterwards`);
  assert.equal(added.node.children!.at(-1)?.value, item, `${title}: ${JSON.stringify(item)} is its last item`);
  if (parsed.syntaxErrors.length === 0) {
    const expected = JSON.parse(JSON.stringify(parsed.value)) as object;
    const owner = resolvePointer(expected, objectPointer) as Record<string, unknown>;
    owner[list] = Array.isArray(owner[list]) ? [...(owner[list] as unknown[]), item] : [item];
    const afterParsed = parsePlan(after);
    assert.deepEqual(afterParsed.syntaxErrors, [], `${title}: the plan stays valid`);
    assert.deepEqual(JSON.parse(JSON.stringify(afterParsed.value)), JSON.parse(JSON.stringify(expected)), `${title}: adds ${JSON.stringify(item)} and nothing else`);
  }
}

/** Every quick fix replaces exactly the text its diagnostic points at, or adds one item where its object keeps them. */
function checkFixes(text: string): number {
  const parsed = service.parse(text);
  const diagnostics = service.validate(parsed);
  const tree = treeOf(text);
  let fixes = 0;
  for (const action of service.codeActions(parsed, URI, diagnostics)) {
    const [d] = action.diagnostics!;
    const data = d.data as { pointer: string; update?: string; hostPointer?: string };
    const edits = action.edit!.changes![URI];
    assert.equal(edits.length, 1, `${action.title}: one edit`);
    const [edit] = edits;
    const start = parsed.lines.offsetAt(edit.range.start);
    const end = parsed.lines.offsetAt(edit.range.end);
    fixes++;
    if (action.title.startsWith('Add update') && data.update && data.hostPointer) {
      checkAddition(text, tree, action.title, edit, data.hostPointer, 'updates', data.update);
      continue;
    }
    const owner = /^\/(hosts|vms|clusters)\/\d+/.exec(data.pointer)?.[0];
    if (action.title.startsWith('Suppress ') && owner) {
      checkAddition(text, tree, action.title, edit, owner, 'suppress', String(d.code));
      continue;
    }
    if (d.code === 'suppression-unused') {
      // Removes the entry (and a comma beside it): the text it takes holds the diagnostic's.
      const { offset, end: stop } = offsetsOf(text, d);
      assert.equal(edit.newText, '', `${action.title}: removes only`);
      assert.ok(start <= offset && stop <= end, `${action.title}: removes the entry the diagnostic points at`);
      continue;
    }
    if (action.title.startsWith('Remove the ')) {
      // Removes the property the diagnostic points at, key and value, and only blank text and a comma beside it.
      const place = oraclePlace(tree, data.pointer);
      assert.ok(place?.key, `${action.title}: ${data.pointer} is a property in the tolerant tree`);
      assert.equal(edit.newText, '', `${action.title}: removes only`);
      assert.ok(start <= place.key.offset && place.node.offset + place.node.length <= end, `${action.title}: removes the whole property`);
      const rest = text.slice(start, place.key.offset) + text.slice(place.node.offset + place.node.length, end);
      assert.match(rest, /^\s*,?\s*$/, `${action.title}: takes nothing but the property, blanks and one comma`);
      continue;
    }
    assert.deepEqual(edit.range, d.range, `${action.title}: the edit is the diagnostic's range`);
    const place = oraclePlace(tree, data.pointer);
    assert.ok(place, `${action.title}: ${data.pointer} is in the tolerant tree, so there is something to replace`);
    assert.ok(
      spans(place, text.length).some((s) => s.offset === start && s.end === end),
      `${action.title} replaces ${JSON.stringify(text.slice(start, end).slice(0, 80))}, which is not what ${data.pointer} names (${JSON.stringify(text.slice(place.node.offset, place.node.offset + place.node.length).slice(0, 80))})`,
    );
  }
  return fixes;
}

describe(`places and quick fixes on plans being typed (${RUNS} cases a property)`, () => {
  it('every diagnostic stands where the tolerant tree puts its pointer, with and without syntax damage', () => {
    fc.assert(
      fc.property(damagedPlanArb, (text) => checkPlaces(text, service.validate(service.parse(text)))),
      { numRuns: RUNS, examples: FOUND },
    );
  });

  it('every quick fix replaces exactly what its diagnostic points at', () => {
    let fixes = 0;
    fc.assert(
      fc.property(damagedPlanArb, (text) => {
        fixes += checkFixes(text);
      }),
      { numRuns: RUNS, examples: FOUND },
    );
    assert.ok(fixes > RUNS / 4, `quick fixes were tried (${fixes})`);
  });

  it('the recovering parser builds what JSON.parse builds, prototype names and repeated keys included', () => {
    // Keys as they are written: escapes included, so "\u005f_proto__" is __proto__ too.
    const key = fc.oneof(fc.constantFrom(...PROTO_NAMES, '__defineGetter__', 'a', 'name').map((k) => JSON.stringify(k)), fc.constantFrom('"\\u005f_proto__"', '"\\u006eame"'), fc.string({ maxLength: 4 }).map((k) => JSON.stringify(k)));
    const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.jsonValue({ maxDepth: 0 }).map((v) => JSON.stringify(v)),
        fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
        fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
      ),
    })).value;
    fc.assert(
      fc.property(value, (text) => {
        const expected: unknown = JSON.parse(text);
        assert.deepStrictEqual(parseTolerant(text).value, expected);
        assert.deepStrictEqual(parsePlan(text).value, expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('places after a syntax error', () => {
  const vm = (name: string, snapshots: number) => `{"name": "${name}", "host": "hv-01", "guest": {"os": "other-linux"}, "vcpus": 1, "memoryGB": 1, "snapshots": ${snapshots}}`;
  const plan = (vms: string) =>
    `{\n  "name": "p",\n  "hosts": [{"name": "hv-01", "product": "hyperv-2008", "edition": "enterprise", "hardware": {"sockets": 1, "coresPerSocket": 2, "memoryGB": 16}}],\n  "vms": [\n    ${vms}\n  ]\n}`;

  function snapshotsDiagnostic(text: string) {
    const parsed = service.parse(text);
    const diagnostics = service.validate(parsed);
    const d = diagnostics.find((x) => x.code === 'too-many-snapshots');
    assert.ok(d, `too-many-snapshots reported; got ${diagnostics.map((x) => x.code).join(', ')}`);
    return { parsed, d, actions: service.codeActions(parsed, URI, [d]) };
  }

  it('a missing comma between two VMs leaves the snapshots diagnostic on its own value', () => {
    const text = plan(`${vm('a', 0)},\n    ${vm('b', 0)}\n    ${vm('c', 600)}`);
    const { parsed, d, actions } = snapshotsDiagnostic(text);
    const start = parsed.lines.offsetAt(d.range.start);
    assert.equal(text.slice(start, parsed.lines.offsetAt(d.range.end)), '600');
    assert.equal(start, text.indexOf('600'));
    assert.equal(apply(text, actions[0].edit!.changes![URI]), text.replace('600', '50'));
  });

  it('a doubled comma does not shift the items after it', () => {
    const text = plan(`${vm('a', 0)},,\n    ${vm('b', 600)}`);
    const { parsed, d } = snapshotsDiagnostic(text);
    assert.equal(parsed.lines.offsetAt(d.range.start), text.indexOf('600'));
  });

  it('no fix overwrites an object when the value it names is not there', () => {
    // __proto__ is an ordinary key: the VM has no vcpus, so nothing may set them by replacing the VM.
    const text =
      '{"name": "p" oops, "hosts":[{"name":"h1","product":"hyperv-2008","edition":"enterprise","hardware":{"sockets":1,"coresPerSocket":2,"memoryGB":16}}], "vms":[{"name":"v1","host":"h1","guest":{"os":"windows-server-2008"},"__proto__":{"vcpus":64}}]}';
    const parsed = service.parse(text);
    const diagnostics = service.validate(parsed);
    const codes = diagnostics.map((d) => `${d.code} ${(d.data as { pointer: string }).pointer}`);
    assert.ok(!codes.includes('too-many-vcpus /vms/0/vcpus'), codes.join('; '));
    assert.ok(diagnostics.some((d) => String(d.message).includes('"__proto__"')), `the unknown __proto__ property is reported: ${codes.join('; ')}`);
    assert.ok(diagnostics.some((d) => String(d.message).includes('"vcpus"')), `the missing vcpus is reported: ${codes.join('; ')}`);
    checkPlaces(text, diagnostics);
    checkFixes(text);
  });
});

describe('duplicate keys', () => {
  function duplicates(text: string) {
    return service
      .validate(service.parse(text))
      .filter(isDuplicate)
      .map((d) => {
        const { offset, end } = offsetsOf(text, d);
        return text.slice(offset, end) + '@' + offset;
      });
  }

  it('the dropped key is highlighted with its own length', () => {
    assert.deepEqual(duplicates('{"name":"x","\\u006eame":"y"}'), ['"name"@1']);
    assert.deepEqual(duplicates('{"\\u006eame":"x","name":"y"}'), ['"\\u006eame"@1']);
  });

  it('a key left without a value drops nothing', () => {
    assert.deepEqual(duplicates('{"a":1,"a":2,"a'), ['"a"@1']);
    assert.deepEqual(duplicates('{"a":1,"a":2,"a":'), ['"a"@1']);
  });

  it('nothing inside a dropped value is reported', () => {
    assert.deepEqual(duplicates('{"a":{"b":1,"b":2},"a":3}'), ['"a"@1']);
  });
});

describe('the update fix touches only what it adds', () => {
  const hardware = '{"sockets": 4, "coresPerSocket": 6, "memoryGB": 64}';
  const plan = (host: string) => `{\n  "name": "p",\n  "hosts": [\n    ${host}\n  ]\n}\n`;

  function fixed(text: string): string {
    const parsed = service.parse(text);
    const action = service.codeActions(parsed, URI, service.validate(parsed)).find((a) => a.title === 'Add update KB956710 to the host');
    assert.ok(action, 'the update fix is offered');
    return apply(text, action.edit!.changes![URI]);
  }

  it('a one-line host stays one line', () => {
    const host = `{"name": "hv-01", "product": "hyperv-2008", "edition": "enterprise", "hardware": ${hardware}}`;
    assert.equal(fixed(plan(host)), plan(host.replace(/}$/, ', "updates": ["KB956710"]}')));
  });

  it('a compact host stays compact', () => {
    const host = `{"name":"hv-01","product":"hyperv-2008","edition":"enterprise","hardware":${hardware.replace(/ /g, '')}}`;
    assert.equal(fixed(plan(host)), plan(host.replace(/}$/, ',"updates":["KB956710"]}')));
  });

  it('a multi-line host gets one new line, indented as its others, and its one-line hardware is left alone', () => {
    const host = `{\n      "name": "hv-01",\n      "product": "hyperv-2008",\n      "edition": "enterprise",\n      "hardware": ${hardware}\n    }`;
    assert.equal(fixed(plan(host)), plan(host.replace(`${hardware}\n`, `${hardware},\n      "updates": ["KB956710"]\n`)));
  });

  it('an existing list gets one more item', () => {
    const host = `{"name": "hv-01", "product": "hyperv-2008", "edition": "enterprise", "updates": ["KB000001"], "hardware": ${hardware}}`;
    assert.equal(fixed(plan(host)), plan(host.replace('["KB000001"]', '["KB000001", "KB956710"]')));
    const empty = host.replace('["KB000001"]', '[]');
    assert.equal(fixed(plan(empty)), plan(host.replace('["KB000001"]', '["KB956710"]')));
  });

  it('tabs and CRLF are kept', () => {
    const text = `{\r\n\t"name": "p",\r\n\t"hosts": [{\r\n\t\t"name": "hv-01",\r\n\t\t"product": "hyperv-2008",\r\n\t\t"edition": "enterprise",\r\n\t\t"hardware": ${hardware}\r\n\t}]\r\n}`;
    assert.equal(fixed(text), text.replace(`${hardware}\r\n`, `${hardware},\r\n\t\t"updates": ["KB956710"]\r\n`));
  });
});

describe('a comma that stands for a missing value', () => {
  it('is a syntax error, not a trailing comma', () => {
    for (const text of ['{"name": "p", "hosts": [,]}', '{"name": "p", "hosts": {,}}', '{"name": "p", "hosts": [1,,]}', '{"name": "p", "hosts": [ /* none */ , ]}']) {
      assert.notDeepEqual(parsePlan(text).syntaxErrors, [], text);
    }
    assert.deepEqual(parsePlan('{"name": "p", "hosts": [1, /* more */ ], "vms": {"a": 1,}}').syntaxErrors, []);
  });
});
