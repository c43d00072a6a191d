import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { editorAvailable, runEditorOnExample } from './editor-support';

describe('Emacs + eglot as a client of the built server', () => {
  it('shows the diagnostics and a product hover for an example plan', (t) => {
    if (!editorAvailable(t, 'emacs')) return;
    const { result } = runEditorOnExample<{ error?: string; diagnostics: Array<{ message: string; text: string }>; hover: string }>(
      'emacs',
      (root) => ['--batch', '-Q', '-l', join(root, 'test', 'editors', 'emacs.el')],
      (home) => ({ HOME: home }),
    );
    assert.equal(result.error, undefined);
    const live = result.diagnostics.find((d) => d.message.includes('no live migration'));
    assert.ok(live, `the live-migration diagnostic among ${result.diagnostics.length}`);
    assert.equal(live.text, '"live"', 'flymake marks exactly the offending value');
    assert.match(result.hover, /logical processors: \*\*20 of 16\*\* \(24 with KB956710\)/);
  });
});
