import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';

const CLI = join(repoRoot(), 'dist', 'cli.js');

/** The failover diagnostics of one plan checked beside a virtplan.config.json, or none. */
function failover(plan: string, config?: string): Array<{ severity: string; message: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-failover-'));
  if (config !== undefined) writeFileSync(join(dir, 'virtplan.config.json'), config);
  writeFileSync(join(dir, 'a.virtplan.json'), plan);
  const result = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', dir], { encoding: 'utf8' });
  assert.equal(result.stderr, '');
  const [file] = (JSON.parse(result.stdout) as { files: Array<{ diagnostics: Array<{ code: string; severity: string; message: string }> }> }).files;
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
    const dir = mkdtempSync(join(tmpdir(), 'virtplan-failover-'));
    writeFileSync(join(dir, 'virtplan.config.json'), '{"policy": {"failoverReserve": 2}}');
    writeFileSync(join(dir, 'a.virtplan.json'), plan);
    const result = spawnSync(process.execPath, [CLI, 'whatif', '--to', 'hyperv-2008-r2', '--format', 'json', dir], { encoding: 'utf8' });
    assert.equal(result.stderr, '');
    const [file] = (JSON.parse(result.stdout) as { files: Array<{ kept: Array<{ code: string; message: string }> }> }).files;
    const kept = file.kept.filter((d) => d.code === 'cluster-failover-capacity');
    assert.equal(kept.length, 1, 'the failover warning of the reserve of 2 stays');
    assert.match(kept[0].message, /loss of 2 nodes/);
  });

  it("gives way to the cluster's own reserve", () => {
    const own = planText((p) => (p.clusters[0].reserve = 1));
    assert.deepEqual(failover(own, '{"policy": {"failoverReserve": 2}}'), []);
  });
});
