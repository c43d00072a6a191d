import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../protocol/lsp-client';
import { openEditor, type OpenEditor } from './code-server';
import { LIVE_PLAN } from './plans';
import { goTo, lineColumnOf, openFile, pick, quickInput, RESULTS, runCommand, step } from './workbench';

const PLAN = 'wave.virtplan.json';

let editor: OpenEditor | undefined;
let page: Page;

describe('what if in a real VS Code (code-server)', () => {
  before(async () => {
    editor = await openEditor(repoRoot(), { files: { [PLAN]: LIVE_PLAN }, width: 1500 });
    page = editor.page;
    await openFile(page, PLAN);
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
  });

  after(async () => editor?.close());

  it('"virtplan: What If… (retarget)" shows what R2 fixes beside the plan', async () => {
    await step(page, 'whatif-preview', async () => {
      await runCommand(page, 'virtplan: What If… (retarget)');
      await quickInput(page, 'R2');
      await pick(page, 'Hyper-V on Windows Server 2008 R2');
      await pick(page, "Keep each host's edition");
      const preview = page.locator('.editor-instance', { hasText: 'Fixed (1)' }).first();
      await preview.waitFor({ timeout: 20_000 });
      const text = (await preview.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /What if wave\.virtplan\.json ran Hyper-V on Windows Server 2008 R2\?/);
      assert.match(text, /Moving 2 hosts to Hyper-V on Windows Server 2008 R2 fixes 1 problem and introduces 0/);
      assert.match(text, /live-migration-unsupported/);
      assert.equal(await page.locator('.tab', { hasText: 'on hyperv-2008-r2.txt' }).count(), 1, 'the answer has its own tab');
      assert.ok((await page.locator('.split-view-view .editor-group-container').count()) >= 2, 'beside the plan');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(RESULTS, 'whatif-preview.png') });
      // The place of each diagnostic links back to the plan.
      const [line, column] = lineColumnOf(LIVE_PLAN, '"live"');
      // Pointed at first: the editor draws a link again while it detects links and when Control
      // goes down, and a click then lands on nothing. Its hover says it is found and drawn.
      const link = preview.locator('.detected-link', { hasText: `${line}:${column}` }).first();
      const box = (await link.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      await page.locator('.monaco-hover:visible', { hasText: 'Go to this place in the plan' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.down('Control');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.up('Control');
      // The plan, active, with the cursor on the diagnostic's line: the editor marks that line's
      // number (the status bar's "Ln, Col" can lag far behind on a loaded machine).
      await page.locator('.editor-group-container.active .tab.active', { hasText: PLAN }).first().waitFor({ timeout: 10_000 });
      await page.locator('.editor-group-container.active .line-numbers.active-line-number', { hasText: new RegExp(`^${line}$`) }).first().waitFor({ timeout: 10_000 });
      // And on its column: the cursor stands at the start of "live".
      const cursor = (await page.locator('.editor-group-container.active .cursors-layer .cursor').first().boundingBox())!;
      const token = (await page.locator('.editor-group-container.active .view-line span span', { hasText: '"live"' }).first().boundingBox())!;
      assert.ok(Math.abs(cursor.x - token.x) < 3 && cursor.y + cursor.height > token.y && cursor.y < token.y + token.height, `the cursor at ${cursor.x},${cursor.y}, "live" at ${token.x},${token.y}`);
    }, { shot: false });
  });

  it('a code action on a host product offers the retargeting with its counts', async () => {
    await step(page, 'whatif-code-action', async () => {
      await page.keyboard.press('Control+1');
      const [line, column] = lineColumnOf(LIVE_PLAN, '"hyperv-2008"', 3);
      await goTo(page, line, column);
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Retarget host to Hyper-V on Windows Server 2008 R2: fixes 1, introduces 1' });
      await action.first().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(RESULTS, 'whatif-code-action.png') });
      await page.keyboard.press('Escape');
    }, { shot: false });
  });
});
