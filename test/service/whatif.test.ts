import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'jsonc-parser';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/catalog/catalog';
import type { PlanDiagnostic } from '../../server/src/service/diagnostic';
import { parsePlan } from '../../server/src/json/parse';
import { compareDiagnostics, parseTarget, severityChange, summarize, TargetError, whatIf, type WhatIfResult } from '../../server/src/service/whatif';
import { retargetActions } from '../../server/src/service/whatif-editor';
import { PlanVersion } from '../../server/src/service/plan-version';
import { diagnose, planText, rangeText, smallVms, type Json } from '../helpers';

const catalog = loadCatalog();
const run = (text: string, to: string, hosts?: string[]): WhatIfResult => whatIf(parsePlan(text), parseTarget(to, catalog), { catalog, ...(hosts ? { hosts } : {}) });
const keys = (list: PlanDiagnostic[]) => list.map((d) => `${d.code} ${d.pointer}`).sort();

/** Two ESX hosts in a cluster that rely on overcommit and page sharing, with more VM memory than the hosts have. */
function esxPlan(plan: Json): void {
  for (const host of plan.hosts) {
    host.product = 'vmware-esx-3.5';
    delete host.edition;
    host.features = { memoryOvercommit: true, pageSharing: true };
    host.hardware.memoryGB = 16;
  }
  plan.vms = smallVms('hv-01', 6).map((vm) => ({ ...vm, memoryGB: 4 }));
}

