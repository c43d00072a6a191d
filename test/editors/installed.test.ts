import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';
import { editorAvailable } from './editor-support';

const root = repoRoot();

/** The first code block of a language after the README's "Any LSP client" paragraph. */
function readmeBlock(language: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const from = readme.indexOf('**Any LSP client.**');
  assert.ok(from >= 0, 'the README has its "Any LSP client" set-up');
  const open = readme.indexOf('```' + language + '\n', from);
  assert.ok(open >= 0, `the README has a ${language} block`);
  const start = open + language.length + 4;
  return readme.slice(start, readme.indexOf('```', start));
}

function run(binary: string, args: string[], cwd: string, env: Record<string, string>): Record<string, unknown> {
  const result = spawnSync(binary, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `${binary} wrote its result (exit ${result.status}; stderr: ${result.stderr.slice(-800)})`);
  return JSON.parse(line) as Record<string, unknown>;
}

describe('the packed package, installed, serves editors set up as the README says', () => {
  let scratch: string;
  let prefix: string;
  let work: string;
  let plan: string;
  let env: Record<string, string>;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'virtplan-installed-'));
    prefix = join(scratch, 'prefix');
    // Scripts are not run: the tarball holds the dist/ this test run built.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' });
    assert.equal(pack.status, 0, `npm pack: ${pack.stderr}`);
    const tarball = join(scratch, pack.stdout.trim().split('\n').pop()!);
    const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], { cwd: scratch, encoding: 'utf8' });
    assert.equal(install.status, 0, `npm install -g: ${install.stderr}`);
    work = join(scratch, 'plans');
    mkdirSync(work);
    plan = join(work, 'first-hyperv-mistakes.virtplan.json');
    copyFileSync(join(root, 'examples', 'first-hyperv-mistakes.virtplan.json'), plan);
    const home = join(scratch, 'home');
    env = {
      // Only the installed commands and node: nothing of the clone is on the way.
      PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      XDG_CACHE_HOME: join(home, 'cache'),
      TMPDIR: scratch,
    };
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('puts virtplan-language-server on the PATH, from the installed package', () => {
    const found = spawnSync('sh', ['-c', 'command -v virtplan-language-server'], { cwd: work, env, encoding: 'utf8' });
    assert.equal(found.status, 0, 'found on the PATH');
    const server = realpathSync(found.stdout.trim());
    assert.ok(server.startsWith(realpathSync(prefix)), `${server} is inside the installed package`);
    assert.ok(!server.startsWith(realpathSync(root)), `${server} is not the clone's`);
  });

  it('Neovim: the README init.lua gives the plan its filetype and the installed server diagnoses it', (t) => {
    if (!editorAvailable(t, 'nvim')) return;
    const init = join(scratch, 'init.lua');
    writeFileSync(init, readmeBlock('lua'));
    const result = run('nvim', ['--headless', '-u', init, '-i', 'NONE', '-n', plan, '-c', `luafile ${join(root, 'test', 'editors', 'neovim-installed.lua')}`], work, env);
    assert.equal(result.filetype, 'virtplan');
    assert.deepEqual(result.clients, [{ name: 'virtplan', cmd: ['virtplan-language-server', '--stdio'] }]);
    assert.ok((result.codes as string[]).includes('live-migration-unsupported'), `diagnostics: ${JSON.stringify(result.codes)}`);
  });

  it('Emacs: the README init.el puts the plan in virtplan-mode and eglot gets the installed server\'s diagnostics', (t) => {
    if (!editorAvailable(t, 'emacs')) return;
    const init = join(scratch, 'init.el');
    // Debian installs eglot as a system package; package.el finds it there.
    writeFileSync(init, `(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))\n(package-initialize)\n${readmeBlock('elisp')}\n(require 'eglot)\n`);
    const result = run('emacs', ['--batch', '-Q', '-l', init, '-l', join(root, 'test', 'editors', 'emacs-installed.el')], work, { ...env, VIRTPLAN_PLAN: plan });
    assert.equal(result.mode, 'virtplan-mode');
    assert.deepEqual(result.command, ['virtplan-language-server', '--stdio']);
    assert.ok((result.messages as string[]).some((m) => m.includes('no live migration')), `diagnostics: ${JSON.stringify(result.messages)}`);
  });
});
