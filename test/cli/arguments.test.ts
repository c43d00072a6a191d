import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planText } from '../helpers';
import { folderWith, runCli as run } from './run';

/** A plan whose name starts with dashes, so only `--` lets a command read it. */
const DASHED = '--live.virtplan.json';

/** Each command with the options it needs before its paths, and what a reader sees when it read the dashed plan. */
const COMMANDS: Array<{ command: string[]; missing: Array<[option: string, message: string]>; read: (out: string) => boolean }> = [
  {
    command: ['check', '--format', 'json'],
    missing: [
      ['--format', '--format needs a value: text, json, sarif or github'],
      ['--config', '--config needs a value: a configuration file'],
      ['--max-file-size', '--max-file-size needs a value: a size in MB'],
    ],
    read: (out) => JSON.parse(out).files[0].path === DASHED,
  },
  { command: ['format'], missing: [], read: (out) => JSON.parse(out).vms[0].migration === 'live' },
  {
    command: ['report', '--format', 'json'],
    missing: [
      ['--format', '--format needs a value: use html, markdown or json'],
      ['--output', '--output needs a file'],
      ['-o', '--output needs a file'],
      ['--config', '--config needs a file'],
    ],
    read: (out) => JSON.parse(out).plans[0].path === DASHED,
  },
  {
    command: ['whatif', '--to', 'hyperv-2008-r2', '--format', 'json'],
    missing: [
      ['--to', '--to needs a value'],
      ['--host', '--host needs a value'],
      ['--format', '--format needs a value'],
      ['--config', '--config needs a value'],
    ],
    read: (out) => JSON.parse(out).files[0].path === DASHED,
  },
];

describe('the arguments of every command', () => {
  const dir = folderWith({ [DASHED]: planText((p) => (p.vms[0].migration = 'live')) });

  it('check --help describes each format its usage names, not only github', () => {
    const { out } = run(['check', '--help'], dir);
    const formats = /\[--format ([\w|]+)\]/.exec(out)![1].split('|');
    assert.deepEqual(formats, ['text', 'json', 'sarif', 'github']);
    for (const format of formats) assert.match(out, new RegExp(`^ +--format ${format} +\\S`, 'm'), `--format ${format}`);
  });
  for (const { command, missing, read } of COMMANDS) {
    const name = command[0];

    it(`${name}: an unknown option is exit 2 with its name and the usage`, () => {
      for (const option of ['--frobnicate', '-x', '--exit-zero-please', '--check=yes']) {
        if (name === 'check' && option === '--check=yes') continue;
        const { code, out, err } = run([...command, option, 'a.virtplan.json'], dir);
        assert.equal(code, 2, `${name} ${option}`);
        assert.equal(out, '');
        assert.ok(err.startsWith(`virtplan: unknown option "${option}"\n`), err);
        assert.match(err, /\nUsage:\n/);
      }
    });

    it(`${name}: --help, -h and "help ${name}" print the command's own usage on stdout`, () => {
      for (const args of [[...command, '--help'], [name, '-h', 'a.virtplan.json'], ['help', name]]) {
        const { code, out, err } = run(args, dir);
        assert.equal(code, 0, args.join(' '));
        assert.equal(err, '');
        assert.ok(out.startsWith(`Usage:\n  virtplan ${name} `), out);
        assert.equal(out.match(/^ {2}virtplan /gm)?.length, 1, 'only this command');
        assert.match(out, /Run "virtplan --help" for every command\.\n$/);
      }
      const path = run([...command, '--', '--help'], dir);
      assert.equal(path.code, 2, 'after "--", --help is a path');
      assert.doesNotMatch(path.out, /Usage:/);
    });

    it(`${name}: an option without its value is exit 2 and says what it needs`, () => {
      for (const [option, message] of missing) {
        const { code, out, err } = run([name, option], dir);
        assert.equal(code, 2, `${name} ${option}`);
        assert.equal(out, '');
        assert.ok(err.startsWith(`virtplan: ${message}\n`), err);
        assert.match(err, /\nUsage:\n/);
      }
    });

    it(`${name}: an option is never taken for the value of the one before it`, () => {
      for (const [option, message] of missing) {
        const { code, out, err } = run([name, option, '--no-config', 'a.virtplan.json'], dir);
        assert.equal(code, 2, `${name} ${option} --no-config`);
        assert.equal(out, '');
        assert.ok(err.startsWith(`virtplan: ${message}\n`), err);
      }
    });

    if (name !== 'format') {
      it(`${name}: --config and --no-config exclude each other, in either order; an empty --config names no file`, () => {
        for (const args of [['--config', 'x.json', '--no-config'], ['--no-config', '--config=x.json']]) {
          const { code, err } = run([...command, ...args, 'a.virtplan.json'], dir);
          assert.equal(code, 2, args.join(' '));
          assert.ok(err.startsWith('virtplan: --config and --no-config cannot be used together\n'), err);
        }
        const empty = run([...command, '--config=', 'a.virtplan.json'], dir);
        assert.equal(empty.code, 2);
        assert.ok(empty.err.startsWith('virtplan: --config needs a file\n'), empty.err);
      });
    }

    it(`${name}: "--" ends the options, so a path may start with a dash`, () => {
      const refused = run([...command, DASHED], dir);
      assert.equal(refused.code, 2);
      assert.ok(refused.err.startsWith(`virtplan: unknown option "${DASHED}"\n`), refused.err);
      const { code, out, err } = run([...command, '--', DASHED], dir);
      assert.notEqual(code, 2, err);
      assert.ok(read(out), out);
      const after = run([...command, '--', DASHED, '--frobnicate'], dir);
      assert.equal(after.code, 2, 'a path after "--" that does not exist is a path that cannot be read');
      assert.match(after.err, /--frobnicate/);
      assert.doesNotMatch(after.err, /unknown option|Usage:/);
    });
  }
});
