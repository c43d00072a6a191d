import fc from 'fast-check';

/**
 * Plans as they are while being typed, for the property tests of places and quick fixes:
 * written here rather than by JSON.stringify (keys such as __proto__, keys written twice,
 * one-line objects inside indented ones), then damaged as typing damages them.
 */

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

export const damagedPlanArb = fc.tuple(planArb, fc.array(damageArb, { maxLength: 3 })).map(([text, damage]) => damage.reduce((t, d) => d(t), text));

// Keys as they are written: escapes included, so "\u005f_proto__" is __proto__ too.
const key = fc.oneof(fc.constantFrom(...PROTO_NAMES, '__defineGetter__', 'a', 'name').map((k) => JSON.stringify(k)), fc.constantFrom('"\\u005f_proto__"', '"\\u006eame"'), fc.string({ maxLength: 4 }).map((k) => JSON.stringify(k)));
/** JSON text of any shape, prototype names and keys written twice among its keys. */
export const jsonTextArb: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 0 }).map((v) => JSON.stringify(v)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  ),
})).value;

/**
 * An edit as a planner makes it, chosen by where it lands: inside a number, inside a string
 * (`which` of them, as a fraction of their count, `at` a fraction of the way in), at the very
 * start or end, or anywhere.
 */
export interface TypedEdit {
  target: 'number' | 'string' | 'start' | 'end' | 'anywhere';
  which: number;
  at: number;
  removed: number;
  text: string;
}

/**
 * The offset of an edit in `text` and the characters it removes: inside its number or string,
 * or up to `spill` characters past its end (across the closing quote, the comma after). A text
 * with no such token takes the edit anywhere.
 */
export function placeEdit(text: string, edit: TypedEdit, spill = 0): { offset: number; removed: number } {
  if (edit.target === 'start') return { offset: 0, removed: Math.min(edit.removed, text.length) };
  if (edit.target === 'end') return { offset: Math.max(0, text.length - edit.removed), removed: Math.min(edit.removed, text.length) };
  const pattern = edit.target === 'number' ? /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g : edit.target === 'string' ? /"[^"\n\\]*"/g : undefined;
  const tokens = pattern ? [...text.matchAll(pattern)] : [];
  if (tokens.length === 0) {
    const offset = Math.floor(edit.at * (text.length + 1));
    return { offset, removed: Math.min(edit.removed, text.length - offset) };
  }
  const token = tokens[Math.floor(edit.which * tokens.length)];
  const inner = edit.target === 'string' ? 1 : 0;
  const span = token[0].length - 2 * inner;
  const offset = token.index + inner + Math.floor(edit.at * (span + 1));
  return { offset, removed: Math.min(edit.removed, Math.max(0, token.index + inner + span - offset + spill), text.length - offset) };
}
