import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';
import { editorAvailable } from './editor-support';

describe('Neovim as a client of the built server', () => {
  it('shows the diagnostics and a product hover for an example plan', (t) => {
    if (!editorAvailable(t, 'nvim')) return;
    const root = repoRoot();
    const home = mkdtempSync(join(tmpdir(), 'virtplan-nvim-'));
    const plan = join(home, 'first-hyperv-mistakes.virtplan.json');
    copyFileSync(join(root, 'examples', 'first-hyperv-mistakes.virtplan.json'), plan);
    const lines = readFileSync(plan, 'utf8').split('\n');
    const hoverLine = lines.findIndex((l) => l.includes('"product": "hyperv-2008"'));
    const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(root, 'test', 'editors', 'neovim.lua')}`], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        XDG_STATE_HOME: join(home, 'state'),
        XDG_CACHE_HOME: join(home, 'cache'),
        VIRTPLAN_SERVER: join(root, 'dist', 'server.js'),
        VIRTPLAN_PLAN: plan,
        VIRTPLAN_HOVER_LINE: String(hoverLine),
        VIRTPLAN_HOVER_COL: String(lines[hoverLine].indexOf('hyperv-2008') + 2),
      },
    });
    const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
    assert.ok(line, `Neovim wrote its result (exit ${result.status}; stderr: ${result.stderr.slice(0, 500)})`);
    const got = JSON.parse(line) as { error?: string; diagnostics: Array<{ code: string; lnum: number; col: number }>; hover: string };
    assert.equal(got.error, undefined);
    const live = got.diagnostics.find((d) => d.code === 'live-migration-unsupported');
    assert.ok(live, `live-migration-unsupported among ${got.diagnostics.map((d) => d.code).join(', ')}`);
    assert.equal(lines[live.lnum].slice(live.col, live.col + 6), '"live"');
    assert.match(got.hover, /Hyper-V on Windows Server 2008/);
    assert.match(got.hover, /logical processors per host \| 16/);
  });
});
