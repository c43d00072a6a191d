import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';
import { editorAvailable } from './editor-support';

describe('Emacs + eglot as a client of the built server', () => {
  it('shows the diagnostics and a product hover for an example plan', (t) => {
    if (!editorAvailable(t, 'emacs')) return;
    const root = repoRoot();
    const home = mkdtempSync(join(tmpdir(), 'virtplan-emacs-'));
    const plan = join(home, 'first-hyperv-mistakes.virtplan.json');
    copyFileSync(join(root, 'examples', 'first-hyperv-mistakes.virtplan.json'), plan);
    const lines = readFileSync(plan, 'utf8').split('\n');
    const hoverLine = lines.findIndex((l) => l.includes('"product": "hyperv-2008"'));
    const result = spawnSync('emacs', ['--batch', '-Q', '-l', join(root, 'test', 'editors', 'emacs.el')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        HOME: home,
        VIRTPLAN_SERVER: join(root, 'dist', 'server.js'),
        VIRTPLAN_PLAN: plan,
        VIRTPLAN_HOVER_LINE: String(hoverLine),
        VIRTPLAN_HOVER_COL: String(lines[hoverLine].indexOf('hyperv-2008') + 2),
      },
    });
    const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
    assert.ok(line, `Emacs wrote its result (exit ${result.status}; stderr: ${result.stderr.slice(-800)})`);
    const got = JSON.parse(line) as { error?: string; diagnostics: Array<{ message: string; text: string }>; hover: string };
    assert.equal(got.error, undefined);
    const live = got.diagnostics.find((d) => d.message.includes('no live migration'));
    assert.ok(live, `the live-migration diagnostic among ${got.diagnostics.length}`);
    assert.equal(live.text, '"live"', 'flymake marks exactly the offending value');
    assert.match(got.hover, /logical processors per host \| 16/);
  });
});
