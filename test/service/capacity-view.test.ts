import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTree, findNodeAtLocation } from 'jsonc-parser';
import type { InlayHint, InlayHintLabelPart, MarkupContent } from 'vscode-languageserver-types';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { OVER } from '../../server/src/service/capacity-view';
import { planText, type Json } from '../helpers';

const service = new PlanLanguageService();
const catalog = service.catalog;
const hyperV = catalog.product('hyperv-2008')!;
const reserve = hyperV.host.reservedMemoryGB!.value;
const enterprise = hyperV.editions!.editions.enterprise!;

const whole = (text: string) => {
  const lines = text.split('\n');
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
};

const labelOf = (hint: InlayHint) => (typeof hint.label === 'string' ? hint.label : (hint.label as InlayHintLabelPart[]).map((p) => p.value).join(''));

/** Line/character just after a node's value, found by jsonc-parser, independently of the service. */
function afterValue(text: string, path: Array<string | number>) {
  const node = findNodeAtLocation(parseTree(text)!, path)!;
  const before = text.slice(0, node.offset + node.length).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The hints at each position, their labels joined with a space as an editor shows them, in order. */
function hints(text: string, range = whole(text)): Array<{ position: InlayHint['position']; label: string; paddingLeft?: boolean }> {
  const out: Array<{ position: InlayHint['position']; label: string; paddingLeft?: boolean }> = [];
  for (const hint of service.inlayHints(service.parse(text), range)) {
    const last = out[out.length - 1];
    if (last && last.position.line === hint.position.line && last.position.character === hint.position.character) last.label += ' ' + labelOf(hint);
    else out.push({ position: hint.position, label: labelOf(hint), paddingLeft: hint.paddingLeft });
  }
  return out;
}

const vm = (name: string, host: string, memoryGB: number, extra: Json = {}): Json => ({
  name,
  host,
  guest: { os: 'windows-server-2008', arch: 'x64' },
  vcpus: 2,
  memoryGB,
  migration: 'quick',
  highlyAvailable: true,
  ...extra,
});

describe('inlay hints', () => {
  it("after each host's name, its capacity; after the cluster's name, N+1", () => {
    const text = planText();
    const found = hints(text);
    assert.equal(found.length, 3);
    const [h1, h2, cl] = found;
    assert.deepEqual(h1.position, afterValue(text, ['hosts', 0, 'name']));
    assert.deepEqual(h2.position, afterValue(text, ['hosts', 1, 'name']));
    assert.deepEqual(cl.position, afterValue(text, ['clusters', 0, 'name']));
    const maxVms = hyperV.host.runningVMs!.value;
    assert.equal(h1.label, `8 LP · 2 vCPU (0.3:1) · ${4 + reserve} of 64 GB · 1 of ${maxVms} VMs · 1 of ${enterprise.licensedWindowsGuests!.value} licences`);
    assert.equal(h2.label, `8 LP · 0 vCPU (0:1) · ${reserve} of 64 GB · 0 of ${maxVms} VMs · 0 of ${enterprise.licensedWindowsGuests!.value} licences`);
    assert.equal(cl.label, 'N+1 ok');
    assert.ok(found.every((h) => h.paddingLeft));
  });

  it('marks the parts over their limit', () => {
    const licensed = enterprise.licensedWindowsGuests!.value as number;
    const text = planText((p) => {
      p.hosts[0].hardware = { sockets: 4, coresPerSocket: 5, memoryGB: 64 };
      p.vms = Array.from({ length: licensed + 1 }, (_, i) => vm(`w${i}`, 'hv-01', 13, { highlyAvailable: false, migration: 'none' }));
    });
    const label = hints(text)[0].label;
    assert.ok(label.startsWith(`${OVER}20 LP · `), `20 logical processors are above ${hyperV.host.logicalProcessors!.value}: ${label}`);
    assert.ok(hints(text)[1].label.startsWith('8 LP · '));
    assert.ok(label.includes(`${OVER}${13 * (licensed + 1) + reserve} of 64 GB`), label);
    assert.ok(label.includes(`${OVER}${licensed + 1} of ${licensed} licences`), label);
  });

  it('says how many VMs a cluster leaves down', () => {
    const text = planText((p) => {
      p.vms = [vm('a', 'hv-01', 30), vm('b', 'hv-01', 30), vm('c', 'hv-02', 40, { highlyAvailable: false, migration: 'none' })];
    });
    assert.equal(hints(text)[2].label, `${OVER}N+1: 2 VMs short`);
  });

  it('answers only for the names inside the requested range', () => {
    const text = planText();
    const second = afterValue(text, ['hosts', 1, 'name']);
    const only = hints(text, { start: { line: second.line, character: 0 }, end: { line: second.line + 1, character: 0 } });
    assert.deepEqual(only.map((h) => h.position), [second]);
    assert.deepEqual(hints(text, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }), []);
  });

  it('stays silent on a host with no name and on text that is not a plan, and keeps its place in a broken file', () => {
    assert.deepEqual(hints('[1, 2]'), []);
    assert.deepEqual(hints(''), []);
    const broken = planText().replace('"vms": [', '"vms": [,');
    const found = hints(broken);
    assert.deepEqual(found[0].position, afterValue(planText(), ['hosts', 0, 'name']));
  });
});

