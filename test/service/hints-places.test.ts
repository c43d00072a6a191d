import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CodeLens, InlayHint, Position, Range } from 'vscode-languageserver-types';
import { PlanDocument } from '../../server/src/document';
import { locatePointers, type Located } from '../../server/src/json/locate';
import { parsePlan } from '../../server/src/json/parse';
import { clusterHintText, clusterLensText, hostParts, OVER, planLensText } from '../../server/src/service/capacity-view';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { planLists, type ListNames } from '../../server/src/service/name-places';
import { PlanVersion } from '../../server/src/service/plan-version';

const service = new PlanLanguageService();
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/**
 * The hints and lens as every name's place was found before a screen's were read on their
 * own: each host's and cluster's `name` (and each cluster and the plan) located by pointer,
 * positions from the version's line index.
 */
function placed(text: string) {
  const version = new PlanVersion(parsePlan(text), service.catalog);
  const model = version.model;
  const capacity = version.capacity(1);
  if (!model || !capacity) return undefined;
  const at = locatePointers(version, ['', ...model.hosts.map((h) => `${h.pointer}/name`), ...model.clusters.flatMap((c) => [c.pointer, `${c.pointer}/name`])]);
  return { version, model, capacity, at };
}

function oldHints(text: string, range: Range): InlayHint[] {
  const found = placed(text);
  if (!found) return [];
  const { version, model, capacity, at } = found;
  const [start, end] = [version.lines.offsetAt(range.start), version.lines.offsetAt(range.end)];
  const inRange = (place: Located | undefined): place is Located => !!place && place.offset + place.length >= start && place.offset <= end;
  const hints: Array<{ offset: number; hint: Omit<InlayHint, 'position'> }> = [];
  model.hosts.forEach((host, i) => {
    const place = at.get(`${host.pointer}/name`);
    if (!inRange(place) || host.name === undefined) return;
    const label = hostParts(capacity.hosts[i]).map((p, k) => ({ value: (k ? ' · ' : '') + (p.over ? OVER : '') + p.text, tooltip: p.tooltip }));
    hints.push({ offset: place.offset + place.length, hint: { label, paddingLeft: true } });
  });
  model.clusters.forEach((cluster, i) => {
    const place = at.get(`${cluster.pointer}/name`);
    const label = clusterHintText(capacity.clusters[i]);
    if (!inRange(place) || cluster.name === undefined || !label) return;
    hints.push({ offset: place.offset + place.length, hint: { label, tooltip: clusterLensText(capacity.clusters[i]), paddingLeft: true } });
  });
  return hints.map(({ offset, hint }) => ({ position: version.lines.positionAt(offset), ...hint }));
}

function oldLenses(text: string): CodeLens[] {
  const found = placed(text);
  if (!found || found.model.hosts.length === 0) return [];
  const { version, model, capacity, at } = found;
  const lens = (offset: number, title: string): CodeLens => {
    const position = version.lines.positionAt(offset);
    return { range: { start: position, end: position }, command: { title, command: '' } };
  };
  const lenses = [lens(at.get('')?.offset ?? 0, planLensText(capacity.hosts, capacity.clusters, model.vms.length))];
  model.clusters.forEach((cluster, i) => {
    const place = at.get(cluster.pointer);
    if (place) lenses.push(lens(place.offset, clusterLensText(capacity.clusters[i])));
  });
  return lenses;
}

/** A position's offset, counted here from the text's line breaks (\r\n, \r, \n), a character past a line's end stopping at the next line. */
function offsetOf(text: string, p: Position): number {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  if (p.line < 0) return 0;
  if (p.line >= starts.length) return text.length;
  const next = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
  return Math.max(starts[p.line], Math.min(starts[p.line] + p.character, next));
}

const PRODUCTS = ['hyperv-2008', 'hyperv-2008-r2', 'vmware-esx-3.5'];
const name = fc.constantFrom('h0', 'h1', 'h2', 'h\\u0031', 'c-a', '[x]', '{', 'h // 1', 'h /* */');

/** One host as written: a name (or none, or a number, or written twice), sometimes not an object at all. */
const hostArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ name, product: fc.constantFrom(...PRODUCTS), twice: fc.constantFrom(undefined, 'h2', 7), missing: fc.boolean(), oneLine: fc.boolean(), vms: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constantFrom('"not a host"', '7', 'null', '[1, {"name": "h0"}]') },
);

