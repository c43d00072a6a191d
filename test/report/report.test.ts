import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildPlanReport, reportJson } from '../../server/src/report/build';
import { reportHtml } from '../../server/src/report/html';
import { reportMarkdown } from '../../server/src/report/markdown';
import { checkText } from '../../server/src/service/check';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { planText, type Json } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';

const catalog = loadCatalog();
const CLI = join(repoRoot(), 'dist', 'cli.js');

function report(text: string, path = 'plan.virtplan.json') {
  const { parsed, diagnostics } = checkText(text);
  return buildPlanReport(path, parsed, diagnostics, catalog);
}

/** Tags opened and closed in order, void elements apart: a page a browser reads as written. */
function assertWellFormed(html: string): void {
  const voids = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'rect', 'col']);
  const stack: string[] = [];
  const body = html.replace(/<!DOCTYPE html>/i, '').replace(/<style>[\s\S]*?<\/style>/g, '');
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (voids.has(name) || selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes what was opened`);
    else stack.push(name);
  }
  assert.deepEqual(stack, [], 'every element is closed');
}

describe('the capacity report', () => {
  it('the headline and the plan lens count every VM of the plan, and say how many have no known host', () => {
    const service = new PlanLanguageService(catalog);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('hv-01', 'hv-02', 'hv-09', undefined), { maxLength: 8 }), (hosts) => {
        const text = planText((p: Json) => {
          p.vms = hosts.map((host, i) => {
            const vm: Json = { ...p.vms[0], name: `vm-${i}` };
            if (host === undefined) delete vm.host;
            else vm.host = host;
            return vm;
          });
        });
        const listed = (JSON.parse(text) as Json).vms as Json[];
        const unplaced = listed.filter((vm) => vm.host !== 'hv-01' && vm.host !== 'hv-02').length;
        const count = `${listed.length}${unplaced ? ` (${unplaced} without a known host)` : ''}`;
        const words = `${listed.length} VM${listed.length === 1 ? '' : 's'}${unplaced ? ` (${unplaced} without a known host)` : ''}`;
        const plan = report(text);
        assert.ok(reportMarkdown([plan]).includes(` · ${words} · `), reportMarkdown([plan]).split('\n')[2]);
        assert.ok(reportHtml([plan]).includes(`<dt>VMs</dt><dd>${count}</dd>`));
        const lens = service.codeLenses(service.parse(text))[0].command!.title;
        assert.ok(lens.includes(` · ${words} · `), lens);
      }),
      { numRuns: 40 },
    );
  });

  it('JSON has exactly the contract’s keys, with the values of a hand-computed plan', () => {
    // Two Hyper-V 2008 Enterprise hosts of 8 logical processors and 64 GB; one VM of 2 vCPU and 4 GB.
    const json = JSON.parse(reportJson([report(planText())]));
    assert.deepEqual(Object.keys(json), ['plans']);
    const [plan] = json.plans;
    assert.deepEqual(Object.keys(plan), ['path', 'name', 'hosts', 'clusters', 'counts']);
    assert.deepEqual(Object.keys(plan.hosts[0]), ['name', 'product', 'logicalProcessors', 'vcpus', 'memoryGB', 'usableMemoryGB', 'committedMemoryGB', 'vms', 'maxVms', 'windowsGuests', 'licensedWindowsGuests']);
    const reserve = catalog.product('hyperv-2008')!.host.reservedMemoryGB!.value as number;
    assert.deepEqual(
      { ...plan.hosts[0], maxVms: undefined, licensedWindowsGuests: undefined },
      { name: 'hv-01', product: 'hyperv-2008', logicalProcessors: 8, vcpus: 2, memoryGB: 64, usableMemoryGB: 64, committedMemoryGB: 4 + reserve, vms: 1, maxVms: undefined, windowsGuests: 1, licensedWindowsGuests: undefined },
    );
    assert.equal(plan.hosts[0].licensedWindowsGuests, 4, 'Enterprise licenses four Windows guests');
    assert.deepEqual(Object.keys(plan.clusters[0]), ['name', 'nodes', 'reserve', 'failover']);
    assert.deepEqual(plan.clusters[0].failover, { ok: true, failedNodes: plan.clusters[0].failover.failedNodes, unplacedVms: [], shortfallGB: 0 });
    assert.deepEqual(plan.counts, { error: 0, warning: 0, information: 0, hint: 0 });
  });

  it('a cluster that cannot absorb a node names the VMs that would not restart', () => {
    const text = planText((p: Json) => {
      p.vms = [0, 1].flatMap((h) => [0, 1].map((i) => ({ ...p.vms[0], name: `vm-${h}-${i}`, host: `hv-0${h + 1}`, memoryGB: 30 })));
    });
    const [plan] = JSON.parse(reportJson([report(text)])).plans;
    const failover = plan.clusters[0].failover;
    assert.equal(failover.ok, false);
    assert.equal(failover.unplacedVms.length, 2);
    assert.equal(failover.shortfallGB, 60);
  });

  it('HTML is one well-formed page that fetches nothing, runs nothing and escapes every plan string', () => {
    const hostile = planText((p: Json) => {
      p.name = '<script>alert(1)</script>';
      p.hosts[0].name = '"><img src=x onerror=alert(1)>';
      p.vms[0].host = p.hosts[0].name;
      p.clusters[0].nodes[0] = p.hosts[0].name;
      p.vms[0].name = "<a href='https://evil.example'>x</a>";
      p.vms[0].vcpus = 9;
    });
    const html = reportHtml([report(hostile, 'dir/<b>.virtplan.json')]);
    assertWellFormed(html);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<a href='https/);
    assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i, 'no external address');
    assert.doesNotMatch(html, /url\(|@import/, 'styles fetch nothing');
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
  });

  it('Markdown tables keep their columns whatever the names hold', () => {
    const md = reportMarkdown([report(planText((p: Json) => (p.hosts[0].name = 'a|b\nc')))]);
    const tables = md.split('\n\n').filter((block) => block.startsWith('|'));
    assert.ok(tables.length >= 2);
    for (const table of tables) {
      const rows = table.split('\n').filter(Boolean);
      const cells = (row: string) => row.split(/(?<!\\)\|/).length;
      for (const row of rows) assert.equal(cells(row), cells(rows[0]), row);
    }
  });
});

describe('virtplan report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-report-'));
  const plan = join(dir, 'a.virtplan.json');
  writeFileSync(plan, planText((p: Json) => (p.vms[0].migration = 'live')));

  it('writes the page to --output and exits 1 when the plan has an error, the plan untouched', () => {
    const before = statSync(plan).mtimeMs;
    const result = spawnSync(process.execPath, [CLI, 'report', '--format', 'html', '--output', join(dir, 'report.html'), plan], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /live-migration-unsupported/);
    assert.equal(statSync(plan).mtimeMs, before);
  });

  it('refuses an --output that would overwrite a plan', () => {
    const result = spawnSync(process.execPath, [CLI, 'report', '--output', plan, plan], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /would overwrite a plan/);
  });

  it('prints Markdown and JSON on stdout, and exits 2 on a bad format', () => {
    const md = spawnSync(process.execPath, [CLI, 'report', '--format', 'markdown', plan], { encoding: 'utf8' });
    assert.match(md.stdout, /^## Capacity: Test plan/);
    const json = spawnSync(process.execPath, [CLI, 'report', '--format', 'json', plan], { encoding: 'utf8' });
    assert.equal(JSON.parse(json.stdout).plans[0].counts.error, 1);
    assert.equal(spawnSync(process.execPath, [CLI, 'report', '--format', 'pdf', plan]).status, 2);
  });
});

describe('virtplan whatif: capacity per host', () => {
  it('shows each moved host’s limits before and after, from the catalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtplan-whatif-capacity-'));
    const plan = join(dir, 'a.virtplan.json');
    writeFileSync(plan, planText());
    const result = spawnSync(process.execPath, [CLI, 'whatif', '--to', 'hyperv-2008-r2', plan], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const was = catalog.product('hyperv-2008')!.host.runningVMs!.value;
    const now = catalog.product('hyperv-2008-r2')!.host.runningVMs!.value;
    assert.notEqual(was, now, 'the test needs products whose VM limits differ');
    const section = result.stdout.slice(result.stdout.indexOf('Capacity per host:'));
    assert.match(section, new RegExp(`\\n  hv-01: vCPU [^\\n]* · VMs 1 of ${was} → 1 of ${now} · licences 1 of 4\\n`));
    assert.match(section, new RegExp(`\\n  hv-02: [^\\n]*VMs 0 of ${was} → 0 of ${now}`));
  });

  it('says what a host without a count of licences licenses: unlimited, an edition not given, or none with the host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtplan-whatif-licences-'));
    const plan = join(dir, 'a.virtplan.json');
    writeFileSync(plan, planText());
    const section = (to: string) => {
      const out = spawnSync(process.execPath, [CLI, 'whatif', '--to', to, '--host', 'hv-01', plan], { encoding: 'utf8' }).stdout;
      return out.slice(out.indexOf('Capacity per host:'));
    };
    assert.match(section('vmware-esx-3.5'), /\n {2}hv-01: [^\n]* · licences 1 of 4 → 1, none licensed with the host\n/);
    assert.match(section('hyperv-2008:datacenter'), /\n {2}hv-01: [^\n]* · licences 1 of 4 → 1 of unlimited\n/);
    writeFileSync(plan, planText((p: Json) => delete p.hosts[0].edition));
    assert.match(section('hyperv-2008-r2:enterprise'), /\n {2}hv-01: [^\n]* · licences 1, edition not given → 1 of 4\n/);
  });
});