describe('code lens', () => {
  const lenses = (text: string) => service.codeLenses(service.parse(text)).map((l) => ({ line: l.range.start.line, title: l.command!.title }));

  it("above the plan, its totals; above each cluster, the failover result in words", () => {
    const text = planText((p) => {
      p.vms = [vm('a', 'hv-01', 10), vm('b', 'hv-02', 30)];
    });
    const clusterLine = findNodeAtLocation(parseTree(text)!, ['clusters', 0])!;
    const found = lenses(text);
    assert.deepEqual(found[0], { line: 0, title: `2 hosts · 2 VMs · 4 vCPU on 16 LP · ${40 + 2 * reserve} of 128 GB committed · 1 cluster, 1 of 1 survive their reserve` });
    assert.equal(found[1].line, text.slice(0, clusterLine.offset).split('\n').length - 1);
    const worst = Math.round((100 * (40 + reserve)) / 64);
    assert.equal(found[1].title, `Survives the loss of any 1 node; worst: hv-01 down leaves hv-02 at ${worst}% memory`);
  });

  it('names the failed node, the VMs and the GB that would not restart', () => {
    const text = planText((p) => {
      p.clusters[0].reserve = 1;
      p.vms = [vm('a', 'hv-01', 30), vm('b', 'hv-01', 30), vm('c', 'hv-02', 40, { highlyAvailable: false, migration: 'none' })];
    });
    const free = 64 - reserve - 40;
    assert.ok(free < 30, 'neither 30 GB VM fits on hv-02');
    assert.equal(lenses(text)[1].title, 'Does not survive the loss of 1 node: with hv-01 down, 2 VMs (60 GB) would not restart: a, b');
  });

  it('says when a reserve of 0 checks nothing', () => {
    const text = planText((p) => (p.clusters[0].reserve = 0));
    assert.equal(lenses(text)[1].title, 'No failover reserve (reserve 0): node failures are not checked');
  });
});

describe("hover on a host's name", () => {
  it('shows its capacity as a table, with the part over its limit marked', () => {
    const text = planText((p) => (p.vms[0].memoryGB = 63));
    const at = findNodeAtLocation(parseTree(text)!, ['hosts', 0, 'name'])!;
    const before = text.slice(0, at.offset + 2).split('\n');
    const hover = service.hover(service.parse(text), { line: before.length - 1, character: before[before.length - 1].length });
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /^### Host "hv-01"/);
    assert.match(value, /\| capacity \| planned \| limit \|/);
    assert.ok(value.includes(`| memory | ${OVER}${63 + reserve} GB (${reserve} GB for the host) | 64 GB |`), value);
    assert.ok(value.includes(`| VMs | 1 | ${hyperV.host.runningVMs!.value} |`), value);
  });

  it('says what licenses the Windows guests where no edition counts them', () => {
    const row = (mutate: (p: Json) => void) => {
      const text = planText(mutate);
      const at = findNodeAtLocation(parseTree(text)!, ['hosts', 0, 'name'])!;
      const before = text.slice(0, at.offset + 2).split('\n');
      const value = (service.hover(service.parse(text), { line: before.length - 1, character: before[before.length - 1].length })!.contents as MarkupContent).value;
      return value.split('\n').find((line) => line.startsWith('| Windows guests |'));
    };
    assert.equal(row(() => undefined), '| Windows guests | 1 | 4 licensed |');
    assert.equal(row((p) => (p.hosts[0].edition = 'datacenter')), '| Windows guests | 1 | unlimited |');
    assert.equal(row((p) => delete p.hosts[0].edition), '| Windows guests | 1 | the edition is not given |');
    assert.equal(row((p) => Object.assign(p.hosts[0], { product: 'vmware-esx-3.5', edition: undefined })), '| Windows guests | 1 | none with the host: each needs its own licence |');
  });

  it('escapes Markdown in a host name', () => {
    const text = planText((p) => {
      p.hosts[0].name = '*bold* [x](y)';
      p.vms[0].host = '*bold* [x](y)';
      p.clusters[0].nodes[0] = '*bold* [x](y)';
    });
    const at = findNodeAtLocation(parseTree(text)!, ['hosts', 0, 'name'])!;
    const before = text.slice(0, at.offset + 2).split('\n');
    const value = (service.hover(service.parse(text), { line: before.length - 1, character: before[before.length - 1].length })!.contents as MarkupContent).value;
    assert.match(value, /^### Host "/);
    assert.ok(!value.includes('*bold*') && !value.includes('[x](y)'), value);
  });
});
