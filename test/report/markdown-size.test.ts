import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildPlanReport } from '../../server/src/report/build';
import { reportMarkdown } from '../../server/src/report/markdown';
import { checkText } from '../../server/src/service/check';
import { planText, type Json } from '../helpers';

const catalog = loadCatalog();
/** What GitHub takes from one step for its job summary. */
const MIB = 1024 * 1024;

function report(text: string) {
  const { parsed, diagnostics } = checkText(text);
  return buildPlanReport('plans/wave.virtplan.json', parsed, diagnostics, catalog);
}

/** A plan of 3000 one-line VMs with one stray quote before the first: every VM is an error. */
function strayQuote(): string {
  const base = JSON.parse(planText()) as Json;
  const vm = (i: number) => `    ${JSON.stringify({ ...base.vms[0], name: `vm-${i}` })}`;
  const vms = Array.from({ length: 3000 }, (_, i) => vm(i));
  return `{\n  "name": "wave",\n  "hosts": ${JSON.stringify(base.hosts)},\n  "vms": [\n"${vms.join(',\n')}\n  ]\n}\n`;
}

const bytes = (text: string) => Buffer.byteLength(text);
const notListed = (md: string, what: RegExp) => [...md.matchAll(what)].reduce((n, m) => n + Number(m[1]), 0);

describe('the Markdown report fits a CI job summary', () => {
  const broken = report(strayQuote());

  it('lists the diagnostics of a broken plan as the HTML does, and says how many it leaves out', () => {
    assert.ok(broken.diagnostics.length > 5000, `${broken.diagnostics.length} diagnostics`);
    const md = reportMarkdown([broken]);
    assert.ok(bytes(md) < MIB / 2, `${bytes(md)} bytes`);
    const rows = md.split('\n').filter((line) => /^\| \d+:\d+ \|/.test(line)).length;
    assert.equal(rows + notListed(md, /_(\d+) more are not listed here; `virtplan check` lists them all\._/g), broken.diagnostics.length);
  });

  it('stays under 1 MiB for many plans, hosts with huge names and many hosts', () => {
    const named = report(planText((p: Json) => (p.hosts[0].name = 'h'.repeat(2 * MIB))));
    const many = report(planText((p: Json) => (p.hosts = Array.from({ length: 20_000 }, (_, i) => ({ ...p.hosts[0], name: `hv-${i}` })))));
    const plans = [named, many, ...Array.from({ length: 300 }, () => broken)];
    const md = reportMarkdown(plans);
    assert.ok(bytes(md) < MIB, `${bytes(md)} bytes`);
    assert.match(md, /more hosts are not listed here/);
    const shownPlans = md.split('\n').filter((line) => line.startsWith('## Capacity: ')).length;
    assert.equal(shownPlans + notListed(md, /_(\d+) more plans? (?:is|are) not listed here/g), plans.length);
  });
});
