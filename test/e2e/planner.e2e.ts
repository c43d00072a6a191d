import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../protocol/lsp-client';
import { openEditor, type OpenEditor } from './code-server';
import { openFile, runCommand, step } from './workbench';

const PLAN = 'capacity.virtplan.json';
const PLAN_TEXT = `{
  "name": "Capacity in the editor",
  "hosts": [
    { "name": "hv-01", "product": "hyperv-2008-r2", "edition": "enterprise",
      "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 32 } },
    { "name": "hv-02", "product": "hyperv-2008-r2", "edition": "enterprise",
      "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 32 } }
  ],
  "clusters": [{ "name": "cl-a", "nodes": ["hv-01", "hv-02"] }],
  "vms": [
    { "name": "sql-01", "host": "hv-01", "guest": { "os": "windows-server-2008", "arch": "x64" },
      "vcpus": 4, "memoryGB": 20, "highlyAvailable": true, "migration": "live" },
    { "name": "sql-02", "host": "hv-02", "guest": { "os": "windows-server-2008", "arch": "x64" },
      "vcpus": 4, "memoryGB": 20, "highlyAvailable": true, "migration": "live" }
  ]
}
`;
const CONFIG = 'virtplan.config.json';
const CONFIG_TEXT = '{\n  // a misspelt code\n  "severity": { "cpu-oversubscribe": "error" }\n}\n';

let editor: OpenEditor | undefined;
let page: Page;

describe('the planner’s view in a real VS Code (code-server)', () => {
  before(async () => {
    editor = await openEditor(repoRoot(), { files: { [PLAN]: PLAN_TEXT, [CONFIG]: CONFIG_TEXT }, width: 1500 });
    page = editor.page;
  });

  after(async () => editor?.close());

  it('shows each host’s capacity inline and the cluster’s failover above it', async () => {
    await step(page, 'planner-inlay-hints', async () => {
      await openFile(page, PLAN);
      const view = page.locator('.editor-instance').first();
      await view.locator('.view-lines', { hasText: 'LP ·' }).first().waitFor({ timeout: 30_000 });
      const text = (await view.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /"hv-01",?\s*8 LP · 4 vCPU/, 'the hint follows the host name');
      assert.match(text, /N\+1/, 'the cluster name has its failover hint');
      await view.locator('.codelens-decoration', { hasText: /Does not survive the loss of 1 node: with hv-01 down/ }).first().waitFor({ timeout: 15_000 });
    });
  });

  it('shows the configuration file’s mistakes in the file itself', async () => {
    await step(page, 'planner-config', async () => {
      await openFile(page, CONFIG);
      await page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').first().waitFor({ timeout: 30_000 });
    });
  });

  it('opens the capacity report beside the plan, and it follows an edit', async () => {
    await step(page, 'planner-report', async () => {
      await openFile(page, PLAN);
      await runCommand(page, 'virtplan: Show Capacity Report');
      const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await report.locator('h1', { hasText: 'Capacity in the editor' }).waitFor({ timeout: 30_000 });
      assert.ok((await report.locator('rect.fill').count()) >= 4, 'bars drawn');
      // Rename the plan in the editor; the report follows without saving.
      await page.locator('.editor-instance').first().click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      for (let i = 0; i < '"Capacity in the editor",'.length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type('"Edited plan",');
      await report.locator('h1', { hasText: 'Edited plan' }).waitFor({ timeout: 30_000 });
    });
  });
});
