import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { CLI, folderWith, runCli as run } from './run';

// 68 virtual processors on 8 logical ones, above 8:1: cpu-oversubscribed, a warning by default.
const busy = planText((p) => {
  p.vms = Array.from({ length: 17 }, (_, i) => ({ ...p.vms[0], name: `w-${i}`, vcpus: 4, memoryGB: 1 }));
});

const codesOf = (out: string) => (JSON.parse(out) as { files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string }> }> }).files;

describe('virtplan check with a configuration file', () => {
  it('applies the nearest virtplan.config.json, and --no-config ignores it', () => {
    const dir = folderWith({
      'virtplan.config.json': '{"severity": {"cpu-oversubscribed": "error"}}',
      'team/virtplan.config.json': '// the team accepts it\n{"severity": {"cpu-oversubscribed": "off"}}',
      'a.virtplan.json': busy,
      'team/b.virtplan.json': busy,
    });
    const result = run(['check', '--format', 'json', dir]);
    assert.equal(result.code, 1, 'the error from the top configuration fails the run');
    const [a, b] = codesOf(result.out);
    assert.ok(a.diagnostics.some((d) => d.code === 'cpu-oversubscribed' && d.severity === 'error'));
    assert.ok(!b.diagnostics.some((d) => d.code === 'cpu-oversubscribed'));
    const ignored = run(['check', '--format', 'json', '--no-config', dir]);
    assert.equal(ignored.code, 0);
    assert.ok(codesOf(ignored.out).every((f) => f.diagnostics.some((d) => d.code === 'cpu-oversubscribed' && d.severity === 'warning')));
  });

  it('--config names one file for every plan', () => {
    const dir = folderWith({ 'x/strict.json': '{"severity": {"cpu-oversubscribed": "error"}}', 'a.virtplan.json': busy });
    assert.equal(run(['check', '--config', join(dir, 'x', 'strict.json'), join(dir, 'a.virtplan.json')]).code, 1);
    assert.equal(run(['check', join(dir, 'a.virtplan.json')]).code, 0);
  });

  it('a broken configuration exits 2 naming the file, line and key', () => {
    const dir = folderWith({ 'virtplan.config.json': '{\n  "severity": {\n    "cpu-oversubscribe": "error"\n  }\n}', 'a.virtplan.json': busy });
    const result = run(['check', join(dir, 'a.virtplan.json')]);
    assert.equal(result.code, 2);
    assert.match(result.err, /virtplan\.config\.json:3:5: "cpu-oversubscribe" is not a virtplan rule code\. Did you mean "cpu-oversubscribed"\? \(severity\.cpu-oversubscribe\)/);
    assert.match(result.out, /a\.virtplan\.json/, 'the plan is still checked');
    const missing = run(['check', '--config', join(dir, 'none.json'), join(dir, 'a.virtplan.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^virtplan: \S*none\.json: no such file$/m, 'a file that is not there has no line, and says so in words');
  });

  it('a configuration cannot let a broken plan pass', () => {
    const dir = folderWith({ 'virtplan.config.json': '{"severity": {"parse-error": "off"}}', 'empty.virtplan.json': '', 'comment.virtplan.json': '// only a comment\n' });
    const result = run(['check', '--format', 'json', dir]);
    assert.equal(result.code, 2, 'the configuration is wrong, and the plans fail');
    assert.match(result.err, /virtplan\.config\.json:1:15: The severity of "parse-error" cannot be changed/);
    const files = codesOf(result.out);
    assert.equal(files.length, 2);
    for (const file of files) assert.ok(file.diagnostics.some((d) => d.code === 'parse-error' && d.severity === 'error'), file.path);
  });

  it('refuses a pipe named by --config instead of waiting on it', () => {
    const dir = folderWith({ 'a.virtplan.json': busy });
    const fifo = join(dir, 'pipe.json');
    spawnSync('mkfifo', [fifo]);
    const result = spawnSync(process.execPath, [CLI, 'check', '--config', fifo, join(dir, 'a.virtplan.json')], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /pipe\.json: not a regular file \(a pipe\); name a configuration file$/m);
  });

  it('says a configuration file too large is too large, without the plan\'s --max-file-size', () => {
    const dir = folderWith({ 'a.virtplan.json': busy, 'big.json': `{"x": "${'a'.repeat(2 * 1024 * 1024)}"}` });
    const big = join(dir, 'big.json');
    const result = spawnSync(process.execPath, [CLI, 'check', '--config', big, join(dir, 'a.virtplan.json')], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /big\.json: too large \(2 MB; the limit is 1 MB\)$/m);
    assert.doesNotMatch(result.stderr, /max-file-size/);
  });

  it('refuses --config together with --no-config', () => {
    const result = run(['check', '--config', 'x.json', '--no-config', 'a.virtplan.json']);
    assert.equal(result.code, 2);
    assert.match(result.err, /cannot be used together/);
  });
});
