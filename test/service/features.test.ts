import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem, Diagnostic, DocumentSymbol, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { productCard, renderCardMarkdown } from '../../server/src/catalog/facts';
import { PlanLanguageService } from '../../server/src/service/language-service';
import type { ParsedPlan } from '../../server/src/json/parse';
import type { Position } from '../../server/src/json/text';
import { insideString, planText } from '../helpers';

const service = new PlanLanguageService();
const URI = 'file:///plan.virtplan.json';
const FULL = { snippetSupport: true };

/** Parses text with one `|` marking the cursor. */
function withCursor(marked: string): { parsed: ParsedPlan; position: Position; text: string } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the text has a | cursor');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const parsed = service.parse(text);
  return { parsed, text, position: parsed.lines.positionAt(offset) };
}

/** Puts the cursor inside the first occurrence of `needle` in the pretty-printed plan, after `at` characters. */
function cursorIn(text: string, needle: string, at = 1): string {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `the plan contains ${needle}`);
  return text.slice(0, i + at) + '|' + text.slice(i + at);
}

function hoverText(marked: string): string {
  const { parsed, position } = withCursor(marked);
  const hover = service.hover(parsed, position);
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

function apply(text: string, edits: TextEdit[]): string {
  const parsed = service.parse(text);
  const sorted = [...edits].sort((a, b) => parsed.lines.offsetAt(b.range.start) - parsed.lines.offsetAt(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, parsed.lines.offsetAt(edit.range.start)) + edit.newText + out.slice(parsed.lines.offsetAt(edit.range.end));
  return out;
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

describe('hover', () => {
  it('a product id shows a short card: this host against the limits, closest first, what the product lacks, sources as links', () => {
    const text = planText((p) => (p.hosts[0].hardware.coresPerSocket = 10));
    const value = hoverText(cursorIn(text, '"hyperv-2008"', 3));
    const lines = value.split('\n');
    assert.equal(lines[0], '### Hyper-V on Windows Server 2008 Enterprise');
    assert.ok(lines.length <= 20, `a card of ${lines.length} lines`);
    assert.match(lines[1], /on host "hv-01":$/);
    const rows = lines.filter((l) => l.startsWith('- '));
    assert.match(rows[0], /^- logical processors: \*\*20 of 16\*\* \(24 with KB956710\)/, 'the limit this host is over comes first');
    assert.deepEqual(rows.slice(1), ['- virtual processors per VM: 2 of 4', '- sockets: 2 of 8 _(recalled)_', '- memory per VM: 4 GB of 64 GB', '- failover clustering: 16 nodes at most']);
    assert.match(value, /\*\*Lacks:\*\* live migration, memory overcommit/);
    assert.doesNotMatch(value, /\bS\d+\b/, 'no bare source ids');
    assert.match(value, /Sources: .*\[TechGenix\]\(<https:\/\/techgenix\.com\/[^>]+> "TechGenix: /);
    assert.match(value, /virtplan: Show Product Facts/);
  });

  it('a product card says an edition lacks clustering only where the product has editions', () => {
    const desktop = planText((p) => {
      p.hosts[0] = { name: 'pc-01', product: 'virtual-pc-2007', hardware: { sockets: 1, coresPerSocket: 2, memoryGB: 4 } };
      p.clusters = [];
      p.vms = [];
    });
    const card = hoverText(cursorIn(desktop, '"virtual-pc-2007"', 3));
    assert.doesNotMatch(card, /edition/, card);
    assert.match(card, /\*\*Lacks:\*\* .*failover clustering/);
    const standard = planText((p) => (p.hosts[0].edition = 'standard'));
    assert.match(hoverText(cursorIn(standard, '"hyperv-2008"', 3)), /^- failover clustering: none in the Standard edition/m);
    // Virtual Server clusters its hosts, and the catalog gives no node limit for it.
    const legacy = planText((p) => {
      p.hosts[0] = { name: 'vs-01', product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 1, coresPerSocket: 2, memoryGB: 8 } };
      p.clusters = [];
      p.vms = [];
    });
    const line = hoverText(cursorIn(legacy, '"virtual-server-2005-r2-sp1"', 3)).split('\n').find((l) => l.startsWith('- failover clustering'));
    assert.match(line ?? '', /^- failover clustering: yes\b/);
  });

  it('the fact sheet request finds the product of the host, VM or cluster node at the cursor', () => {
    const text = planText((p) => (p.hosts[1].product = 'hyperv-2008-r2'));
    const at = (needle: string, into: number) => withCursor(cursorIn(text, needle, into));
    let c = at('"coresPerSocket"', 3);
    assert.equal(service.productFacts(undefined, c.parsed, c.position).sheet?.id, 'hyperv-2008');
    c = at('"memoryGB": 4', 3);
    assert.equal(service.productFacts(undefined, c.parsed, c.position).sheet?.id, 'hyperv-2008', 'a VM: its host\'s product');
    const node = text.lastIndexOf('"hv-02"') + 2;
    const parsed = service.parse(text);
    assert.equal(service.productFacts(undefined, parsed, parsed.lines.positionAt(node)).sheet?.id, 'hyperv-2008-r2', 'a cluster node: that host\'s product');
    c = at('"name": "Test plan"', 3);
    const none = service.productFacts(undefined, c.parsed, c.position);
    assert.equal(none.sheet, undefined);
    assert.deepEqual(none.products.map((p) => p.id), service.catalog.productIds());
    assert.match(service.productFacts('vmware-esx-3.5').sheet!.markdown, /^# VMware ESX 3\.5\n/);
    assert.equal(service.productFacts('toString').sheet, undefined);
  });

  it('the fact sheet has every row, each source id a link to its page', () => {
    const product = service.catalog.product('hyperv-2008')!;
    const sheet = renderCardMarkdown(productCard(product, service.catalog));
    assert.match(sheet, /^# Hyper-V on Windows Server 2008\n/);
    assert.match(sheet, /\| logical processors per host \| 16 \| seed, \[S6\]\(<https:\/\/techgenix\.com/);
    assert.match(sheet, /\| IDE devices per VM \| 4 \|/);
    assert.match(sheet, /- S2: \[TechNet blog: 70-659/);
  });

  it('a count of one is singular in every fact sheet', () => {
    for (const product of service.catalog.products()) {
      const sheet = renderCardMarkdown(productCard(product, service.catalog));
      assert.doesNotMatch(sheet, /(?<![\d.,])1 (sockets|Windows guests|VMs|nodes|processors|disks|NICs)\b/, product.id);
    }
    assert.match(renderCardMarkdown(productCard(service.catalog.product('hyperv-2008')!, service.catalog)), /1 Windows guest licensed/);
  });

  it('a property shows what it means and the limit for this host and guest', () => {
    const text = planText((p) => (p.vms[0].guest.os = 'windows-server-2003'));
    const value = hoverText(cursorIn(text, '"vcpus"', 2));
    assert.match(value, /\*\*vcpus\*\*/);
    assert.match(value, /Virtual processors/);
    assert.match(value, /Hyper-V on Windows Server 2008 allows 4 virtual processors per VM \(S2\)/);
    assert.match(value, /Windows Server 2003 guest: 2 virtual processors/);
  });

  it("a guest OS shows its limits with what they count, away from the vcpus they are about", () => {
    const text = planText((p) => (p.vms[0].guest.os = 'windows-server-2003'));
    const value = hoverText(cursorIn(text, '"windows-server-2003"', 3));
    assert.match(value, /\*\*Windows Server 2003\*\*/);
    const limits = value.split('\n').filter((l) => l.startsWith('- '));
    assert.equal(limits.length, 2, value);
    for (const line of limits) assert.match(line, /\d virtual processors?\b/, line);
  });

  it('the value of a property hovers like its key', () => {
    const value = hoverText(cursorIn(planText(), '"coresPerSocket": 4', 18));
    assert.match(value, /runs up to 16 logical processors \(24 with KB956710\)/);
    assert.match(value, /2 × 4 = 8/);
  });

  it("a cluster's nodes show how many its hosts take; an unknown property that begins the same does not", () => {
    assert.match(hoverText(cursorIn(planText(), '"nodes"', 2)), /^- Clusters of these hosts take up to 16 nodes\.$/m);
    const text = planText((p) => (p.clusters[0].nodesSpare = ['hv-03']));
    const { parsed, position } = withCursor(cursorIn(text, '"nodesSpare"', 2));
    assert.equal(service.hover(parsed, position), null);
  });

  it('a host reference shows that host and how full it is', () => {
    const value = hoverText(cursorIn(planText(), '"host": "hv-01"', 11));
    assert.match(value, /Host "hv-01"/);
    assert.match(value, /Hyper-V on Windows Server 2008 Enterprise/);
    assert.match(value, /logical processors: 8 of 16/);
    assert.match(value, /VMs: 1 of 128/);
  });

  it("a host reference gives the memory the host's product and edition can use, as the hover on its name does", () => {
    const text = planText((p) => {
      p.hosts[0].product = 'hyperv-server-2008';
      delete p.hosts[0].edition;
      p.hosts[0].hardware.memoryGB = 48;
    });
    const table = hoverText(cursorIn(text, '"name": "hv-01"', 10));
    assert.match(table, /\| 32 GB usable \(48 GB installed\) \|/);
    assert.match(hoverText(cursorIn(text, '"host": "hv-01"', 11)), /^- memory: 4 GB given to VMs \+ 2 GB for the host, of 32 GB usable \(48 GB installed\)$/m);
  });

  it('punctuation has no hover, in a whole plan and in a broken one', () => {
    for (const text of [planText(), '{ "hosts": [ { "name": "h", "product": "hyperv-2008" }, { "name": ']) {
      const parsed = service.parse(text);
      let checked = 0;
      for (let offset = 0; offset < text.length; offset++) {
        // Only structural characters outside strings: the oracle is JSON's own grammar.
        if (!'{}[]:,'.includes(text[offset]) || insideString(text, offset)) continue;
        // A hover at a character boundary belongs to the token before it; ask in the middle.
        const before = text[offset - 1] ?? ' ';
        if (before !== ' ' && before !== '\n' && !'{}[]:,'.includes(before)) continue;
        checked++;
        assert.equal(service.hover(parsed, parsed.lines.positionAt(offset)), null, `no hover at ${offset} (${JSON.stringify(text.slice(Math.max(0, offset - 10), offset + 1))})`);
      }
      assert.ok(checked >= 5, `checked ${checked} punctuation marks`);
    }
  });
});

describe('completion', () => {
  it('offers catalog ids with their names inside "product": ""', () => {
    const text = planText().replace('"product": "hyperv-2008"', '"product": ""');
    const { parsed, position } = withCursor(cursorIn(text, '"product": ""', 12));
    const list = service.complete(parsed, position, FULL);
    const items = list.items;
    assert.ok(labels(items).includes('hyperv-2008-r2'));
    assert.ok(labels(items).includes('vmware-esx-3.5'));
    const esx = items.find((i) => i.label === 'vmware-esx-3.5')!;
    assert.equal(esx.detail, 'VMware ESX 3.5');
    const edit = esx.textEdit as TextEdit;
    const after = apply(text, [edit]);
    assert.match(after, /"product": "vmware-esx-3.5"/);
  });

  it('offers property names, required first, without those already present', () => {
    const text = '{ "name": "p", "hosts": [ { "name": "h", | } ] }';
    const { parsed, position } = withCursor(text);
    const items = service.complete(parsed, position, FULL).items;
    const names = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
    assert.deepEqual(names.slice(0, 2), ['hardware', 'product']);
    assert.ok(!names.includes('name'));
    assert.ok(names.includes('edition') && names.includes('updates'));
    const product = items.find((i) => i.label === 'product')!;
    assert.equal((product.textEdit as TextEdit).newText, '"product": "$1"');
  });

  it('offers enum values with descriptions, host names and update ids', () => {
    const text = planText();
    let c = withCursor(cursorIn(text, '"migration": "quick"', 14));
    const migration = service.complete(c.parsed, c.position, FULL).items;
    assert.deepEqual(labels(migration), ['none', 'quick', 'live']);
    assert.match(String((migration[2].documentation as MarkupContent).value), /Live migration/);
    c = withCursor(cursorIn(text, '"host": "hv-01"', 9));
    assert.deepEqual(labels(service.complete(c.parsed, c.position, FULL).items), ['hv-01', 'hv-02']);
    const withUpdates = planText((p) => (p.hosts[0].updates = ['']));
    c = withCursor(cursorIn(withUpdates, '"updates": [\n        ""', 23));
    assert.deepEqual(labels(service.complete(c.parsed, c.position, FULL).items), ['KB956710']);
  });

  it('offers snippets for an empty file and an item of hosts, to clients that take snippets', () => {
    let c = withCursor('|');
    assert.deepEqual(labels(service.complete(c.parsed, c.position, FULL).items), ['virtplan plan']);
    assert.deepEqual(labels(service.complete(c.parsed, c.position, { snippetSupport: false }).items), []);
    c = withCursor('{ "name": "p", "hosts": [ | ] }');
    assert.ok(labels(service.complete(c.parsed, c.position, FULL).items).includes('virtplan host'));
    c = withCursor('{ "name": "p", "hosts": [], "vms": [ | ] }');
    assert.ok(labels(service.complete(c.parsed, c.position, FULL).items).includes('virtplan vm'));
  });
});

describe('code actions', () => {
  function fixes(text: string) {
    const parsed = service.parse(text);
    const diagnostics: Diagnostic[] = service.validate(parsed);
    return { diagnostics, actions: service.codeActions(parsed, URI, diagnostics) };
  }

  it('live migration → use quick migration, which clears the error', () => {
    const text = planText((p) => (p.vms[0].migration = 'live'));
    const { actions } = fixes(text);
    const action = actions.find((a) => a.title === 'Use quick migration')!;
    assert.ok(action);
    const after = apply(text, action.edit!.changes![URI]);
    assert.equal(after, planText());
    assert.equal(fixes(after).diagnostics.length, 0);
  });

  it('too many logical processors → add KB956710, creating the updates list', () => {
    const text = planText((p) => Object.assign(p.hosts[0].hardware, { sockets: 4, coresPerSocket: 6 }));
    const action = fixes(text).actions.find((a) => a.title === 'Add update KB956710 to the host')!;
    const after = apply(text, action.edit!.changes![URI]);
    assert.deepEqual(JSON.parse(after).hosts[0].updates, ['KB956710']);
    assert.equal(fixes(after).diagnostics.length, 0);
  });

  it('too many VMs → add KB956710 to an existing updates list', () => {
    const text = planText((p) => {
      p.hosts[0].updates = ['KB000001'];
      p.vms = Array.from({ length: 129 }, (_, i) => ({ name: `v${i}`, host: 'hv-01', guest: { os: 'other' }, vcpus: 1, memoryGB: 0.1 }));
      Object.assign(p.hosts[0].hardware, { sockets: 4, coresPerSocket: 4 });
    });
    const action = fixes(text).actions.find((a) => a.title.startsWith('Add update'))!;
    const after = apply(text, action.edit!.changes![URI]);
    assert.deepEqual(JSON.parse(after).hosts[0].updates, ['KB000001', 'KB956710']);
  });

  it('unknown product and host → the nearest name; too many vCPUs → the limit', () => {
    const titles = [
      ...fixes(planText((p) => (p.hosts[1].product = 'hyperv-2008r2'))).actions,
      ...fixes(planText((p) => (p.vms[0].host = 'hv-1'))).actions,
      ...fixes(planText((p) => (p.vms[0].vcpus = 8))).actions,
    ].map((a) => a.title);
    assert.ok(titles.includes('Change to "hyperv-2008-r2"'), titles.join());
    assert.ok(titles.includes('Change to "hv-01"'), titles.join());
    assert.ok(titles.includes('Set vcpus to 4'), titles.join());
  });

  it('ignores diagnostics from other sources and with no data', () => {
    const parsed = service.parse(planText());
    const foreign: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', code: 'too-many-vcpus', source: 'other' };
    assert.deepEqual(service.codeActions(parsed, URI, [foreign, { ...foreign, source: 'virtplan' }]), []);
  });
});

describe('navigation', () => {
  const text = planText();

  it('go to definition from a VM host and a cluster node', () => {
    const { parsed, position } = withCursor(cursorIn(text, '"host": "hv-01"', 11));
    const [location] = service.definition(parsed, position, URI);
    assert.equal(location.range.start.line, parsed.lines.positionAt(text.indexOf('"hv-01"') + 1).line);
  });

  it('references include every use', () => {
    const { parsed, position } = withCursor(cursorIn(text, '"hv-01"', 2));
    assert.equal(service.references(parsed, position, URI, true).length, 3, 'declaration, cluster node, VM host');
    assert.equal(service.references(parsed, position, URI, false).length, 2);
  });

  it('rename changes every reference and refuses a taken name', () => {
    const { parsed, position } = withCursor(cursorIn(text, '"hv-01"', 2));
    assert.deepEqual(service.prepareRename(parsed, position)?.placeholder, 'hv-01');
    const edit = service.rename(parsed, position, 'hv-new', URI)!;
    const after = JSON.parse(apply(text, edit.changes![URI]));
    assert.equal(after.hosts[0].name, 'hv-new');
    assert.deepEqual(after.clusters[0].nodes, ['hv-new', 'hv-02']);
    assert.equal(after.vms[0].host, 'hv-new');
    assert.throws(() => service.rename(parsed, position, 'hv-02', URI), /already named/);
  });

  it('cluster names rename too; other strings do not', () => {
    let c = withCursor(cursorIn(text, '"cl-a"', 2));
    assert.equal(service.prepareRename(c.parsed, c.position)?.placeholder, 'cl-a');
    c = withCursor(cursorIn(text, '"web-01"', 2));
    assert.equal(service.prepareRename(c.parsed, c.position), null);
  });

  it('the outline lists hosts, clusters and VMs with details, capped', () => {
    const parsed = service.parse(text);
    const symbols = service.symbols(parsed, 100);
    assert.deepEqual(symbols.map((s) => s.name), ['Hosts', 'Clusters', 'VMs']);
    assert.deepEqual(symbols[0].children!.map((s) => s.name), ['hv-01', 'hv-02']);
    assert.equal(symbols[0].children![0].detail, 'hyperv-2008 · 8 LPs · 1 VM');
    assert.equal(symbols[2].children![0].detail, 'hv-01 · 2 vCPU · 4 GB');
    const tree = (symbols: DocumentSymbol[]): unknown => symbols.map((s) => [s.name, ...(s.children ?? []).map((c) => c.name)]);
    assert.deepEqual(tree(service.symbols(parsed, 3)), [['Hosts', 'hv-01', 'hv-02']]);
    assert.deepEqual(tree(service.symbols(parsed, 5)), [['Hosts', 'hv-01', 'hv-02'], ['Clusters', 'cl-a']]);
    assert.deepEqual(tree(service.symbols(parsed, 0)), []);
  });
});

describe('completion while a string is still being typed', () => {
  it('an unclosed value string ends at its line', () => {
    const text = '{ "name": "p", "hosts": [ { "name": "h", "product": "hyp|\n } ] }';
    const { parsed, position } = withCursor(text);
    const items = service.complete(parsed, position, FULL).items;
    assert.ok(labels(items).includes('hyperv-2008'));
    const edit = items.find((i) => i.label === 'hyperv-2008')!.textEdit as TextEdit;
    assert.equal(edit.range.start.line, 0);
    assert.equal(edit.range.end.line, 0);
  });

  it('after a colon, before any quote, values are offered', () => {
    const { parsed, position } = withCursor('{ "name": "p", "hosts": [ { "name": "h", "edition": | } ] }');
    assert.deepEqual(labels(service.complete(parsed, position, FULL).items), ['standard', 'enterprise', 'datacenter']);
  });
});
