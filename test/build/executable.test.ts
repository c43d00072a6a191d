import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';

const root = repoRoot();
const COMMANDS = ['cli.js', 'server.js'];
/** The bundles the commands launch. */
const LAUNCHED = ['cli-main.js', 'server-main.js'];

/** A copy of what the build reads, so a build here never empties the dist/ other tests run. */
function buildTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-build-'));
  for (const entry of ['esbuild.mjs', 'package.json', 'tsconfig.json', 'src', 'server', 'schemas', 'snippets']) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function build(dir: string, ...args: string[]): void {
  const run = spawnSync(process.execPath, ['esbuild.mjs', ...args], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, `node esbuild.mjs ${args.join(' ')}: ${run.stderr}`);
}

/** Runs a built command as a shell runs it: by its path, through its #! line. */
function assertRunsByPath(dir: string, file: string): void {
  const path = join(dir, 'dist', file);
  assert.equal(statSync(path).mode & 0o111, 0o111, `${file} is executable`);
  // The server reads the empty input, sees it end, and exits; the command line prints its version.
  const run = spawnSync(path, file === 'cli.js' ? ['--version'] : ['--stdio'], { input: '', encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.error, undefined, `${file} runs by its path`);
  if (file === 'cli.js') assert.match(run.stdout, /^\d+\.\d+\.\d+/);
}

describe('the build leaves the commands executable', () => {
  let dir: string;
  before(() => {
    dir = buildTree();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a production build, which starts from an empty dist/', () => {
    build(dir, '--production');
    for (const file of COMMANDS) assertRunsByPath(dir, file);
  });

  it('the packaged commands, moved away from node_modules, still compile a plan schema edited after the build', () => {
    // What an installed copy holds: dist/ and schemas/, nothing else.
    const installed = mkdtempSync(join(tmpdir(), 'virtplan-installed-'));
    try {
      cpSync(join(dir, 'dist'), join(installed, 'dist'), { recursive: true });
      cpSync(join(dir, 'schemas'), join(installed, 'schemas'), { recursive: true });
      const plan = join(installed, 'plan.virtplan.json');
      writeFileSync(plan, JSON.stringify({ name: 'p', hosts: [{ name: 'hv', product: 'hyperv-2008', edition: 'datacenter', hardware: { sockets: 'two', coresPerSocket: 4, memoryGB: 64 } }] }));
      const schemaPath = join(installed, 'schemas', 'virtplan.schema.json');
      const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { properties: { name: Record<string, unknown> } };
      const check = () => spawnSync(process.execPath, [join(installed, 'dist', 'cli.js'), 'check', '--no-config', plan], { encoding: 'utf8', timeout: 20_000 });
      assert.match(check().stdout, /"hardware.sockets" of host "hv" must be an integer/, 'the schema compiled at build time');
      // A rule the build never saw: names of at least five characters.
      schema.properties.name = { ...schema.properties.name, minLength: 5 };
      writeFileSync(schemaPath, JSON.stringify(schema));
      const edited = check();
      assert.equal(edited.stderr, '');
      assert.match(edited.stdout, /"hardware.sockets" of host "hv" must be an integer/);
      assert.match(edited.stdout, /error schema .*name/i, 'the edited schema, compiled at run time');
    } finally {
      rmSync(installed, { recursive: true, force: true });
    }
  });

  it('a development build into a fresh dist/', () => {
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    build(dir);
    for (const file of COMMANDS) assertRunsByPath(dir, file);
  });

  it('a watch build into a fresh dist/', async () => {
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    const watch = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: dir, stdio: 'ignore' });
    try {
      const deadline = Date.now() + 30_000;
      // Each command and the bundle it launches are built apart: both are waited for.
      const ready = () =>
        COMMANDS.every((file) => existsSync(join(dir, 'dist', file)) && (statSync(join(dir, 'dist', file)).mode & 0o111) === 0o111) &&
        LAUNCHED.every((file) => existsSync(join(dir, 'dist', file)));
      while (!ready()) {
        assert.ok(Date.now() < deadline, 'the watch build wrote executable commands');
        assert.equal(watch.exitCode, null, 'the watch build runs');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      watch.kill();
    }
    for (const file of COMMANDS) assertRunsByPath(dir, file);
  });
});
