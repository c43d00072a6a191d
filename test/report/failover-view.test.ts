import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildPlanReport, reportJson } from '../../server/src/report/build';
import { reportHtml } from '../../server/src/report/html';
import { reportMarkdown } from '../../server/src/report/markdown';
import { clusterHintText, planLensText } from '../../server/src/service/capacity-view';
import { checkText } from '../../server/src/service/check';
import { PlanVersion } from '../../server/src/service/plan-version';

const catalog = loadCatalog();
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

function views(text: string) {
  const { parsed, diagnostics } = checkText(text);
  const report = buildPlanReport('plan.virtplan.json', parsed, diagnostics, catalog);
  const capacity = PlanVersion.of(parsed, catalog).capacity()!;
  return {
    diagnostics,
    report,
    json: JSON.parse(reportJson([report])).plans[0] as { clusters: Array<{ failover: { ok: boolean } | null }> },
    markdown: reportMarkdown([report]),
    html: reportHtml([report]),
    hints: capacity.clusters.map(clusterHintText),
    planLens: planLensText(capacity.hosts, capacity.clusters),
  };
}

const twoNodes = (sharedStorage: boolean) =>
  JSON.stringify({
    name: 'p',
    hosts: ['hv-01', 'hv-02'].map((name) => ({ name, product: 'hyperv-2008-r2', edition: 'enterprise', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } })),
    clusters: [{ name: 'cl', nodes: ['hv-01', 'hv-02'], sharedStorage }],
    vms: [{ name: 'db', host: 'hv-01', guest: { os: 'windows-server-2008', arch: 'x64' }, vcpus: 2, memoryGB: 8, highlyAvailable: true }],
  });

describe('the failover of a cluster whose VMs cannot fail over', () => {
  it('is not reported as survived when the cluster has no shared storage', () => {
    const v = views(twoNodes(false));
    assert.ok(v.diagnostics.some((d) => d.code === 'shared-storage-required'));
    assert.equal(v.json.clusters[0].failover, null);
    assert.doesNotMatch(v.markdown, /Survives|✅/);
    assert.match(v.markdown, /❌ Failover not judged: the cluster has no shared storage/);
    assert.doesNotMatch(v.html, /N\+1 ok/);
    assert.match(v.html, /no failover/);
    assert.deepEqual(v.hints, ['⚠ no failover']);
    assert.doesNotMatch(v.planLens, /survive/);
    // The same cluster with shared storage survives.
    const shared = views(twoNodes(true));
    assert.equal(shared.json.clusters[0].failover?.ok, true);
    assert.match(shared.markdown, /✅ Survives the loss of any 1 node/);
  });

  const host = fc.record({
    product: fc.constantFrom('hyperv-2008', 'hyperv-2008-r2', 'vmware-esx-3.5', 'virtual-server-2005-r2-sp1'),
    edition: fc.constantFrom('standard', 'enterprise', 'datacenter'),
    memoryGB: fc.constantFrom(16, 64),
  });
  const plan = fc.record({
    hosts: fc.array(host, { minLength: 2, maxLength: 3 }),
    sharedStorage: fc.constantFrom(true, false, undefined),
    vms: fc.array(fc.record({ host: fc.nat(2), memoryGB: fc.constantFrom(4, 40), highlyAvailable: fc.boolean() }), { maxLength: 4 }),
  });

  it('never reads as survived where check finds the cluster cannot fail over', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const hosts = p.hosts.map((h, i) => ({ name: `h${i}`, product: h.product, ...(h.product.startsWith('hyperv-2008') ? { edition: h.edition } : {}), hardware: { sockets: 1, coresPerSocket: 4, memoryGB: h.memoryGB } }));
        const text = JSON.stringify({
          name: 'p',
          hosts,
          clusters: [{ name: 'cl', nodes: hosts.map((h) => h.name), ...(p.sharedStorage === undefined ? {} : { sharedStorage: p.sharedStorage }) }],
          vms: p.vms.map((vm, i) => ({ name: `vm${i}`, host: `h${vm.host % hosts.length}`, guest: { os: 'other-linux' }, vcpus: 1, memoryGB: vm.memoryGB, highlyAvailable: vm.highlyAvailable })),
        });
        const v = views(text);
        // The oracle: the check's own diagnostics on the cluster, and the plan's sharedStorage.
        const cannot = p.sharedStorage === false || v.diagnostics.some((d) => (d.code === 'clustering-unsupported' || d.code === 'cluster-mixed-products') && d.pointer.startsWith('/clusters/0'));
        if (!cannot) return;
        assert.equal(v.json.clusters[0].failover, null);
        assert.doesNotMatch(v.markdown, /Survives|✅/);
        assert.doesNotMatch(v.html, /N\+\d+ ok/);
        assert.doesNotMatch(v.hints[0] ?? '', /ok/);
        assert.doesNotMatch(v.planLens, /survive/);
      }),
      { numRuns: RUNS },
    );
  });
});