describe('what if: retargeting a plan', () => {
  it('a Hyper-V v1 cluster with live migration, moved to R2: the error is fixed and the edition kept', () => {
    const text = planText((p) => (p.vms[0].migration = 'live'));
    const result = run(text, 'hyperv-2008-r2');
    assert.deepEqual(keys(result.fixed), ['live-migration-unsupported /vms/0/migration']);
    assert.deepEqual(result.introduced, []);
    assert.equal(result.moved.length, 2);
    assert.equal(result.hasError, false);
    assert.equal((result.after as Json).hosts[0].edition, 'enterprise', 'the edition is kept');
    assert.equal(rangeText(text, result.fixed[0]), '"live"', 'located in the unchanged file');
    assert.equal(JSON.parse(text).hosts[0].product, 'hyperv-2008');
    assert.equal((result.before as Json).hosts[0].product, 'hyperv-2008', 'the parsed plan is not changed');
    assert.match(summarize(result), /^Moving 2 hosts to Hyper-V on Windows Server 2008 R2 fixes 1 problem and introduces 0; 0 stay\.$/);
  });

  it('an ESX plan with overcommit, moved to Hyper-V: errors introduced, in the unchanged file', () => {
    const text = planText(esxPlan);
    const before = diagnose(text);
    assert.ok(!before.some((d) => d.severity === 'error'), `the ESX plan has no error: ${keys(before).join(', ')}`);
    const result = run(text, 'hyperv-2008:enterprise');
    const introduced = keys(result.introduced);
    for (const expected of ['memory-overcommit-unsupported /hosts/0/features/memoryOvercommit', 'page-sharing-unsupported /hosts/0/features/pageSharing']) {
      assert.ok(introduced.includes(expected), `${expected} in ${introduced.join(', ')}`);
    }
    // Matched by code and pointer: the overcommitted memory was information on ESX and stays, now an error.
    assert.equal(before.find((d) => d.code === 'host-memory-overcommitted')?.severity, 'information');
    const overcommitted = result.kept.find((d) => d.code === 'host-memory-overcommitted')!;
    assert.equal(overcommitted.severity, 'error');
    assert.equal(severityChange(result, overcommitted), ' (was information)');
    assert.equal(severityChange(result, result.introduced[0]), '');
    assert.ok(!introduced.some((k) => k.startsWith('edition-')), 'the named edition is set');
    assert.equal(result.hasError, true);
    for (const d of result.introduced) rangeText(text, d);
    const overcommit = result.introduced.find((d) => d.code === 'memory-overcommit-unsupported')!;
    assert.equal(rangeText(text, overcommit), 'true');
  });

  it('a product with editions on a host without one: edition-required, on the host in the unchanged file', () => {
    const text = planText(esxPlan);
    const result = run(text, 'hyperv-2008-r2');
    const required = result.introduced.filter((d) => d.code === 'edition-required');
    assert.deepEqual(required.map((d) => d.pointer).sort(), ['/hosts/0', '/hosts/1']);
    assert.match(rangeText(text, required[0]), /^\{[\s\S]*"name": "hv-01"[\s\S]*\}$/);
  });

  it('editions are dropped for a product without them, and set when the target names one', () => {
    const text = planText();
    const toEsx = run(text, 'vmware-esx-3.5');
    assert.ok(!('edition' in (toEsx.after as Json).hosts[0]), 'dropped');
    assert.ok(!toEsx.introduced.some((d) => d.code === 'edition-not-applicable'));
    const toStandard = run(text, 'hyperv-2008:standard');
    assert.equal((toStandard.after as Json).hosts[1].edition, 'standard');
    assert.ok(keys(toStandard.introduced).includes('clustering-unsupported /clusters/0/nodes/0'), 'Standard has no failover clustering');
    assert.deepEqual(toStandard.fixed, []);
  });

  it('--host restricts the move to the named hosts and says which names matched nothing', () => {
    const text = planText();
    const result = run(text, 'hyperv-2008-r2', ['hv-02', 'hv-09']);
    assert.deepEqual(result.moved.map((h) => h.name), ['hv-02']);
    assert.deepEqual(result.unmatched, ['hv-09']);
    assert.equal((result.after as Json).hosts[0].product, 'hyperv-2008');
    assert.deepEqual(keys(result.introduced), ['cluster-mixed-products /clusters/0/name']);
  });

  it('hosts already on the target do not move', () => {
    const result = run(planText(), 'hyperv-2008:enterprise');
    assert.deepEqual(result.moved, []);
    assert.match(summarize(result), /^No host changes: every host chosen already runs Hyper-V on Windows Server 2008 \(Enterprise\)\./);
  });

  it('says why nothing moves when no host is chosen: the names are not in the plan, or it has no hosts', () => {
    const named = run(planText(), 'hyperv-2008-r2', ['hv-09', 'db-1']);
    assert.equal(named.chosen, 0);
    assert.match(summarize(named), /^No host changes: no host of this plan is named "hv-09" or "db-1"\./);
    const empty = run(planText((p) => (p.hosts = [])), 'hyperv-2008-r2');
    assert.match(summarize(empty), /^No host changes: the plan has no host to move\./);
  });

  it('unknown products and editions are refused with the nearest name', () => {
    assert.throws(() => parseTarget('hyperv-2008-r3', catalog), (e: Error) => e instanceof TargetError && /did you mean "hyperv-2008-r2"/.test(e.message));
    assert.throws(() => parseTarget('hyperv-2008:enterprize', catalog), (e: Error) => e instanceof TargetError && /did you mean "enterprise"/.test(e.message));
    assert.throws(() => parseTarget('vmware-esx-3.5:enterprise', catalog), (e: Error) => e instanceof TargetError && /has no editions/.test(e.message));
    assert.throws(() => parseTarget('toString', catalog), TargetError);
    assert.throws(() => parseTarget('hyperv-2008:toString', catalog), TargetError);
    assert.equal(parseTarget('hyperv-2008-r2:datacenter', catalog).label, 'Hyper-V on Windows Server 2008 R2 (Datacenter)');
  });

  it('migration notes come from the catalog: Virtual Server to Hyper-V keeps the .vhd files, one way', () => {
    const text = planText((p) => {
      p.hosts = [{ name: 'vs-01', product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 2, coresPerSocket: 2, memoryGB: 16 } }];
      p.clusters = [];
      p.vms = smallVms('vs-01', 2);
    });
    const result = run(text, 'hyperv-2008-r2:enterprise');
    assert.equal(result.notes.length, 1);
    assert.deepEqual(result.notes[0].hosts, ['vs-01']);
    assert.match(result.notes[0].note, /\.vhd[\s\S]*integration components[\s\S]*cannot go back/);
    const esx = run(planText(esxPlan), 'hyperv-2008:enterprise');
    assert.deepEqual(esx.notes.map((n) => [n.from, n.hosts]), [['vmware-esx-3.5', ['hv-01']]], 'hv-02 has no VM to move');
    assert.match(esx.notes[0].note, /converted/);
    assert.deepEqual(run(planText(), 'hyperv-2008-r2').notes, [], 'no path between the Hyper-V releases is recorded');
  });

  it('a moved host with no VM gets no note on moving VMs', () => {
    const text = planText((p) => {
      p.hosts = [
        { name: 'vs-01', product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 2, coresPerSocket: 2, memoryGB: 16 } },
        { name: 'vs-02', product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 2, coresPerSocket: 2, memoryGB: 16 } },
        { product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 2, coresPerSocket: 2, memoryGB: 16 } },
      ];
      p.clusters = [];
      p.vms = smallVms('vs-02', 1);
    });
    assert.deepEqual(run(text, 'hyperv-2008-r2:enterprise', ['vs-01']).notes, []);
    assert.deepEqual(run(text, 'hyperv-2008-r2:enterprise').notes.map((n) => n.hosts), [['vs-02']]);
    assert.deepEqual(run(planText((p) => (p.vms = [])), 'vmware-esx-3.5').notes, [], 'a plan with no VM');
  });

  it('of two hosts of one name, the note names the first, which holds the VMs, once', () => {
    const text = planText((p) => {
      const host = { name: 'vs-01', product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 2, coresPerSocket: 2, memoryGB: 16 } };
      p.hosts = [host, { ...host }];
      p.clusters = [];
      p.vms = smallVms('vs-01', 2);
    });
    const moving = (hostIndexes?: number[]) => whatIf(parsePlan(text), parseTarget('hyperv-2008-r2:enterprise', catalog), { catalog, ...(hostIndexes ? { hostIndexes } : {}) });
    assert.deepEqual(moving().notes.map((n) => n.hosts), [['vs-01']]);
    assert.deepEqual(moving([0]).notes.map((n) => n.hosts), [['vs-01']]);
    assert.deepEqual(moving([1]).notes, [], 'the second host of the name holds no VM');
  });

  it("checks with the configuration's default reserve, as the plan's own check does", () => {
    // Two nodes, one highly available VM: a reserve of 1 holds, one of 2 does not.
    const text = planText();
    const failover = (list: PlanDiagnostic[]) => list.filter((d) => d.code === 'cluster-failover-capacity').length;
    const one = whatIf(parsePlan(text), parseTarget('hyperv-2008-r2', catalog), { catalog });
    assert.equal(failover([...one.fixed, ...one.introduced, ...one.kept]), 0);
    const two = whatIf(parsePlan(text), parseTarget('hyperv-2008-r2', catalog), { catalog, defaultReserve: 2 });
    assert.equal(failover(two.kept), 1, 'the warning of the reserve of 2 stays');
  });

  it('a plan with a syntax error is still retargeted where it can be read', () => {
    const text = planText((p) => (p.vms[0].migration = 'live')).replace('"name": "Test plan",', '"name": "Test plan",,');
    const result = run(text, 'hyperv-2008-r2');
    assert.ok(keys(result.fixed).includes('live-migration-unsupported /vms/0/migration'));
    assert.ok(result.kept.some((d) => d.code === 'parse-error'));
  });
});

