import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, type ParseError } from 'jsonc-parser';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { PlanLanguageService } from '../../server/src/service/language-service';

const service = new PlanLanguageService();
const URI = 'file:///plan.virtplan.json';
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

function apply(text: string, edits: TextEdit[]): string {
  const parsed = service.parse(text);
  const sorted = [...edits].sort((a, b) => parsed.lines.offsetAt(b.range.start) - parsed.lines.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, parsed.lines.offsetAt(edit.range.start)) + edit.newText + out.slice(parsed.lines.offsetAt(edit.range.end));
  return out;
}

function actionsFor(text: string) {
  const parsed = service.parse(text);
  const diagnostics: Diagnostic[] = service.validate(parsed);
  return { diagnostics, actions: service.codeActions(parsed, URI, diagnostics) };
}

/** jsonc-parser's tolerant reading, which must find no error in a mended plan. */
function readWhole(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true });
  assert.deepEqual(errors, [], text);
  return value;
}

interface Layout {
  style: 'pretty' | 'one line' | 'compact';
  indent: string;
  eol: '\n' | '\r\n';
  /** Where the product stands among the host's keys. */
  productAt: number;
  /** A comment after the product's value. */
  comment: boolean;
}

/** A plan whose only host runs Hyper-V 2008 without an edition, written in the given layout. */
function planIn(layout: Layout): string {
  const { style, indent, eol } = layout;
  const entries: Array<[string, string]> = [
    ['name', '"hv-01"'],
    ['hardware', '{ "sockets": 2, "coresPerSocket": 4, "memoryGB": 32 }'],
  ];
  entries.splice(Math.min(layout.productAt, entries.length), 0, ['product', '"hyperv-2008"']);
  const inner = indent.repeat(3);
  const members = entries.map(([key, value]) => `"${key}": ${value}`);
  let host: string;
  if (style === 'pretty') {
    const lines = members.map((m, i) => inner + m + (i < members.length - 1 ? ',' : '') + (layout.comment && m.startsWith('"product"') ? ' // the server' : ''));
    host = `{${eol}${lines.join(eol)}${eol}${indent.repeat(2)}}`;
  } else {
    const sep = style === 'compact' ? ',' : ', ';
    host = style === 'compact' ? `{${members.join(sep)}}` : `{ ${members.join(sep)} }`;
  }
  return `{${eol}${indent}"name": "p",${eol}${indent}"hosts": [${eol}${indent.repeat(2)}${host}${eol}${indent}],${eol}${indent}"vms": []${eol}}${eol}`;
}

const layouts = fc.record({
  style: fc.constantFrom<Layout['style']>('pretty', 'one line', 'compact'),
  indent: fc.constantFrom('  ', '    ', '\t'),
  eol: fc.constantFrom<Layout['eol']>('\n', '\r\n'),
  productAt: fc.integer({ min: 0, max: 2 }),
  comment: fc.boolean(),
});

describe('edition-required quick fixes', () => {
  it('offer each edition of the product, and each clears the error, changing nothing else, in any layout', () => {
    fc.assert(
      fc.property(layouts, (layout) => {
        const text = planIn(layout);
        const before = readWhole(text) as { hosts: Array<Record<string, unknown>> };
        const { diagnostics, actions } = actionsFor(text);
        assert.ok(diagnostics.some((d) => d.code === 'edition-required'), text);
        const adds = actions.filter((a) => a.title.startsWith('Add "edition"'));
        assert.deepEqual(
          adds.map((a) => a.title),
          ['Add "edition": "standard"', 'Add "edition": "enterprise"', 'Add "edition": "datacenter"'],
        );
        for (const action of adds) {
          const edition = /"(\w+)"$/.exec(action.title)![1];
          const after = apply(text, action.edit!.changes![URI]);
          const value = readWhole(after) as { hosts: Array<Record<string, unknown>> };
          assert.deepEqual(value, { ...before, hosts: [{ ...before.hosts[0], edition }] }, after);
          // Right after the product, so the host reads as a planner writes it.
          assert.deepEqual(Object.keys(value.hosts[0]).indexOf('edition'), Object.keys(value.hosts[0]).indexOf('product') + 1, after);
          if (layout.style === 'pretty') {
            // A comment after the product's value stays at the end of the line it ended.
            const line = after.split(layout.eol).find((l) => l.includes('"edition"'))!.replace(/ \/\/ the server$/, '');
            assert.equal(line, `${layout.indent.repeat(3)}"edition": "${edition}"${layout.productAt === 2 ? '' : ','}`, after);
          } else {
            assert.equal(after.split(layout.eol).length, text.split(layout.eol).length, 'a one-line host stays on one line');
          }
          assert.ok(!actionsFor(after).diagnostics.some((d) => d.code === 'edition-required'), after);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('are not offered where the host is left open by a syntax error, which would take the insertion elsewhere', () => {
    const text = '{ "name": "p", "hosts": [ { "name": "hv-01", "product": "hyperv-2008", "hardware": { "sockets": 2 ';
    const { diagnostics, actions } = actionsFor(text);
    assert.ok(diagnostics.some((d) => d.code === 'edition-required'));
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Add "edition"')), []);
  });
});
