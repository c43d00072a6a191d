import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, mkdirSync, openSync, readSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { CLI, folderWith, runCli as run } from './run';

/** Anything a terminal would act on; the line feeds that end output lines are the only ones allowed. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const EVIL_HOST = 'hv\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eevil\nfake.virtplan.json:1:1 error fake-rule forged';

/** A plan whose host has too many cores, so its name is quoted in an error. */
function planWithHost(name: string): string {
  return planText((p) => {
    p.hosts[0].name = name;
    p.hosts[0].hardware = { sockets: 4, coresPerSocket: 5, memoryGB: 64 };
    p.clusters[0].nodes[0] = name;
    p.vms[0].host = name;
  });
}

describe('virtplan check prints plan text and file names safely', () => {
  const dir = folderWith();
  const fileName = 'evil\nfake.virtplan.json:1:1 error fake-rule \u001b[31mred\u009b.virtplan.json';
  writeFileSync(join(dir, fileName), planWithHost(EVIL_HOST));

  it('text output shows control characters escaped: one diagnostic is one line, and no line is forged', () => {
    const { code, out } = run(['check', '.'], dir);
    assert.equal(code, 1);
    assert.doesNotMatch(out, RAW_CONTROL);
    const lines = out.trimEnd().split('\n');
    assert.ok(!lines.some((l) => l.startsWith('fake.virtplan.json')), 'no forged line');
    const cores = lines.find((l) => l.includes('too-many-logical-processors'));
    assert.ok(cores, out);
    assert.ok(cores.startsWith('evil\\nfake.virtplan.json:1:1 error fake-rule \\u001b[31mred\\u009b.virtplan.json:'), cores);
    assert.ok(cores.includes('Host "hv\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u202eevil\\nfake'), cores);
  });

  it('github output escapes the same way, and JSON and SARIF keep the exact text', () => {
    const github = run(['check', '--format', 'github', '.'], dir).out;
    assert.doesNotMatch(github, RAW_CONTROL);
    assert.ok(github.trimEnd().split('\n').every((l) => /^::(error|warning|notice) file=evil\\nfake\.virtplan\.json%3A1%3A1 error fake-rule/.test(l)), github);
    const json = JSON.parse(run(['check', '--format', 'json', '.'], dir).out);
    assert.equal(json.files[0].path, fileName);
    assert.ok(json.files[0].diagnostics.some((d: { message: string }) => d.message.includes(EVIL_HOST.slice(0, 40))));
    const sarif = JSON.parse(run(['check', '--format', 'sarif', '.'], dir).out);
    assert.ok(sarif.runs[0].results.some((r: { message: { text: string } }) => r.message.text.includes(EVIL_HOST.slice(0, 40))));
  });

  it('a name with a character that shows as nothing is told apart from the name without it', () => {
    const twin = folderWith({
      'a.virtplan.json': planText((p) => (p.vms[0].host = `${p.hosts[0].name}\u200b`)),
      'b.virtplan.json': planText((p) => (p.vms[0].host = `\ufeff${p.hosts[0].name}\u00ad`)),
    });
    const { out } = run(['check', twin]);
    assert.match(out, /a\.virtplan\.json:.* unknown-host No host of this plan is named "hv-01\\u200b"\. Did you mean "hv-01"\?/);
    assert.match(out, /b\.virtplan\.json:.* named "\\ufeffhv-01\\u00ad"/);
    const markdown = run(['report', '--format', 'markdown', twin]).out;
    assert.doesNotMatch(markdown, /[\u200b\ufeff\u00ad]/);
  });

  it('whatif text shows them escaped too', () => {
    const { out } = run(['whatif', '--to', 'hyperv-2008-r2', '.'], dir);
    assert.doesNotMatch(out, RAW_CONTROL);
    assert.ok(out.startsWith('evil\\nfake.virtplan.json:1:1 error fake-rule \\u001b[31mred\\u009b.virtplan.json: '), out);
  });

  it('a path named on the command line is escaped on stderr too', () => {
    const { code, err } = run(['check', join(dir, 'gone\u001b]0;x\u0007.virtplan.json')]);
    assert.equal(code, 2);
    assert.doesNotMatch(err, RAW_CONTROL);
    assert.match(err, /gone\\u001b\]0;x\\u0007\.virtplan\.json: no such file/);
  });
});