describe('compareDiagnostics', () => {
  const diagnostic = (code: string, pointer: string, message = ''): PlanDiagnostic => ({
    code,
    pointer,
    message,
    severity: 'error',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    offset: 0,
    length: 0,
  });
  const arbitraryList = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('/x', '/y')), { maxLength: 12 });

  it('counts each code and pointer as a multiset', () => {
    fc.assert(
      fc.property(arbitraryList, arbitraryList, (left, right) => {
        const before = left.map(([c, p]) => diagnostic(c, p, 'before'));
        const after = right.map(([c, p]) => diagnostic(c, p, 'after'));
        const { fixed, introduced, kept } = compareDiagnostics(before, after);
        const tally = (list: PlanDiagnostic[], key: string) => list.filter((d) => `${d.code}${d.pointer}` === key).length;
        for (const key of new Set([...left, ...right].map(([c, p]) => c + p))) {
          const n = tally(before, key);
          const m = tally(after, key);
          assert.equal(tally(fixed, key), Math.max(n - m, 0));
          assert.equal(tally(introduced, key), Math.max(m - n, 0));
          assert.equal(tally(kept, key), Math.min(n, m));
        }
        assert.ok(fixed.every((d) => d.message === 'before'));
        assert.ok([...introduced, ...kept].every((d) => d.message === 'after'));
      }),
    );
  });
});

