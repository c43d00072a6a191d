import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'jsonc-parser';
import { formatPlanText } from '../../server/src/service/formatting';
import { diagnose } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** What a plan reports, without where: the same plan laid out otherwise reports the same. */
const reported = (text: string) =>
  diagnose(text)
    .map((d) => `${d.code} ${d.severity} ${d.pointer} ${d.message}`)
    .sort();

const host = fc.record({
  name: fc.constantFrom('hv-01', 'hv-02', 'esx-01'),
  product: fc.constantFrom('hyperv-2008', 'hyperv-2008-r2', 'vmware-esx-3.5', 'virtual-server-2005-r2-sp1'),
  edition: fc.constantFrom('standard', 'enterprise', 'datacenter', undefined),
  hardware: fc.record({ sockets: fc.constantFrom(1, 2, 8), coresPerSocket: fc.constantFrom(1, 4, 6), memoryGB: fc.constantFrom(2.3, 16, 64, 2048) }),
});
const vm = fc.record({
  name: fc.constantFrom('web-01', 'web-02', 'db-01'),
  host: fc.constantFrom('hv-01', 'hv-02', 'esx-01', 'hv-9'),
  guest: fc.record({ os: fc.constantFrom('windows-server-2008', 'windows-xp', 'other-linux'), arch: fc.constantFrom('x86', 'x64') }),
  vcpus: fc.constantFrom(1, 2, 4, 8),
  memoryGB: fc.constantFrom(0.1, 4, 80),
  migration: fc.constantFrom('none', 'quick', 'live', undefined),
  highlyAvailable: fc.constantFrom(true, undefined),
});
const planValue = fc.record({
  name: fc.constant('p'),
  hosts: fc.array(host, { minLength: 1, maxLength: 3 }),
  clusters: fc.constantFrom(undefined, [{ name: 'cl', nodes: ['hv-01', 'hv-02'], sharedStorage: false }]),
  vms: fc.array(vm, { maxLength: 4 }),
});

/**
 * A plan written as planners write them: each object or array on one line, or on lines of its
 * own, or with some members sharing a line, or the closing bracket on the last member's line,
 * the choices taken in turn from `layout`.
 */
function render(value: unknown, layout: number[]): string {
  let n = 0;
  const choice = () => layout[n++ % layout.length];
  const write = (v: unknown, depth: number): string => {
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    const items = Array.isArray(v) ? v.map((x: unknown) => write(x, depth + 1)) : Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}: ${write(x, depth + 1)}`);
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    const how = choice();
    if (how === 0 && depth > 0) return `${open}${items.join(', ')}${close}`;
    const pad = '\n' + '  '.repeat(depth + 1);
    // 3: the closing bracket on the line of the last member, as in `"vcpus": 8, "memoryGB": 1 }`.
    const end = how === 3 ? ` ${close}` : `\n${'  '.repeat(depth)}${close}`;
    return `${open}${pad}${items.map((item, i) => (i === 0 ? item : (how >= 2 && i % 2 ? ', ' : `,${pad}`) + item)).join('')}${end}`;
  };
  return write(value, 0);
}

/** Suppression comments put above lines: `at` picks the line, `codes` what it silences. */
function withComments(text: string, comments: Array<{ at: number; codes: string[] }>): string {
  const lines = text.split('\n');
  for (const c of [...comments].sort((a, b) => b.at - a.at)) {
    const line = Math.floor(c.at * lines.length);
    if (line === 0) continue;
    lines.splice(line, 0, `// virtplan-disable-next-line ${c.codes.join(', ')}`);
  }
  return lines.join('\n');
}

const CODES = ['host-memory-exceeds-limit', 'too-many-vcpus', 'license-instances-exceeded', 'migration-requires-cluster', 'unknown-host', 'shared-storage-required', 'guest-vcpus-unsupported', 'host-memory-overcommitted'];
const laidOutPlan = fc
  .tuple(
    planValue,
    fc.array(fc.constantFrom(0, 0, 1, 2, 3), { minLength: 1, maxLength: 9 }),
    fc.array(fc.record({ at: fc.double({ min: 0, max: 0.999, noNaN: true }), codes: fc.subarray(CODES, { minLength: 0, maxLength: 2 }) }), { maxLength: 4 }),
  )
  .map(([value, layout, comments]) => withComments(render(value, layout), comments));

describe('formatting a plan', () => {
  it('keeps what the plan reports, its value and its comments, and formatting twice changes nothing', () => {
    fc.assert(
      fc.property(laidOutPlan, (text) => {
        const formatted = formatPlanText(text);
        assert.deepEqual(parse(formatted), parse(text));
        assert.deepEqual(reported(formatted), reported(text));
        assert.equal(formatPlanText(formatted), formatted);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps a suppression comment above the one-line object it covers', () => {
    const text = [
      '{',
      '  "name": "p",',
      '  "hosts": [',
      '    {',
      '      "name": "hv-01", "product": "hyperv-2008", "edition": "standard",',
      '      // virtplan-disable-next-line host-memory-exceeds-limit',
      '      "hardware": { "sockets": 1, "coresPerSocket": 1, "memoryGB": 64 }',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(reported(text), []);
    const formatted = formatPlanText(text);
    assert.match(formatted, /\/\/ virtplan-disable-next-line host-memory-exceeds-limit\n {6}"hardware": \{ "sockets": 1, "coresPerSocket": 1, "memoryGB": 64 \}\n/);
    assert.deepEqual(reported(formatted), []);
  });

  it('keeps one-line objects and arrays that fit, and lays out the others', () => {
    const long = JSON.stringify({ name: 'x'.repeat(200) });
    const text = `{"name": "p", "hosts": [{"name":"hv-01" , "tags":[ 1,2 ]}], "big": ${long}}`;
    assert.equal(formatPlanText(text), `{\n  "name": "p",\n  "hosts": [{ "name": "hv-01", "tags": [1, 2] }],\n  "big": {\n    "name": "${'x'.repeat(200)}"\n  }\n}\n`);
  });

  it('leaves the shipped examples as they are', () => {
    const folder = join(repoRoot(), 'examples');
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.virtplan.json'))) {
      const text = readFileSync(join(folder, name), 'utf8');
      assert.equal(formatPlanText(text), text, name);
    }
  });

  it('copies text in proportion to what it reads and writes, however deep the nesting', () => {
    const depth = 1000;
    const text = `{"name": "p", "hosts": [], "x": ${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}}`;
    // Every piece of text cut from a string is counted: applying each edit to the whole text
    // in turn copies the text once per edit.
    let copied = 0;
    const cuts = ['slice', 'substring', 'substr'] as const;
    const originals = cuts.map((name) => String.prototype[name]);
    cuts.forEach((name, i) => {
      const original = originals[i] as (this: string, ...args: unknown[]) => string;
      (String.prototype as unknown as Record<string, unknown>)[name] = function (this: string, ...args: unknown[]) {
        const cut = original.apply(this, args);
        copied += cut.length;
        return cut;
      };
    });
    let formatted: string;
    try {
      formatted = formatPlanText(text);
    } finally {
      cuts.forEach((name, i) => ((String.prototype as unknown as Record<string, unknown>)[name] = originals[i]));
    }
    assert.deepEqual(parse(formatted), parse(text));
    assert.ok(copied <= 4 * (text.length + formatted.length), `${copied} characters copied for ${text.length} read and ${formatted.length} written`);
  });
});