describe('virtplan check --format github', () => {
  it('one workflow command per diagnostic, one-based, at the JSON range', () => {
    const dir = folderWith();
    const name = 'a,b:c%d.virtplan.json';
    writeFileSync(join(dir, name), planWithHost('100%,done:\r\nnext'));
    const { code, out } = run(['check', '--format', 'github', name], dir);
    assert.equal(code, 1);
    const diagnostics = JSON.parse(run(['check', '--format', 'json', name], dir).out).files[0].diagnostics;
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, diagnostics.length);
    const command = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as Record<string, string>;
    lines.forEach((line, i) => {
      const d = diagnostics[i];
      const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
      assert.ok(match, line);
      assert.equal(match[1], command[d.severity]);
      const properties = Object.fromEntries(match[2].split(',').map((p) => p.split('=') as [string, string]));
      assert.deepEqual(properties, {
        file: 'a%2Cb%3Ac%25d.virtplan.json',
        line: String(d.range.start.line + 1),
        col: String(d.range.start.character + 1),
        endLine: String(d.range.end.line + 1),
        endColumn: String(d.range.end.character + 1),
        title: d.code,
      });
      const unescaped = match[3].replace(/%25/g, '%');
      assert.equal(unescaped, d.message.replace(/\r/g, '\\r').replace(/\n/g, '\\n'));
    });
    assert.ok(lines.some((l) => l.includes('Host "100%25,done:\\r\\nnext"')), 'a message keeps , and : and writes % as %25');
  });
});

describe('virtplan check and what cannot be read', () => {
  it('a FIFO and a device are refused at once, one stderr line each, and the other files are checked', () => {
    const dir = folderWith();
    const fifo = join(dir, 'pipe.virtplan.json');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 'b.virtplan.json'), planText((p) => (p.vms[0].migration = 'live')));
    const { code, out, err } = run(['check', '--format', 'json', fifo, '/dev/zero', join(dir, 'b.virtplan.json')]);
    assert.equal(code, 2);
    assert.deepEqual(err.trimEnd().split('\n'), [
      `virtplan: ${fifo}: not a regular file (a pipe); name a plan file`,
      'virtplan: /dev/zero: not a regular file (a device); name a plan file',
    ]);
    assert.deepEqual(JSON.parse(out).files.map((f: { path: string }) => f.path), [join(dir, 'b.virtplan.json')]);
    for (const args of [['format', '--check'], ['whatif', '--to', 'hyperv-2008-r2']]) {
      const refused = run([...args, fifo, '/dev/zero']);
      assert.equal(refused.code, 2, `${args[0]} refuses them too`);
      assert.equal(refused.err.trimEnd().split('\n').length, 2, refused.err);
    }
  });

  it('a file above the size limit is refused before it is read; --max-file-size changes the limit', () => {
    const dir = folderWith();
    const big = join(dir, 'big.virtplan.json');
    execFileSync('truncate', ['-s', '600M', big]);
    const small = join(dir, 'small.virtplan.json');
    writeFileSync(small, planText());
    const refused = run(['check', big, small]);
    assert.equal(refused.code, 2);
    assert.deepEqual(refused.err.trimEnd().split('\n'), [`virtplan: ${big}: too large (600 MB; the limit is 256 MB): raise it with --max-file-size MB to check it`]);
    assert.match(refused.out, /^1 file checked: 0 errors/m);
    const tight = run(['check', '--max-file-size=0.0001', small]);
    assert.equal(tight.code, 2);
    assert.match(tight.err, /small\.virtplan\.json: too large \(\d+ bytes; the limit is 104 bytes\)/);
    assert.equal(run(['check', '--max-file-size', '1', small]).code, 0);
    for (const bad of ['0', '-1', 'lots', '']) assert.equal(run(['check', '--max-file-size', bad, small]).code, 2, `--max-file-size ${bad}`);
  });

  it('a path that cannot be read is exit 2 with one line each, whoever runs the check', () => {
    const dir = folderWith();
    writeFileSync(join(dir, 'a.virtplan.json'), planText());
    symlinkSync('loop.virtplan.json', join(dir, 'loop.virtplan.json'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'sub', 'loop2.virtplan.json'), join(dir, 'sub', 'loop2.virtplan.json'));
    const paths = [join(dir, 'loop.virtplan.json'), join(dir, 'a.virtplan.json', 'x.virtplan.json'), join(dir, 'sub')];
    const expected = ['ELOOP', 'ENOTDIR', 'a broken link'];
    if (process.getuid?.() !== 0) {
      writeFileSync(join(dir, 'locked.virtplan.json'), planText());
      chmodSync(join(dir, 'locked.virtplan.json'), 0o000);
      paths.push(join(dir, 'locked.virtplan.json'));
      expected.push('EACCES');
    }
    const { code, out, err } = run(['check', '--format', 'json', ...paths, join(dir, 'a.virtplan.json')]);
    assert.equal(code, 2);
    const lines = err.trimEnd().split('\n');
    assert.equal(lines.length, expected.length, err);
    expected.forEach((why, i) => assert.ok(lines[i].startsWith(`virtplan: ${paths[i]}`) && lines[i].includes(why), lines[i]));
    assert.equal(JSON.parse(out).files.length, 1);
  });
});