describe('retarget code actions (service)', () => {
  const titles = (text: string, needle: string) => retargetActions(parsePlan(text), 'file:///p', text.indexOf(needle) + 2, catalog);
  const applied = (text: string, action: ReturnType<typeof retargetActions>[number]) => {
    const [edit] = action.edit!.changes!['file:///p'];
    const parsed = parsePlan(text);
    return text.slice(0, parsed.lines.offsetAt(edit.range.start)) + edit.newText + text.slice(parsed.lines.offsetAt(edit.range.end));
  };

  it('a new edition goes on the product line in a one-line host, on its own line (with the file line ends) otherwise', () => {
    const oneLine = '{ "name": "p", "hosts": [ { "name": "esx-01", "product": "vmware-esx-3.5", "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 64 } } ] }';
    const r2 = titles(oneLine, '"vmware-esx-3.5"').find((a) => a.title.includes('2008 R2 ('))!;
    assert.match(applied(oneLine, r2), /"product": "hyperv-2008-r2", "edition": "enterprise", "hardware"/, "Standard would waste half the memory");
    const crlf = planText((p) => {
      p.hosts[0].product = 'vmware-esx-3.5';
      delete p.hosts[0].edition;
    }).replace(/\n/g, '\r\n');
    const moved = applied(crlf, titles(crlf, '"vmware-esx-3.5"').find((a) => a.title.includes('2008 R2 ('))!);
    assert.match(moved, /\r\n {6}"product": "hyperv-2008-r2",\r\n {6}"edition": "\w+",\r\n {6}"hardware"/);
    assert.doesNotMatch(moved, /[^\r]\n/, 'no bare line feed');
  });

  it('in a file with a syntax error outside the host, every move is offered, the edition removed where it must go', () => {
    const clean = planText();
    const broken = clean.replace('"name": "Test plan",', '"name": "Test plan",,');
    const actions = titles(broken, '"hyperv-2008"');
    const moved = applied(broken, actions.find((a) => a.title.includes('2008 R2'))!);
    assert.equal(moved, broken.replace('"product": "hyperv-2008"', '"product": "hyperv-2008-r2"'), 'the edition is kept');
    const esx = actions.find((a) => a.title.startsWith('Retarget host to VMware ESX'));
    assert.ok(esx, actions.map((a) => a.title).join('\n'));
    const cleanEsx = titles(clean, '"hyperv-2008"').find((a) => a.title === esx.title)!;
    assert.equal(applied(broken, esx), applied(clean, cleanEsx).replace('"name": "Test plan",', '"name": "Test plan",,'), 'the same edit as in the readable file');
    const read = parse(applied(broken, esx), [], { allowTrailingComma: true }) as Json;
    assert.equal(read.hosts[0].product, 'vmware-esx-3.5');
    assert.equal(Object.hasOwn(read.hosts[0], 'edition'), false);
  });

  it('in a host with a syntax error, only moves that leave the edition alone are offered', () => {
    const broken = planText().replace('"edition": "enterprise",', '"edition": "enterprise",,');
    const actions = titles(broken, '"hyperv-2008"');
    assert.ok(actions.some((a) => a.title.startsWith('Retarget host to Hyper-V on Windows Server 2008 R2:')), 'the edition is kept: offered');
    assert.ok(!actions.some((a) => a.title.includes('VMware ESX')), 'the edition would have to go: not offered');
  });

  it("count with the configuration's default reserve, each reserve its own answer for one version", () => {
    // The VM needs 40 GB of hv-02 when hv-01 fails: Hyper-V Server 2008 uses 32 GB, so moving
    // hv-02 there breaks N+1, which a reserve of 0 does not ask for.
    const text = planText((p) => (p.vms[0].memoryGB = 40));
    const version = PlanVersion.of(parsePlan(text), catalog);
    const at = text.lastIndexOf('"hyperv-2008"') + 2;
    const hyperVServer = (reserve: number) => retargetActions(version, 'file:///p', at, catalog, { defaultReserve: reserve }).find((a) => a.title.includes('Hyper-V Server 2008'))!.title;
    const introduced = (reserve: number) => {
      const result = whatIf(parsePlan(text), parseTarget('hyperv-server-2008', catalog), { catalog, hostIndexes: [1], defaultReserve: reserve });
      return result.introduced.length;
    };
    assert.ok(introduced(1) > introduced(0), 'the failover warning comes with a reserve of 1 only');
    assert.match(hyperVServer(1), new RegExp(`introduces ${introduced(1)}$`));
    assert.match(hyperVServer(0), new RegExp(`introduces ${introduced(0)}$`));
    assert.match(hyperVServer(1), new RegExp(`introduces ${introduced(1)}$`), 'asked again with the other reserve');
  });

  it('nothing is offered off a product value, or on a product key', () => {
    const text = planText();
    assert.deepEqual(titles(text, '"hv-01"'), []);
    assert.deepEqual(retargetActions(parsePlan(text), 'file:///p', text.indexOf('"product"') + 2, catalog), []);
  });
});