const planArb = fc
  .record({
    hosts: fc.array(hostArb, { minLength: 1, maxLength: 9 }),
    clusters: fc.array(fc.record({ name, nodes: fc.array(fc.nat(8), { maxLength: 4 }), reserve: fc.constantFrom(undefined, 0, 1, 2), storage: fc.boolean() }), { maxLength: 4 }),
    order: fc.constantFrom(['hosts', 'clusters', 'vms'], ['vms', 'clusters', 'hosts'], ['clusters', 'vms', 'hosts']),
    indent: fc.constantFrom('', '  ', '\t'),
    breaks: fc.constantFrom('\n', '\r\n', '\r'),
    comments: fc.boolean(),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    decoy: fc.constantFrom(undefined, 'hosts', 'clusters'),
    damage: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.constantFrom('', ',', '"', '}', ']', 'x')) },
    ),
  })
  .map((p) => {
    const pad = (depth: number) => (p.indent === '' ? '' : '\n' + p.indent.repeat(depth));
    const note = (k: number) => (p.comments && k % 2 ? '/* , ] */ ' : '');
    const list = (items: string[], depth: number) => (items.length ? `[${items.map((i, k) => pad(depth + 1) + note(k) + i).join(',')}${p.trailing ? ',' : ''}${pad(depth)}]` : '[]');
    const object = (pairs: string[], depth: number, oneLine = false) => `{${pairs.map((i) => (oneLine ? ' ' : pad(depth + 1)) + i).join(',')}${oneLine ? ' ' : pad(depth)}}`;
    const vms: string[] = [];
    const hosts = p.hosts.map((h, i) => {
      if (typeof h === 'string') return h;
      for (let k = 0; k < h.vms; k++) vms.push(object([`"name": "vm${i}-${k}"`, `"host": "h${i}"`, '"guest": {"os": "windows-server-2008"}', `"vcpus": ${k + 1}`, '"memoryGB": 4'], 2, true));
      const pairs = [
        ...(h.missing ? [] : [`"name": "${h.name}"`]),
        `"product": "${h.product}"`,
        ...(h.product.startsWith('hyperv') ? ['"edition": "enterprise"'] : []),
        object(['"sockets": 2', '"coresPerSocket": 4', '"memoryGB": 64'], 3, true).replace(/^/, '"hardware": '),
        ...(h.twice === undefined ? [] : [`"name": ${JSON.stringify(h.twice)}`]),
      ];
      return object(pairs, 2, h.oneLine);
    });
    const clusters = p.clusters.map((c) =>
      object([`"name": "${c.name}"`, `"nodes": [${c.nodes.map((n) => `"h${n}"`).join(', ')}]`, ...(c.reserve === undefined ? [] : [`"reserve": ${c.reserve}`]), `"sharedStorage": ${c.storage}`], 2),
    );
    const lists: Record<string, string[]> = { hosts, clusters, vms };
    const pairs = ['"name": "p"', ...p.order.map((key) => `${p.comments ? `/* ${key}: [ { */ ` : ''}"${key}": ${list(lists[key], 1)}`)];
    if (p.decoy) pairs.unshift(`"${p.decoy}": [{"name": "h0", "product": "hyperv-2008"}]`);
    let text = object(pairs, 0);
    if (p.comments) text = text.replace(/"product"/g, (m, at: number) => (at % 3 ? m : `// a host ] }\n${m}`));
    text = text.replace(/\n/g, p.breaks);
    if (p.bom) text = '\ufeff' + text;
    if (p.damage) {
      const [at, insert] = p.damage;
      const i = Math.floor(at * text.length);
      text = insert === '' ? text.slice(0, i) : text.slice(0, i) + insert + text.slice(i);
    }
    return text;
  });

const lineArb = fc.integer({ min: -2, max: 120 });
// A range's start is never after its end (LSP's Range); lines before the first and after the last are asked.
const rangeArb = fc.tuple(lineArb, fc.nat(40), lineArb, fc.nat(40)).map(([a, ca, b, cb]): Range => {
  const [start, end] = a < b || (a === b && ca <= cb) ? [{ line: a, character: ca }, { line: b, character: cb }] : [{ line: b, character: cb }, { line: a, character: ca }];
  return { start, end };
});

/** The versions a feature may be asked on: before the check, after it, and one read from a document kept in small pieces. */
function versionsOf(text: string): PlanVersion[] {
  const fresh = service.parse(text);
  const checked = service.parse(text);
  service.validate(checked, { defaultReserve: 1 });
  const document = PlanDocument.create('file:///p.virtplan.json', 'virtplan', 1, text, 64);
  const pieces = service.parse(document.getText(), document.lineIndex());
  service.validate(pieces, { defaultReserve: 1 });
  return [fresh, checked, pieces];
}

