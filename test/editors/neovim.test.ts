import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { editorAvailable, runEditorOnExample } from './editor-support';

describe('Neovim as a client of the built server', () => {
  it('shows the diagnostics, a product hover, and runs a code lens without a warning, for an example plan', (t) => {
    if (!editorAvailable(t, 'nvim')) return;
    const { result, lines } = runEditorOnExample<{ error?: string; diagnostics: Array<{ code: string; lnum: number; col: number }>; hover: string; lens: { count: number; ran: boolean; notified: string[] } }>(
      'nvim',
      (root) => ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(root, 'test', 'editors', 'neovim.lua')}`],
      (home) => ({ XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache') }),
    );
    assert.equal(result.error, undefined);
    const live = result.diagnostics.find((d) => d.code === 'live-migration-unsupported');
    assert.ok(live, `live-migration-unsupported among ${result.diagnostics.map((d) => d.code).join(', ')}`);
    assert.equal(lines[live.lnum].slice(live.col, live.col + 6), '"live"');
    assert.match(result.hover, /Hyper-V on Windows Server 2008/);
    assert.match(result.hover, /logical processors: \*\*20 of 16\*\* \(24 with KB956710\)/);
    assert.ok(result.lens.count > 0, 'the lenses arrived');
    assert.deepEqual(result.lens.notified, [], 'no warning that the server does not support the command');
    assert.equal(result.lens.ran, true, 'the server was asked to run it, and answered');
  });
});
