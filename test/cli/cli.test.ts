import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { planText } from '../helpers';
import { folderWith, runCli as run } from './run';

const clean = planText();
const live = planText((p) => (p.vms[0].migration = 'live'));
const warnOnly = planText((p) => (p.vms = Array.from({ length: 5 }, (_, i) => ({ ...p.vms[0], name: `w-${i}` }))));

describe('virtplan check', () => {
  it('exits 0 on a clean plan and 1 when a diagnostic is an error', () => {
    const dir = folderWith({ 'a.virtplan.json': clean, 'b.virtplan.json': live, 'c.virtplan.json': warnOnly });
    assert.equal(run(['check', join(dir, 'a.virtplan.json')]).code, 0);
    assert.equal(run(['check', join(dir, 'c.virtplan.json')]).code, 0, 'warnings alone pass');
    const failed = run(['check', join(dir, 'b.virtplan.json')]);
    assert.equal(failed.code, 1);
    assert.match(failed.out, /b\.virtplan\.json:\d+:\d+ error live-migration-unsupported /);
    assert.equal(run(['check', '--exit-zero', join(dir, 'b.virtplan.json')]).code, 0);
  });

  it('text lines are path:line:col, one-based', () => {
    const dir = folderWith({ 'b.virtplan.json': live });
    const { out } = run(['check', 'b.virtplan.json'], dir);
    const line = out.split('\n').find((l) => l.includes('live-migration-unsupported'))!;
    const [, row, col] = /^b\.virtplan\.json:(\d+):(\d+) /.exec(line)!;
    const lines = live.split('\n');
    assert.equal(lines[Number(row) - 1].slice(Number(col) - 1, Number(col) + 5), '"live"');
  });

  it('json is one document in the contract shape', () => {
    const dir = folderWith({ 'b.virtplan.json': live });
    const { out, code } = run(['check', '--format', 'json', join(dir, 'b.virtplan.json')]);
    assert.equal(code, 1);
    const doc = JSON.parse(out);
    assert.deepEqual(Object.keys(doc), ['files']);
    const [file] = doc.files;
    assert.equal(file.path, join(dir, 'b.virtplan.json'));
    const d = file.diagnostics.find((x: { code: string }) => x.code === 'live-migration-unsupported');
    assert.deepEqual(Object.keys(d).sort(), ['code', 'message', 'pointer', 'range', 'severity']);
    assert.equal(d.pointer, '/vms/0/migration');
    assert.equal(d.severity, 'error');
    const lines = live.split('\n');
    assert.equal(lines[d.range.start.line].slice(d.range.start.character, d.range.end.character), '"live"');
  });

  it('--format=json works too, and a clean plan has an empty list', () => {
    const dir = folderWith({ 'a.virtplan.json': clean });
    const doc = JSON.parse(run(['check', '--format=json', dir]).out);
    assert.deepEqual(doc, { files: [{ path: join(dir, 'a.virtplan.json'), diagnostics: [] }] });
  });

  it('sarif is 2.1.0 with a rule per code used and regions', () => {
    const dir = folderWith({ 'b.virtplan.json': live, 'c.virtplan.json': warnOnly });
    const { out, code } = run(['check', '--format', 'sarif', dir]);
    assert.equal(code, 1);
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    const [runLog] = sarif.runs;
    assert.equal(runLog.tool.driver.name, 'virtplan');
    const ruleIds = runLog.tool.driver.rules.map((r: { id: string }) => r.id).sort();
    const usedIds = [...new Set(runLog.results.map((r: { ruleId: string }) => r.ruleId))].sort();
    assert.deepEqual(ruleIds, usedIds);
    assert.ok(usedIds.includes('live-migration-unsupported') && usedIds.includes('license-instances-exceeded'));
    for (const result of runLog.results) {
      assert.equal(runLog.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      const region = result.locations[0].physicalLocation.region;
      assert.ok(region.startLine >= 1 && region.startColumn >= 1);
    }
    const liveResult = runLog.results.find((r: { ruleId: string }) => r.ruleId === 'live-migration-unsupported');
    assert.equal(liveResult.level, 'error');
    assert.match(liveResult.locations[0].physicalLocation.artifactLocation.uri, /b\.virtplan\.json$/);
    assert.deepEqual(liveResult.locations[0].logicalLocations, [{ fullyQualifiedName: '/vms/0/migration', kind: 'member' }]);
  });

  it('sarif names each file by a URI that leads back to it, absolute or relative, whatever its name holds', () => {
    const name = 'wave #2 ?50%.virtplan.json';
    const dir = folderWith({ [name]: live });
    const uriOf = (out: string) => JSON.parse(out).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri as string;
    const absolute = uriOf(run(['check', '--format', 'sarif', join(dir, name)]).out);
    assert.equal(fileURLToPath(absolute), join(dir, name));
    const relative = uriOf(run(['check', '--format', 'sarif', name], dir).out);
    assert.equal(new URL(relative, pathToFileURL(dir + '/')).href, pathToFileURL(join(dir, name)).href);
  });

  it('sarif gives no logical location for the whole document (pointer "")', () => {
    const dir = folderWith({ 'broken.virtplan.json': '{"hosts": [' });
    const results: Array<{ ruleId: string; locations: Array<{ logicalLocations?: unknown }> }> = JSON.parse(run(['check', '--format', 'sarif', dir]).out).runs[0].results;
    const result = results.find((r) => r.ruleId === 'parse-error')!;
    assert.equal(result.locations[0].logicalLocations, undefined, '"/" would be the pointer of the key ""');
  });

  it('searches folders for *.virtplan.json only, skipping node_modules', () => {
    const dir = folderWith({
      'x/one.virtplan.json': clean,
      'x/y/two.virtplan.json': live,
      'x/other.json': '{ not a plan',
      'x/node_modules/pkg/three.virtplan.json': live,
    });
    const doc = JSON.parse(run(['check', '--format', 'json', join(dir, 'x')]).out);
    assert.deepEqual(
      doc.files.map((f: { path: string }) => f.path),
      [join(dir, 'x/one.virtplan.json'), join(dir, 'x/y/two.virtplan.json')],
    );
  });

  it('an unreadable path is exit 2 with one line on stderr, and the other files are still checked', () => {
    const dir = folderWith({ 'b.virtplan.json': live });
    const { code, out, err } = run(['check', '--format', 'json', join(dir, 'missing.virtplan.json'), join(dir, 'b.virtplan.json')]);
    assert.equal(code, 2);
    assert.match(err, /missing\.virtplan\.json: no such file/);
    assert.equal(err.trim().split('\n').length, 1);
    assert.equal(JSON.parse(out).files.length, 1);
  });

  it('a folder with no plan in it or below it is exit 2, so a wrong folder does not pass CI', () => {
    const dir = folderWith({ 'x/notes.json': '{}', 'p/a/one.virtplan.json': clean });
    mkdirSync(join(dir, 'x', 'empty'));
    const empty = run(['check', join(dir, 'x'), join(dir, 'p')]);
    assert.equal(empty.code, 2);
    assert.equal(empty.err, `virtplan: ${join(dir, 'x')}: no *.virtplan.json file in this folder or below it\n`);
    assert.match(empty.out, /1 file checked/);
    // The same plans named twice, or a folder inside one named before, still hold them.
    for (const args of [[join(dir, 'p'), join(dir, 'p')], [join(dir, 'p', 'a'), join(dir, 'p')], [join(dir, 'p'), join(dir, 'p', 'a')]]) {
      const again = run(['check', ...args]);
      assert.equal(again.code, 0, `${args.join(' ')}: ${again.err}`);
      assert.equal(again.err, '');
    }
  });

  it('a symlink loop and a folder named like a plan do not stop the check', () => {
    const dir = folderWith({ 'p/a.virtplan.json': live, 'p/odd.virtplan.json/inner.virtplan.json': clean });
    symlinkSync(join(dir, 'p'), join(dir, 'p', 'loop'));
    const { code, out } = run(['check', '--format', 'json', join(dir, 'p')]);
    assert.equal(code, 1);
    const paths = JSON.parse(out).files.map((f: { path: string }) => f.path);
    assert.deepEqual(paths, [join(dir, 'p/a.virtplan.json'), join(dir, 'p/odd.virtplan.json/inner.virtplan.json')]);
  });

  it('bad arguments are exit 2 with a message', () => {
    for (const args of [['check', '--frobnicate', 'x'], ['check', '--format', 'xml', 'x'], ['check'], ['frob'], []]) {
      const { code, err } = run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /^virtplan: /);
    }
  });

  it('never writes to a plan', () => {
    const dir = folderWith({ 'b.virtplan.json': live });
    const path = join(dir, 'b.virtplan.json');
    const before = statSync(path).mtimeMs;
    for (const format of ['text', 'json', 'sarif']) run(['check', '--format', format, path]);
    assert.equal(readFileSync(path, 'utf8'), live);
    assert.equal(statSync(path).mtimeMs, before);
  });
});

