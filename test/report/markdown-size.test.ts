import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildPlanReport } from '../../server/src/report/build';
import { reportHtml } from '../../server/src/report/html';
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

/** What a terminal acts on rather than shows, bar the report's own line breaks. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('plan text in the Markdown and HTML reports', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  it('never carries a control character, whatever the names and the path hold', () => {
    fc.assert(
      fc.property(text, text, text, text, (planName, hostName, vmName, path) => {
        const plan = planText((p: Json) => {
          p.name = planName;
          p.hosts[0].name = hostName;
          p.vms[0].host = hostName;
          p.vms[0].name = vmName;
          p.clusters[0].nodes[0] = hostName;
          p.vms.push({ ...p.vms[0], name: vmName, host: `${hostName}\u001b` });
        });
        const { parsed, diagnostics } = checkText(plan);
        const built = buildPlanReport(`plans/${path}.virtplan.json`, parsed, diagnostics, catalog);
        for (const [format, out] of [['markdown', reportMarkdown([built])], ['html', reportHtml([built])]]) {
          const found = CONTROL.exec(out);
          assert.equal(found, null, `${format} has U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${found?.index}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('shows an escape sequence in a host name as the text output does', () => {
    const plan = planText((p: Json) => {
      p.hosts[0].name = 'hv\u001b[2J-01';
      p.vms[0].host = 'hv\u001b[2J-01';
      p.clusters[0].nodes[0] = 'hv\u001b[2J-01';
    });
    const { parsed, diagnostics } = checkText(plan);
    const md = reportMarkdown([buildPlanReport('plans/a\u001b]0;x\u0007.virtplan.json', parsed, diagnostics, catalog)]);
    assert.match(md, /\| hv\\\\u001b\\\[2J-01 \|/);
    assert.match(md, /plans\/a\\\\u001b\\\]0;x\\\\u0007\.virtplan\.json/);
  });
});
