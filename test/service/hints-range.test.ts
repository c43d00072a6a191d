import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import type { InlayHint, Position, Range } from 'vscode-languageserver-types';
import { parsePlan } from '../../server/src/json/parse';
import { PlanVersion } from '../../server/src/service/plan-version';
import { PlanLanguageService } from '../../server/src/service/language-service';

const service = new PlanLanguageService();
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** Plans with hosts in clusters, written in different layouts, some with a list's key written twice or a name with an escape. */
const planArb = fc
  .record({
    products: fc.array(fc.constantFrom('hyperv-2008', 'hyperv-2008-r2', 'vmware-esx-3.5'), { minLength: 1, maxLength: 6 }),
    clustered: fc.integer({ min: 0, max: 6 }),
    vms: fc.array(fc.record({ host: fc.nat(5), vcpus: fc.integer({ min: 1, max: 8 }), memoryGB: fc.constantFrom(2, 16, 200) }), { maxLength: 8 }),
    vmsFirst: fc.boolean(),
    indent: fc.constantFrom(0, 2, '\t'),
    comment: fc.boolean(),
    decoy: fc.constantFrom(undefined, 'hosts', 'clusters'),
    escaped: fc.boolean(),
    nameTwice: fc.boolean(),
  })
  .map((p) => {
    const hosts = p.products.map((product, i) => ({ name: `h${i}`, product, ...(product.startsWith('hyperv') ? { edition: 'enterprise' } : {}), hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } }));
    const nodes = hosts.slice(0, p.clustered).map((h) => h.name);
    const clusters = nodes.length ? [{ name: 'c-a', nodes: nodes.slice(0, 2) }, ...(nodes.length > 2 ? [{ name: 'c-b', nodes: nodes.slice(2) }] : [])] : [];
    const vms = p.vms.map((v, i) => ({ name: `vm${i}`, host: hosts[v.host % hosts.length].name, guest: { os: 'windows-server-2008' }, vcpus: v.vcpus, memoryGB: v.memoryGB }));
    const plan = p.vmsFirst ? { name: 'p', vms, hosts, clusters } : { name: 'p', hosts, clusters, vms };
    let text = JSON.stringify(plan, null, p.indent);
    if (p.decoy) text = text.replace('{', `{"${p.decoy}": [{"name": "h0"}],`);
    if (p.comment) text = text.replace('"hosts"', '/* the hosts, [ { */ "hosts"');
    if (p.escaped) text = text.replace('"name":"h0"', '"name":"h\\u0030"').replace('"name": "h0"', '"name": "h\\u0030"');
    if (p.nameTwice) text = text.replace(/"name": ?"h1"/, '"name": "x", "name": "h1"');
    return text;
  });

const offsetOf = (text: string, p: Position) => {
  const lines = text.split('\n');
  if (p.line < 0) return 0;
  if (p.line >= lines.length) return text.length;
  const start = lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0);
  return Math.max(start, Math.min(start + p.character, start + lines[p.line].length + (p.line + 1 < lines.length ? 1 : 0)));
};

const rangeArb = fc.tuple(fc.integer({ min: -1, max: 80 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: -1, max: 80 }), fc.integer({ min: 0, max: 30 })).map(([a, ca, b, cb]): Range => {
  const [start, end] = a < b || (a === b && ca <= cb) ? [{ line: a, character: ca }, { line: b, character: cb }] : [{ line: b, character: cb }, { line: a, character: ca }];
  return { start, end };
});

/** Each hint with the span of the name it follows, found in jsonc-parser's tree. */
function withNames(text: string, hints: InlayHint[]): Array<{ hint: InlayHint; offset: number; end: number }> {
  const tree = parseTree(text)!;
  // Of a key written twice, the later one, as JSON.parse keeps it (findNodeAtLocation takes the first).
  const last = (node: Node | undefined, key: string) => node?.children?.filter((p) => p.children?.[0].value === key).pop()?.children?.[1];
  const names: Array<{ offset: number; end: number }> = [];
  for (const list of ['hosts', 'clusters']) {
    for (const item of last(tree, list)?.children ?? []) {
      const node = last(item, 'name');
      if (node) names.push({ offset: node.offset, end: node.offset + node.length });
    }
  }
  return hints.map((hint) => {
    const end = offsetOf(text, hint.position);
    const name = names.filter((n) => n.end === end).pop();
    assert.ok(name, 'a hint follows a name');
    return { hint, ...name };
  });
}

describe('inlay hints for a range', () => {
  it('are the whole plan hints whose names the range touches, first on a version or not', () => {
    fc.assert(
      fc.property(planArb, rangeArb, (text, range) => {
        // The whole plan's hints, after the lenses found every name of the version.
        const full = new PlanVersion(parsePlan(text), service.catalog);
        service.codeLenses(full, 1);
        const whole = withNames(text, service.inlayHints(full, { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } }, 1));
        const [start, end] = [offsetOf(text, range.start), offsetOf(text, range.end)];
        const expected = whole.filter((h) => h.end >= start && h.offset <= end).map((h) => h.hint);
        // A version whose check ran, and one asked before its check.
        const checked = new PlanVersion(parsePlan(text), service.catalog);
        service.validate(checked, { defaultReserve: 1 });
        assert.deepEqual(service.inlayHints(checked, range, 1), expected);
        assert.deepEqual(service.inlayHints(new PlanVersion(parsePlan(text), service.catalog), range, 1), expected);
      }),
      { numRuns: RUNS },
    );
  });
});