describe('virtplan facts', () => {
  it('lists the products', () => {
    const { code, out } = run(['facts']);
    assert.equal(code, 0);
    for (const id of ['virtual-pc-2007', 'virtual-server-2005-r2-sp1', 'hyperv-2008', 'hyperv-server-2008', 'hyperv-2008-r2', 'vmware-esx-3.5']) {
      assert.match(out, new RegExp(`^  ${id.replace(/\./g, '\\.')} `, 'm'));
    }
  });

  it('prints one product with its limits and sources', () => {
    const { code, out } = run(['facts', 'hyperv-2008']);
    assert.equal(code, 0);
    assert.match(out, /logical processors per host\s+16/);
    assert.match(out, /with KB956710\s+24 logical processors, 192 running VMs/);
    assert.match(out, /lacks: live migration/);
    assert.match(out, /S2 /);
  });

  it('an unknown product is exit 2 with the nearest id', () => {
    const { code, err } = run(['facts', 'hyperv-2009']);
    assert.equal(code, 2);
    assert.match(err, /did you mean "hyperv-2008"/);
  });

  it('an id near no product still ends its sentence before the next', () => {
    const { code, err } = run(['facts', 'nope']);
    assert.equal(code, 2);
    assert.equal(err, 'virtplan: no product "nope" in the catalog. Run "virtplan facts" for the list.\n');
  });
});