describe('inlay hints read for a range only', () => {
  it('are the hints every name located gave, for any ranges asked in any order, on any version, valid or broken', () => {
    fc.assert(
      fc.property(planArb, fc.array(rangeArb, { minLength: 1, maxLength: 4 }), (text, ranges) => {
        for (const version of versionsOf(text)) {
          for (const range of ranges) assert.deepEqual(service.inlayHints(version, range, 1), oldHints(text, range));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('are the whole plan hints whose names the range touches', () => {
    fc.assert(
      fc.property(planArb, rangeArb, (text, range) => {
        const found = placed(text);
        const whole = service.inlayHints(service.parse(text), { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } }, 1);
        if (!found) return assert.deepEqual(whole, []);
        // Every hint follows the end of one name: the names by where they end.
        const names = new Map<number, Located>();
        for (const entry of [...found.model.hosts, ...found.model.clusters]) {
          const place = found.at.get(`${entry.pointer}/name`);
          if (place) names.set(place.offset + place.length, place);
        }
        const [start, end] = [offsetOf(text, range.start), offsetOf(text, range.end)];
        const expected = whole.filter((hint) => {
          const place = names.get(offsetOf(text, hint.position));
          assert.ok(place, 'a hint follows a name');
          return place.offset + place.length >= start && place.offset <= end;
        });
        for (const version of versionsOf(text)) assert.deepEqual(service.inlayHints(version, range, 1), expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('code lens stands where every cluster located gave, before or after hints were asked', () => {
    fc.assert(
      fc.property(planArb, rangeArb, (text, range) => {
        const expected = oldLenses(text);
        for (const version of versionsOf(text)) assert.deepEqual(service.codeLenses(version, 1), expected);
        for (const version of versionsOf(text)) {
          service.inlayHints(version, range, 1);
          assert.deepEqual(service.codeLenses(version, 1), expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reads a large plan only as far as the screen asked', () => {
    const hosts = Array.from({ length: 3000 }, (_, i) => ({ name: `h${i}`, product: 'hyperv-2008-r2', edition: 'datacenter', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } }));
    const text = JSON.stringify({ name: 'p', hosts, clusters: [{ name: 'c', nodes: ['h0', 'h1'] }], vms: [] }, null, 2);
    const version = service.parse(text);
    service.validate(version, { defaultReserve: 1 });
    const screen = { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } };
    assert.deepEqual(service.inlayHints(version, screen, 1), oldHints(text, screen));
    const stepped = () => (planLists(version)!.hosts as ListNames).items.found.length;
    assert.ok(stepped() < 10, `${stepped()} hosts stepped through for the first screen`);
    const further = { start: { line: 1500, character: 0 }, end: { line: 1560, character: 0 } };
    assert.deepEqual(service.inlayHints(version, further, 1), oldHints(text, further));
    assert.ok(stepped() < 200, `${stepped()} hosts stepped through for a screen at line 1,500`);
  });

  it('are the same far down a large plan, where the screen is found in the line index, with any line breaks', () => {
    const hosts = Array.from({ length: 800 }, (_, i) => ({ name: `h${i % 790}`, product: i % 3 ? 'hyperv-2008-r2' : 'vmware-esx-3.5', ...(i % 3 ? { edition: 'datacenter' } : {}), hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } }));
    const clusters = Array.from({ length: 80 }, (_, i) => ({ name: `c${i}`, nodes: [`h${3 * i + 1}`, `h${3 * i + 2}`], reserve: i % 2 }));
    const value = { name: 'p', hosts, clusters, vms: [] };
    // The lines of the names, so that a range often starts or ends on one.
    const nameLines = JSON.stringify(value, null, 2)
      .split('\n')
      .flatMap((line, i) => (line.includes('"name"') ? [i] : []));
    const lineArb = fc.oneof(fc.integer({ min: 1_900, max: 9_000 }), fc.constantFrom(...nameLines));
    const farArb = fc.tuple(lineArb, fc.nat(30), lineArb, fc.nat(30)).map(([a, character, b, endCharacter]): Range => ({ start: { line: Math.min(a, b), character }, end: { line: Math.max(a, b), character: endCharacter } }));
    fc.assert(
      fc.property(fc.constantFrom('\n', '\r\n', '\r'), fc.array(farArb, { minLength: 1, maxLength: 4 }), (eol, ranges) => {
        const text = JSON.stringify(value, null, 2).replace(/\n/g, eol);
        for (const version of versionsOf(text)) {
          for (const range of ranges) assert.deepEqual(service.inlayHints(version, range, 1), oldHints(text, range));
        }
      }),
      { numRuns: Math.ceil(RUNS / 5) },
    );
  });
});
