import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../protocol/lsp-client';
import { openEditor, type OpenEditor } from './code-server';
import { LIVE_PLAN } from './plans';
import { closeActiveEditor, goTo, hoverAt, lineColumnOf, lineText, openFile, RESULTS, showProblems, step, suggest, typeOver, waitForLine, waitForProblems } from './workbench';

const PLAN = 'live.virtplan.json';
const SHOTS = 'editing';

let editor: OpenEditor | undefined;
let page: Page;
let count = 0;

/** A screenshot's name, numbered in the order taken. */
const numbered = (name: string) => `${SHOTS}-${String(++count).padStart(2, '0')}-${name}`;
const shot = (name: string) => page.screenshot({ path: join(RESULTS, `${numbered(name)}.png`) });

/** The squiggle on "live" with its hover, cropped for the README. */
async function readmeDiagnosticShot(): Promise<void> {
  const [line, column] = lineColumnOf(LIVE_PLAN, '"live"', 2);
  const hover = page.locator('.monaco-hover:visible', { hasText: 'live-migration-unsupported' }).first();
  const token = await hoverAt(page, line, column, hover);
  const box = (await hover.boundingBox())!;
  const x = Math.max(0, Math.min(box.x, token.x) - 150);
  const y = Math.max(0, Math.min(box.y, token.y) - 60);
  const right = Math.max(box.x + box.width, token.x + token.width) + 20;
  const bottom = Math.max(box.y + box.height, token.y + token.height) + 40;
  await page.screenshot({ path: join(RESULTS, 'readme-diagnostic.png'), clip: { x, y, width: right - x, height: bottom - y } });
  await page.mouse.move(5, 5);
}