describe('virtplan check on hostile files', () => {
  it('bytes that are not UTF-8 are a parse error at their place, and the rest is still checked', () => {
    const dir = folderWith({});
    const text = planText((p) => (p.vms[0].migration = 'live'));
    const at = text.indexOf('Test plan');
    writeFileSync(join(dir, 'latin1.virtplan.json'), Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9, 0xff]), Buffer.from(text.slice(at))]));
    const { code, out } = run(['check', '--format', 'json', dir]);
    assert.equal(code, 1);
    const [file] = JSON.parse(out).files;
    const codes = file.diagnostics.map((d: { code: string }) => d.code);
    assert.ok(codes.includes('parse-error'));
    assert.match(file.diagnostics.find((d: { code: string }) => d.code === 'parse-error').message, /not UTF-8/);
    assert.ok(codes.includes('live-migration-unsupported'), 'the rest is checked');
  });

  it('an empty file, a binary file and a BOM each get a clear answer', () => {
    const dir = folderWith({ 'empty.virtplan.json': '', 'bom.virtplan.json': '\uFEFF' + clean });
    writeFileSync(join(dir, 'binary.virtplan.json'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const { out } = run(['check', '--format', 'json', dir]);
    const byName = Object.fromEntries(JSON.parse(out).files.map((f: { path: string; diagnostics: unknown[] }) => [f.path.split('/').pop(), f.diagnostics]));
    assert.match((byName['empty.virtplan.json'] as Array<{ message: string }>)[0].message, /empty/);
    assert.deepEqual(byName['bom.virtplan.json'], []);
    assert.ok((byName['binary.virtplan.json'] as unknown[]).length <= 22, 'syntax errors are capped');
  });
});
