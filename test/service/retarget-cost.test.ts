import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, modify } from 'jsonc-parser';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { parsePlan } from '../../server/src/json/parse';
import { PlanVersion } from '../../server/src/service/plan-version';
import fc from 'fast-check';
import { generatePlan } from '../../bench/generate';
import { retargetActions } from '../../server/src/service/whatif-editor';
import { parseTarget, whatIf } from '../../server/src/service/whatif';
import { whatIfBaseline, whatIfCounts } from '../../server/src/service/whatif-counts';
import { planText, smallVms, type Json } from '../helpers';

const catalog = loadCatalog();
const uri = 'file:///p';

function applied(text: string, action: ReturnType<typeof retargetActions>[number]): string {
  const [edit] = action.edit!.changes![uri];
  const parsed = parsePlan(text);
  return text.slice(0, parsed.lines.offsetAt(edit.range.start)) + edit.newText + text.slice(parsed.lines.offsetAt(edit.range.end));
}

describe('retarget code actions: cost', () => {
  it('asked again on the same version, the answer is the one already computed', () => {
    const text = planText();
    const parsed = new PlanVersion(parsePlan(text), catalog);
    const at = text.indexOf('"hyperv-2008"') + 2;
    const first = retargetActions(parsed, uri, at, catalog);
    assert.ok(first.length > 0);
    assert.equal(retargetActions(parsed, uri, at + 3, catalog), first, 'elsewhere in the same value');
    const next = retargetActions(new PlanVersion(parsePlan(text), catalog), uri, at, catalog);
    assert.notEqual(next, first, 'a new version is checked again');
    assert.deepEqual(next, first);
    assert.notEqual(retargetActions(parsed, uri, at, catalog, { severities: { 'boot-disk-not-ide': 'off' } }), first, 'other severities, another answer');
  });

  it('rewrites only the host, as jsonc-parser would rewrite the whole file', () => {
    const layouts = [
      planText(),
      planText().replace(/\n/g, '\r\n'),
      planText((p) => {
        const { edition, ...rest } = p.hosts[0];
        p.hosts[0] = { edition, ...rest };
      }),
      JSON.stringify(JSON.parse(planText())),
      planText((p) => {
        const { edition, ...rest } = p.hosts[0];
        p.hosts[0] = { ...rest, edition };
      }),
    ];
    for (const text of layouts) {
      const actions = retargetActions(parsePlan(text), uri, text.indexOf('"hyperv-2008"') + 2, catalog);
      const changingEdition = actions.filter((a) => !a.title.includes('Windows Server 2008 R2'));
      assert.ok(changingEdition.length > 0);
      for (const action of actions) {
        const to = (action.data as { retarget: { to: string } }).retarget.to;
        const [product, edition] = to.split(':');
        const host = (JSON.parse(text) as { hosts: Array<Record<string, unknown>> }).hosts[0];
        const target = catalog.product(product)!;
        const newEdition = edition ?? (target.editions ? undefined : null);
        let expected = text.replace(/("product":\s*)"hyperv-2008"/, `$1${JSON.stringify(product)}`);
        if ('edition' in host && newEdition !== undefined) expected = applyEdits(expected, modify(expected, ['hosts', 0, 'edition'], newEdition ?? undefined, {}));
        if (!('edition' in host) && newEdition) continue;
        assert.equal(applied(text, action), expected, `${to} in ${JSON.stringify(text.slice(0, 40))}`);
      }
    }
  });
});