describe('virtplan check and a reader that goes away', () => {
  it('ends quietly with the check’s own exit code when stdout is closed early', async () => {
    const dir = folderWith();
    const live = planText((p) => (p.vms[0].migration = 'live'));
    for (let i = 0; i < 200; i++) writeFileSync(join(dir, `p${String(i).padStart(3, '0')}.virtplan.json`), live);
    for (const [args, expected] of [
      [['--exit-zero'], 0],
      [[], 1],
    ] as const) {
      const child = spawn(process.execPath, [CLI, 'check', ...args, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      // The only reader of the pipe closes it before the check prints, as `| true` does.
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(err, '', 'no stack trace');
      assert.equal(code, expected, `virtplan check ${args.join(' ')} | true`);
    }
  });

  it('under `set -o pipefail`, `| head -1` with --exit-zero passes', () => {
    const dir = folderWith();
    const live = planText((p) => (p.vms[0].migration = 'live'));
    // More output than a pipe holds, so the check is still writing when head has gone.
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `p${String(i).padStart(4, '0')}.virtplan.json`), live);
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check --exit-zero "${dir}" | head -1`], { encoding: 'utf8', timeout: 90_000 });
    assert.equal(result.signal, null, 'the pipeline ended in time (a loaded machine is slow, not wrong)');
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.equal(result.stdout.split('\n').length, 2);
  });
});

describe('virtplan check and a pipe that does not block', () => {
  it('writes all of an output larger than the pipe while the reader waits, and ends with its exit code', async () => {
    const dir = folderWith();
    const live = planText((p) => (p.vms[0].migration = 'live'));
    // Some 120 KB of JSON: about twice what a pipe holds, so the pipe is full before it is read.
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `p${String(i).padStart(3, '0')}.virtplan.json`), live);
    const expected = run(['check', '--format', 'json', dir]);
    assert.ok(expected.out.length > 100_000, `${expected.out.length} characters`);
    const fifo = join(folderWith(), 'out');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    // A process started by Node gets its stdout blocking; one whose parent shares a pipe it made
    // non-blocking (Node does, by making its process.stdout) does not. Made here the same way,
    // in the process itself, before the command runs.
    const nonBlocking = 'process.stdout; require(process.argv[1]);';
    const child = spawn(process.execPath, ['-e', nonBlocking, CLI, 'check', '--format', 'json', dir], { stdio: ['ignore', writer, 'pipe'] });
    closeSync(writer);
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    let exit: number | null | undefined;
    child.on('close', (code) => (exit = code));
    // The reader waits, so the check finds the pipe full.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(1 << 16);
    for (;;) {
      let n: number;
      try {
        n = readSync(reader, buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    closeSync(reader);
    while (exit === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(err, '');
    assert.equal(exit, expected.code);
    assert.equal(Buffer.concat(chunks).toString('utf8'), expected.out);
  });
});
