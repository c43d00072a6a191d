import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planText, smallVms } from '../helpers';
import { folderWith, runCli } from './run';

const run = (args: string[], cwd?: string) => runCli(['whatif', ...args], cwd);

// With comments, so the file is not plain JSON and every range must come from the text as written.
const live = '// wave 1\n' + planText((p) => (p.vms[0].migration = 'live'));
const legacy = planText((p) => {
  p.hosts = [{ name: 'vs-01', product: 'virtual-server-2005-r2-sp1', hardware: { sockets: 2, coresPerSocket: 2, memoryGB: 16 } }];
  p.clusters = [];
  p.vms = smallVms('vs-01', 2);
});

describe('virtplan whatif', () => {
  it('json is one document in the contract shape, located in the unchanged file', () => {
    const dir = folderWith({ 'a.virtplan.json': live });
    const { out, code, err } = run(['--to', 'hyperv-2008-r2', '--format', 'json', 'a.virtplan.json'], dir);
    assert.equal(err, '');
    assert.equal(code, 0, 'the retargeted plan has no error');
    const doc = JSON.parse(out);
    assert.deepEqual(Object.keys(doc), ['files']);
    const [file] = doc.files;
    assert.deepEqual(Object.keys(file), ['path', 'to', 'fixed', 'introduced', 'kept']);
    assert.equal(file.path, 'a.virtplan.json');
    assert.equal(file.to, 'hyperv-2008-r2');
    assert.deepEqual(file.introduced, []);
    const [fixed] = file.fixed;
    assert.deepEqual(Object.keys(fixed).sort(), ['code', 'message', 'pointer', 'range', 'severity']);
    assert.equal(fixed.code, 'live-migration-unsupported');
    const lines = live.split('\n');
    assert.equal(lines[fixed.range.start.line].slice(fixed.range.start.character, fixed.range.end.character), '"live"');
  });

  it('json diagnostics read as `check --format json` prints them', () => {
    const dir = folderWith({ 'a.virtplan.json': live });
    const check = JSON.parse(runCli(['check', '--format', 'json', 'a.virtplan.json'], dir).out);
    const whatif = JSON.parse(run(['--to', 'hyperv-2008-r2:enterprise', '--format=json', 'a.virtplan.json'], dir).out);
    assert.deepEqual(whatif.files[0].fixed, check.files[0].diagnostics);
    assert.equal(whatif.files[0].to, 'hyperv-2008-r2:enterprise');
  });

  it('text puts the summary first, then the lists as check lines, then the migration notes', () => {
    const dir = folderWith({ 'a.virtplan.json': live, 'b.virtplan.json': legacy });
    const { out, code } = run(['--to', 'hyperv-2008-r2', dir]);
    assert.equal(code, 1, 'the Virtual Server host lacks an edition on R2');
    const lines = out.split('\n');
    assert.match(lines[0], /a\.virtplan\.json: Moving 2 hosts to Hyper-V on Windows Server 2008 R2 fixes 1 problem and introduces 0; 0 stay\.$/);
    assert.equal(lines[1], 'Fixed (1):');
    assert.match(lines[2], /^ {2}\S+a\.virtplan\.json:\d+:\d+ error live-migration-unsupported /);
    const b = out.slice(out.indexOf('b.virtplan.json: Moving'));
    assert.match(b, /^\S*b\.virtplan\.json: Moving 1 host to .* introduces 1 \(1 error\)/);
    assert.match(b, /Introduced \(1\):\n {2}\S+:\d+:\d+ error edition-required /);
    assert.match(b, /Moving the VMs:\n {2}vs-01 \(Virtual Server 2005 R2 SP1\): .*\.vhd.*integration components.*\[seed\]/);
  });

  it('severities follow virtplan.config.json, as in check; --no-config ignores it; a broken one is exit 2', () => {
    const dir = folderWith({ 'a.virtplan.json': live, 'virtplan.config.json': '{ "severity": { "cluster-mixed-products": "warning" } }' });
    const args = ['--to', 'hyperv-2008-r2', '--host', 'hv-02', '--format', 'json', 'a.virtplan.json'];
    const configured = run(args, dir);
    assert.equal(JSON.parse(configured.out).files[0].introduced[0].severity, 'warning');
    const plain = run([...args, '--no-config'], dir);
    assert.equal(JSON.parse(plain.out).files[0].introduced[0].severity, 'error');
    writeFileSync(join(dir, 'virtplan.config.json'), '{ "severity": { "no-such-code": "off" } }');
    const broken = run(args, dir);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /virtplan\.config\.json:1:\d+: .*no-such-code/);
  });

  it('a kept problem whose severity changes says what it was', () => {
    const esx = planText((p) => {
      for (const host of p.hosts) {
        host.product = 'vmware-esx-3.5';
        delete host.edition;
        host.features = { memoryOvercommit: true };
        host.hardware.memoryGB = 16;
      }
      p.vms = smallVms('hv-01', 6).map((vm) => ({ ...vm, memoryGB: 4 }));
    });
    const dir = folderWith({ 'e.virtplan.json': esx });
    const { out, code } = run(['--to', 'hyperv-2008:datacenter', 'e.virtplan.json'], dir);
    assert.equal(code, 1);
    assert.match(out, /Kept \(\d+\):\n(?: {2}.*\n)* {2}e\.virtplan\.json:\d+:\d+ error host-memory-overcommitted \(was information\) /);
  });

  it('exit 2 with a clear message for an unknown product, edition or host, and nothing on stdout', () => {
    const dir = folderWith({ 'a.virtplan.json': live });
    const product = run(['--to', 'hyperv-2008-r3', 'a.virtplan.json'], dir);
    assert.equal(product.code, 2);
    assert.equal(product.out, '');
    assert.match(product.err, /no product "hyperv-2008-r3".*did you mean "hyperv-2008-r2"/);
    const edition = run(['--to', 'hyperv-2008:enterprize', 'a.virtplan.json'], dir);
    assert.equal(edition.code, 2);
    assert.match(edition.err, /no edition "enterprize".*did you mean "enterprise"/);
    const unknown = run(['--to', 'hyperv-2008-r2:zzz', 'a.virtplan.json'], dir);
    assert.match(unknown.err, /^virtplan: Hyper-V on Windows Server 2008 R2 has no edition "zzz"\. Its editions: standard, enterprise, datacenter\.\n$/);
    const colon = run(['--to', 'hyperv-2008-r2:', 'a.virtplan.json'], dir);
    assert.equal(colon.code, 2);
    assert.match(colon.err, /^virtplan: write an edition of Hyper-V on Windows Server 2008 R2 after "hyperv-2008-r2:", or leave out the colon\./);
    const forgotten = run(['--to', 'a.virtplan.json'], dir);
    assert.equal(forgotten.code, 2);
    assert.match(forgotten.err, /^virtplan: --to needs a product id before the plans \(virtplan facts lists them\), not "a\.virtplan\.json"\n/);
    const host = run(['--to', 'hyperv-2008-r2', '--host', 'hv-01', '--host', 'hv-9', 'a.virtplan.json'], dir);
    assert.equal(host.code, 2);
    assert.equal(host.out, '');
    assert.match(host.err, /--host "hv-9" names no host in the plans given; did you mean "hv-0\d"\?/);
    assert.doesNotMatch(host.err, /"hv-01" names/);
    for (const args of [['a.virtplan.json'], ['--to', 'hyperv-2008-r2'], ['--to', 'hyperv-2008-r2', '--format', 'sarif', 'a.virtplan.json'], ['--to']]) {
      const wrong = run(args, dir);
      assert.equal(wrong.code, 2, args.join(' '));
      assert.match(wrong.err, /^virtplan: .+\nUsage:/);
    }
  });

  it('--host moves only the named hosts', () => {
    const dir = folderWith({ 'a.virtplan.json': live });
    const doc = JSON.parse(run(['--to', 'hyperv-2008-r2', '--host', 'hv-02', '--format', 'json', 'a.virtplan.json'], dir).out);
    assert.deepEqual(doc.files[0].introduced.map((d: { code: string }) => d.code), ['cluster-mixed-products']);
    assert.deepEqual(doc.files[0].kept.map((d: { code: string }) => d.code), ['live-migration-unsupported'], 'hv-01 still runs the first release');
  });

  it('never writes the plan: its bytes and modification time stay', () => {
    const dir = folderWith({ 'a.virtplan.json': live });
    const path = join(dir, 'a.virtplan.json');
    const past = new Date('2009-06-01T00:00:00Z');
    utimesSync(path, past, past);
    const bytes = readFileSync(path);
    for (const format of ['text', 'json']) assert.notEqual(run(['--to', 'vmware-esx-3.5', '--format', format, path]).code, 2);
    assert.deepEqual(readFileSync(path), bytes);
    assert.equal(statSync(path).mtimeMs, past.getTime());
  });

  it('an unreadable path is exit 2, and the other plans are still compared', () => {
    const dir = folderWith({ 'a.virtplan.json': live });
    const { code, out, err } = run(['--to', 'hyperv-2008-r2', '--format', 'json', 'a.virtplan.json', 'missing.virtplan.json'], dir);
    assert.equal(code, 2);
    assert.match(err, /missing\.virtplan\.json: no such file/);
    assert.equal(JSON.parse(out).files.length, 1);
  });
});