describe('editing a plan in a real VS Code (code-server)', () => {
  before(async () => {
    // Only this file's numbered steps: a run that stopped early leaves no stale ones beside new ones.
    for (const file of readdirSync(RESULTS)) if (file.startsWith(`${SHOTS}-`)) rmSync(join(RESULTS, file));
    editor = await openEditor(repoRoot(), { files: { [PLAN]: LIVE_PLAN } });
    page = editor.page;
  });

  after(async () => editor?.close());

  it('1. a plan with live migration on Hyper-V 2008 shows the squiggle, the Problems entry and the count', async () => {
    await step(page, numbered('diagnostic'), async () => {
      await openFile(page, PLAN);
      await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
      await waitForProblems(page, /Errors: 1\b/);
      await showProblems(page);
      await page.locator('.markers-panel .monaco-list-row').first().waitFor();
      await readmeDiagnosticShot();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'live-migration-unsupported' });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /no live migration/);
    });
  });

  it('2. hovering the product id shows a short product card that needs no scrolling', async () => {
    await step(page, numbered('product-hover'), async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"hyperv-2008"', 4);
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Show Product Facts' }).first();
      await hoverAt(page, line, column, hover);
      await hover.screenshot({ path: join(RESULTS, 'readme-hover.png') });
      const text = await hover.innerText();
      assert.match(text, /Hyper-V on Windows Server 2008 Enterprise/);
      assert.match(text, /logical processors: 8 of 16/);
      assert.match(text, /Show Product Facts/);
      // Short enough to read whole: whichever element the hover scrolls (its content, inside a
      // custom scrollbar), none overflows.
      const scroll = await hover.evaluate((e) => Math.max(...[e, ...e.querySelectorAll('*')].map((x) => x.scrollHeight - x.clientHeight)));
      assert.ok(scroll <= 2, `the card scrolls by ${scroll}px`);
    });
  });

  it('3. typing in "product": "" offers catalog ids; accepting one inserts it', async () => {
    await step(page, numbered('product-completion'), async () => {
      await page.mouse.move(5, 5);
      const [line, column] = lineColumnOf(LIVE_PLAN, '"product": "hyperv-2008"', 12);
      await goTo(page, line, column);
      for (let i = 0; i < 'hyperv-2008'.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Backspace');
      assert.match(await lineText(page, line), /"product": "",/);
      await goTo(page, line, column);
      const item = await suggest(page, 'vmware-esx-3.5', () => goTo(page, line, column));
      assert.ok(await page.locator('.suggest-widget .monaco-list-row', { hasText: 'hyperv-2008-r2' }).count());
      await shot('suggest-widget');
      await item.click();
      await waitForLine(page, line, /"product": "vmware-esx-3\.5",/);
      for (let i = 0; i < 5 && !/"product": "hyperv-2008",/.test(await lineText(page, line)); i++) await page.keyboard.press('Control+Z');
      assert.match(await lineText(page, line), /"product": "hyperv-2008",/);
      await waitForProblems(page, /Errors: 1\b/);
    });
  });

  it('4. the quick fix "Use quick migration" applies and the error goes away', async () => {
    await step(page, numbered('quick-fix'), async () => {
      await waitForProblems(page, /Errors: 1\b/);
      const [line, column] = lineColumnOf(LIVE_PLAN, '"live"', 2);
      await goTo(page, line, column);
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Use quick migration' });
      await fix.first().waitFor({ timeout: 15_000 });
      await shot('quick-fix-menu');
      await page.keyboard.press('Enter');
      await waitForProblems(page, /Errors: 0\b|No Problems/);
      assert.match(await lineText(page, line), /"migration": "quick"/);
    });
  });

  it('5. fixing an error by typing clears its diagnostic', async () => {
    await step(page, numbered('typing-fix'), async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"vcpus": 2', 9);
      await typeOver(page, line, column, '9');
      await waitForProblems(page, /Errors: 1\b/);
      await page.locator('.editor-instance .squiggly-error').first().waitFor();
      await typeOver(page, line, column, '4');
      await waitForProblems(page, /Errors: 0\b|No Problems/);
      assert.match(await lineText(page, line), /"vcpus": 4,/);
    });
  });

  it('6. the Outline view lists the hosts and VMs', async () => {
    await step(page, numbered('outline'), async () => {
      await page.keyboard.press('Control+Shift+E');
      // Give the Outline the sidebar: collapse the file tree above it.
      const files = page.locator('.pane-header[aria-expanded="true"]', { hasText: 'workspace' });
      if (await files.count()) await files.first().click();
      const header = page.locator('.pane-header', { hasText: 'Outline' });
      await header.first().waitFor();
      if ((await header.first().getAttribute('aria-expanded')) !== 'true') await header.first().click();
      const row = (name: string) => page.locator('.pane-body .monaco-list-row', { hasText: name }).first();
      await row('Hosts').waitFor({ timeout: 15_000 });
      for (const name of ['Hosts', 'VMs']) {
        await row(name).waitFor();
        if ((await row(name).getAttribute('aria-expanded')) === 'false') await row(name).click();
      }
      await row('hv-01').waitFor();
      await row('web-01').waitFor();
      assert.match(await row('hv-01').innerText(), /hyperv-2008 · 8 LPs · 1 VM/);
      assert.match(await row('web-01').innerText(), /hv-01 · 2 vCPU|hv-01 · 4 vCPU/);
    });
  });

  it('7. the rule link of a diagnostic opens its section of docs/rules.md, rendered', async () => {
    await step(page, numbered('rule-link'), async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"vcpus": 2', 9);
      await typeOver(page, line, column, '9');
      await waitForProblems(page, /Errors: 1\b/);
      await hoverAt(page, line, column, page.locator('.monaco-hover:visible', { hasText: 'too-many-vcpus' }).first());
      await page.locator('.monaco-hover:visible a.code-link', { hasText: 'too-many-vcpus' }).first().click();
      await page.locator('.tab', { hasText: 'Preview rules.md' }).first().waitFor({ timeout: 15_000 });
      const preview = page.frameLocator('iframe.webview').frameLocator('#active-frame');
      const heading = preview.locator('h2', { hasText: 'too-many-vcpus' }).first();
      await heading.waitFor({ timeout: 15_000 });
      // Scrolled to the rule: its heading near the top of the preview, not the document's title.
      // The preview scrolls to the fragment after it renders: wait for that, up to a deadline.
      const deadline = Date.now() + 10_000;
      let box = (await heading.boundingBox())!;
      while (!(box.y < 300 && box.y > -5) && Date.now() < deadline) {
        await page.waitForTimeout(100);
        box = (await heading.boundingBox())!;
      }
      const title = (await preview.locator('h1').first().boundingBox())!;
      assert.ok(box.y < 300 && box.y > -5, `the heading is at the top of the preview (y = ${box.y})`);
      assert.ok(title.y < 0, 'the document was scrolled past its title');
      await shot('rule-preview');
      await closeActiveEditor(page);
      await typeOver(page, line, column, '2');
      await waitForProblems(page, /Errors: 0\b|No Problems/);
    });
  });
});