describe('retarget counts without places', () => {
  const servers = catalog.products().filter((p) => p.role === 'server');
  const targets = servers.flatMap((p) => [p.id, ...Object.keys(p.editions?.editions ?? {}).map((e) => `${p.id}:${e}`)]);
  const codes = ['boot-disk-not-ide', 'edition-required', 'too-many-vcpus', 'memory-overcommit-unsupported', 'page-sharing-unsupported', 'schema', 'unknown-host', 'cluster-failover-capacity'];

  /** A generated plan with mistakes, suppress lists here and there, and maybe a key written twice or a syntax error. */
  const plans = fc
    .record({
      vms: fc.integer({ min: 10, max: 120 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      suppress: fc.array(fc.tuple(fc.constantFrom('', 'hosts', 'vms', 'clusters'), fc.nat(20), fc.constantFrom(...codes)), { maxLength: 6 }),
      twice: fc.boolean(),
      broken: fc.boolean(),
      // Links the neighbourhood of a host follows: a cluster across products and clusters, a
      // host name written twice or missing, a VM on a host the plan does not have.
      links: fc.array(fc.tuple(fc.constantFrom('cluster', 'same-name', 'no-name', 'lost-vm'), fc.nat(50), fc.nat(50)), { maxLength: 4 }),
    })
    .map(({ vms, seed, suppress, twice, broken, links }) => {
      const plan = generatePlan({ vms, seed, mistakes: 0.2 }) as Json;
      const hosts = plan.hosts as Json[];
      for (const [link, a, b] of links) {
        const [one, other] = [hosts[a % hosts.length], hosts[b % hosts.length]];
        if (link === 'cluster') (plan.clusters as Json[]).push({ name: `cl-x${a}`, nodes: [one.name, other.name], sharedStorage: a % 2 === 0 });
        if (link === 'same-name') other.name = one.name;
        if (link === 'no-name') delete one.name;
        if (link === 'lost-vm') (plan.vms as Json[])[a % (plan.vms as Json[]).length].host = 'nowhere';
      }
      for (const [group, i, code] of suppress) {
        const holder = group === '' ? plan : (plan[group] as Json[] | undefined)?.[i % Math.max(1, plan[group]?.length ?? 1)];
        if (holder) holder.suppress = [...(holder.suppress ?? []), code];
      }
      let text = JSON.stringify(plan, null, 2);
      if (twice) text = text.replace('"vcpus": ', '"vcpus": 64, "vcpus": ');
      if (broken) text = text.replace(/("memoryGB": \d+),/, '$1');
      return text;
    });

  it('are what the whole what-if counts, for every target, host and severity setting', () => {
    const seen = { fixed: false, introduced: false, unused: false };
    fc.assert(
      fc.property(
        plans,
        fc.nat(),
        fc.constantFrom(...targets),
        fc.dictionary(fc.constantFrom(...codes), fc.constantFrom('off', 'error', 'warning', 'hint') as fc.Arbitrary<'off' | 'error' | 'warning' | 'hint'>, { maxKeys: 3 }),
        (text, hostPick, spec, severities) => {
          const parsed = parsePlan(text);
          const hostCount = Array.isArray((parsed.value as Json | undefined)?.hosts) ? (parsed.value as Json).hosts.length : 0;
          const hostIndexes = [hostCount ? hostPick % hostCount : 0];
          const target = parseTarget(spec, catalog);
          const options = { catalog, severities, hostIndexes };
          const counts = whatIfCounts(parsed, target, whatIfBaseline(parsed, options), options);
          const whole = whatIf(parsed, target, options);
          if (!counts) {
            // Only where which diagnostic counts as introduced depends on its place.
            const after = [...whole.kept, ...whole.introduced];
            assert.ok(whole.introduced.some((d) => after.some((o) => o.code === d.code && o.pointer === d.pointer && o.severity !== d.severity)));
            return;
          }
          assert.deepEqual(counts, { target, fixed: whole.fixed.length, introduced: whole.introduced.length, introducedErrors: whole.introduced.filter((d) => d.severity === 'error').length });
          seen.fixed ||= counts.fixed > 0;
          seen.introduced ||= counts.introduced > 0;
          seen.unused ||= whole.introduced.concat(whole.fixed).some((d) => d.code === 'suppression-unused');
        },
      ),
      { numRuns: 200 },
    );
    assert.deepEqual(seen, { fixed: true, introduced: true, unused: true }, 'the plans exercise fixes, new problems and suppressions');
  });

  it('follow a host to the VMs of its cluster peers, and a plan-wide suppress list to the whole plan', () => {
    const esxPair = (p: Json) => {
      for (const host of p.hosts) Object.assign(host, { product: 'vmware-esx-3.5', edition: undefined });
      p.vms.push(...smallVms('hv-02', 168).map((vm) => ({ ...vm, highlyAvailable: true, migration: 'live' })));
    };
    const cases: Array<[string, (p: Json) => void]> = [
      ['a survivor near its VM limit', esxPair],
      ['a survivor near its memory', (p) => p.vms.push({ name: 'fill', host: 'hv-02', guest: { os: 'other-linux' }, vcpus: 1, memoryGB: 58, highlyAvailable: true, migration: 'quick' })],
      [
        'a plan-wide suppress list used elsewhere',
        (p) => {
          p.suppress = ['boot-disk-not-ide'];
          p.hosts[0] = { name: 'esx', product: 'vmware-esx-3.5', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } };
          p.clusters = [];
          p.vms = [
            { name: 'a', host: 'esx', guest: { os: 'other-linux' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 10, bus: 'scsi' }] },
            { name: 'b', host: 'hv-02', guest: { os: 'other-linux' }, vcpus: 1, memoryGB: 1, disks: [{ sizeGB: 10, bus: 'scsi' }] },
          ];
        },
      ],
      [
        'a plan-wide suppress list and a host with no name',
        (p) => {
          p.suppress = ['edition-required'];
          p.hosts[0] = { product: 'vmware-esx-3.5', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } };
        },
      ],
    ];
    for (const [name, mutate] of cases) {
      const parsed = parsePlan(planText(mutate));
      for (const spec of targets) {
        for (const hostIndexes of [[0], [1]]) {
          const target = parseTarget(spec, catalog);
          const options = { catalog, hostIndexes };
          const whole = whatIf(parsed, target, options);
          const expected = { target, fixed: whole.fixed.length, introduced: whole.introduced.length, introducedErrors: whole.introduced.filter((d) => d.severity === 'error').length };
          assert.deepEqual(whatIfCounts(parsed, target, whatIfBaseline(parsed, options), options), expected, `${name}: host ${hostIndexes[0]} to ${spec}`);
        }
      }
    }
  });

  it('leave a plan with suppression comments to the whole what-if', () => {
    const text = `// virtplan-disable-next-line boot-disk-not-ide\n${planText()}`;
    const parsed = parsePlan(text);
    const target = parseTarget('vmware-esx-3.5', catalog);
    assert.equal(whatIfCounts(parsed, target, whatIfBaseline(parsed, { catalog }), { catalog }), undefined);
    const actions = retargetActions(parsed, uri, text.indexOf('"hyperv-2008"') + 2, catalog);
    const esx = actions.find((a) => a.title.includes('ESX'))!;
    const whole = whatIf(parsed, target, { catalog, hostIndexes: [0] });
    assert.match(esx.title, new RegExp(`fixes ${whole.fixed.length}, introduces ${whole.introduced.length}$`));
  });
});
