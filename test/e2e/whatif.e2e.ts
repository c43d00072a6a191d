import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../protocol/lsp-client';
import { goTo as goToIn, lineColumnOf, openEditor, openFile, quickInput as typeInto, type OpenEditor } from './code-server';

const root = repoRoot();
const results = join(root, 'test-results');
const PLAN = 'wave.virtplan.json';
const PLAN_TEXT = `{
  // Should we wait for R2? Live migration is what this plan wants.
  "name": "What-if editor test",
  "hosts": [
    {
      "name": "hv-01",
      "product": "hyperv-2008",
      "edition": "enterprise",
      "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 64 }
    },
    {
      "name": "hv-02",
      "product": "hyperv-2008",
      "edition": "enterprise",
      "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 64 }
    }
  ],
  "clusters": [{ "name": "cl-a", "nodes": ["hv-01", "hv-02"], "sharedStorage": true }],
  "vms": [
    {
      "name": "web-01",
      "host": "hv-01",
      "guest": { "os": "windows-server-2008", "arch": "x64" },
      "vcpus": 2,
      "memoryGB": 4,
      "migration": "live",
      "highlyAvailable": true
    }
  ]
}
`;

let editor: OpenEditor | undefined;
let page: Page;

const quickInput = (text: string) => typeInto(page, text);

/** Picks the quick-pick row that shows `label`, by keyboard as a user would. */
async function pick(label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

const goTo = (line: number, column: number) => goToIn(page, line, column);

describe('what if in a real VS Code (code-server)', () => {
  before(async () => {
    mkdirSync(results, { recursive: true });
    editor = await openEditor(root, { files: { [PLAN]: PLAN_TEXT }, width: 1500 });
    page = editor.page;
    await openFile(page, PLAN);
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
  });

  after(async () => editor?.close());

  it('"virtplan: What If… (retarget)" shows what R2 fixes beside the plan', async () => {
    try {
      await page.keyboard.press('F1');
      await quickInput('>virtplan: What If');
      await pick('What If… (retarget)');
      await quickInput('R2');
      await pick('Hyper-V on Windows Server 2008 R2');
      await pick("Keep each host's edition");
      const preview = page.locator('.editor-instance', { hasText: 'Fixed (1)' }).first();
      await preview.waitFor({ timeout: 20_000 });
      const text = (await preview.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /What if wave\.virtplan\.json ran Hyper-V on Windows Server 2008 R2\?/);
      assert.match(text, /Moving 2 hosts to Hyper-V on Windows Server 2008 R2 fixes 1 problem and introduces 0/);
      assert.match(text, /live-migration-unsupported/);
      assert.equal(await page.locator('.tab', { hasText: 'on hyperv-2008-r2.txt' }).count(), 1, 'the answer has its own tab');
      assert.ok((await page.locator('.split-view-view .editor-group-container').count()) >= 2, 'beside the plan');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(results, 'whatif-preview.png') });
      // The place of each diagnostic links back to the plan.
      const [line, column] = lineColumnOf(PLAN_TEXT, '"live"');
      await preview.locator('.detected-link', { hasText: `${line}:${column}` }).first().click({ modifiers: ['Control'] });
      await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: 10_000 });
      assert.match((await page.locator('.editor-group-container.active .tab.active').first().innerText()).trim(), /^wave\.virtplan\.json/);
    } catch (error) {
      await page.screenshot({ path: join(results, 'whatif-preview-FAILED.png') }).catch(() => undefined);
      throw error;
    }
  });

  it('a code action on a host product offers the retargeting with its counts', async () => {
    try {
      await page.keyboard.press('Control+1');
      const [line, column] = lineColumnOf(PLAN_TEXT, '"hyperv-2008"', 3);
      await goTo(line, column);
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Retarget host to Hyper-V on Windows Server 2008 R2: fixes 1, introduces 1' });
      await action.first().waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(results, 'whatif-code-action.png') });
      await page.keyboard.press('Escape');
    } catch (error) {
      await page.screenshot({ path: join(results, 'whatif-code-action-FAILED.png') }).catch(() => undefined);
      throw error;
    }
  });
});
