import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { folderWith, runCli } from './run';

/** The failover diagnostics of one plan checked beside a virtplan.config.json, or none. */
function failover(plan: string, config?: string): Array<{ severity: string; message: string }> {
  const dir = folderWith({ 'a.virtplan.json': plan, ...(config !== undefined ? { 'virtplan.config.json': config } : {}) });
  const result = runCli(['check', '--format', 'json', dir]);
  assert.equal(result.err, '');
  const [file] = (JSON.parse(result.out) as { files: Array<{ diagnostics: Array<{ code: string; severity: string; message: string }> }> }).files;
  return file.diagnostics.filter((d) => d.code === 'cluster-failover-capacity');
}

describe("the configuration's policy.failoverReserve", () => {
  // Two nodes, one highly available VM: N+1 holds; losing both nodes does not.
  const plan = planText();

  it('is the reserve of a cluster that gives none', () => {
    assert.deepEqual(failover(plan), []);
    const two = failover(plan, '{"policy": {"failoverReserve": 2}}');
    assert.equal(two.length, 1);
    assert.match(two[0].message, /loss of 2 nodes/);
    assert.match(two[0].message, /No node is left/);
  });

  it('is the reserve whatif checks with, as check does', () => {
    const dir = folderWith({ 'a.virtplan.json': plan, 'virtplan.config.json': '{"policy": {"failoverReserve": 2}}' });
    const result = runCli(['whatif', '--to', 'hyperv-2008-r2', '--format', 'json', dir]);
    assert.equal(result.err, '');
    const [file] = (JSON.parse(result.out) as { files: Array<{ kept: Array<{ code: string; message: string }> }> }).files;
    const kept = file.kept.filter((d) => d.code === 'cluster-failover-capacity');
    assert.equal(kept.length, 1, 'the failover warning of the reserve of 2 stays');
    assert.match(kept[0].message, /loss of 2 nodes/);
  });

  it("gives way to the cluster's own reserve", () => {
    const own = planText((p) => (p.clusters[0].reserve = 1));
    assert.deepEqual(failover(own, '{"policy": {"failoverReserve": 2}}'), []);
  });
});
