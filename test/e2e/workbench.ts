import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../protocol/lsp-client';

// What the editor tests do in the workbench, as a user would: keys, Quick Open, the command
// palette, the mouse. Each waits for what the workbench shows next, never for a fixed time.

/** Where the editor tests write their screenshots and figures; there from the first import on. */
export const RESULTS = join(repoRoot(), 'test-results');
mkdirSync(RESULTS, { recursive: true });

/**
 * Runs one step of an editor test and saves what the page shows then as `NAME.png` (unless
 * `shot` is false). On failure it saves `NAME-FAILED.png` and says which step failed and what
 * the status bar counted.
 */
export async function step(page: Page, name: string, run: () => Promise<void>, options: { shot?: boolean } = {}): Promise<void> {
  try {
    await run();
  } catch (error) {
    const path = join(RESULTS, `${name}-FAILED.png`);
    const saved = await page.screenshot({ path }).then(() => path, () => 'no screenshot');
    const problems = await page.locator('#status\\.problems').getAttribute('aria-label', { timeout: 1_000 }).catch(() => '?');
    // What a screenshot would show, for a run whose screenshots cannot be seen: the focus and any notification.
    const focus = await page
      .locator('*:focus')
      .first()
      .evaluate((element) => `${element.tagName.toLowerCase()}.${String(element.className).trim().replace(/\s+/g, '.')}`, undefined, { timeout: 1_000 })
      .catch(() => 'none');
    const toasts = await page.locator('.notification-toast').allInnerTexts().catch(() => []);
    const said = toasts.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ') || 'none';
    throw new Error(`step "${name}" failed: ${(error as Error).message}\nscreenshot: ${saved}\nstatus bar problems: ${problems}\nfocus: ${focus}\nnotifications: ${said}`, { cause: error });
  }
  if (options.shot !== false) await page.screenshot({ path: join(RESULTS, `${name}.png`) });
}

/** Types into the quick input once it shows. */
export async function quickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
}

/** Clicks the quick-pick row that shows `label`, once it is listed. */
export async function pick(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Runs a command from the command palette by its title, as "virtplan: Show Capacity Report". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await quickInput(page, `>${title}`);
  await pick(page, title);
}

const focusedEditor = '.editor-group-container.active .editor-instance .monaco-editor.focused';

/**
 * Opens a workspace file with Quick Open. Enter opens the focused row, and until the file search
 * answers that row can be a recently opened file: wait for the file's own row first.
 */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await quickInput(page, name);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).first().waitFor();
  await page.locator(focusedEditor).first().waitFor();
}

/** Moves the cursor with Quick Open's ":line:column", which works wherever the focus is in the workbench, and waits for the editor's focus. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+P');
  await quickInput(page, `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
  // The editor gets the focus back a moment after Quick Open hides; a key pressed before then
  // (Control+Space, Control+.) goes nowhere.
  await page.locator(focusedEditor).first().waitFor();
}

/**
 * Closes the active editor, one that shows a webview too. Closing a webview gives the focus back
 * to the workbench a moment later, and Quick Open closes when it loses the focus: wait until the
 * text editor left in the group has it before the next key.
 */
export async function closeActiveEditor(page: Page): Promise<void> {
  const tabs = await page.locator('.tab').count();
  await page.keyboard.press('Control+W');
  // One tab fewer: the last of them is gone.
  await page.locator('.tab').nth(tabs - 1).waitFor({ state: 'detached' });
  await page.locator(focusedEditor).first().waitFor();
}

/** Selects the character at a position and types `text` over it. */
export async function typeOver(page: Page, line: number, column: number, text: string): Promise<void> {
  await goTo(page, line, column);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type(text);
}

/** One-based line and column of `needle` (plus `within` characters) in `text`. */
export function lineColumnOf(text: string, needle: string, within = 0): [number, number] {
  const before = text.slice(0, text.indexOf(needle) + within).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

/** An editor line as rendered (inlay hints included), found beside the cursor line's highlight. */
export async function lineText(page: Page, line: number): Promise<string> {
  await goTo(page, line, 1);
  const top = await page.locator('.editor-instance .current-line').first().boundingBox();
  const lines = page.locator('.editor-instance .view-line');
  for (let i = 0; i < (await lines.count()); i++) {
    const box = await lines.nth(i).boundingBox();
    if (box && top && Math.abs(box.y - top.y) < 2) return (await lines.nth(i).innerText()).replace(/\u00a0/g, ' ');
  }
  return '';
}

/** Waits until an editor line, as rendered, matches. */
export async function waitForLine(page: Page, line: number, pattern: RegExp, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await lineText(page, line);
    if (pattern.test(last)) return;
  }
  throw new Error(`line ${line} stayed "${last}", expected ${pattern}`);
}

/** Waits until the status bar's problem count, as "Errors: 1, Warnings: 0", matches. */
export async function waitForProblems(page: Page, pattern: RegExp, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
    if (pattern.test(last)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`status bar problems stayed "${last}", expected ${pattern}`);
}

/** Waits for an element's fade-in (hovers animate their opacity) so a screenshot shows it whole. */
async function settled(locator: Locator): Promise<void> {
  // A fade-in is cancelled when the hover is hidden or drawn again: that is for the caller to see.
  await locator.evaluate((element) => Promise.allSettled(element.getAnimations({ subtree: true }).map((animation: { finished: Promise<unknown> }) => animation.finished)));
}

type Box = { x: number; y: number; width: number; height: number };

async function cursorBox(page: Page): Promise<Box> {
  const cursor = page.locator('.editor-group-container.active .editor-instance .cursors-layer .cursor').first();
  await cursor.waitFor();
  return (await cursor.boundingBox())!;
}

/**
 * Puts the cursor at a position and the mouse over the text there until `hover` shows, whole;
 * returns the cursor's box. Code lenses and inlay hints arrive after the text and move it, and
 * a hover hides when the text under it moves: then measure the place again and point again.
 */
export async function hoverAt(page: Page, line: number, column: number, hover: Locator): Promise<Box> {
  await goTo(page, line, column);
  const deadline = Date.now() + 30_000;
  for (let wait = 2_000; ; wait *= 2) {
    await page.mouse.move(5, 5);
    const cursor = await cursorBox(page);
    await page.mouse.move(cursor.x + 4, cursor.y + cursor.height / 2, { steps: 4 });
    try {
      await hover.waitFor({ timeout: Math.max(1, Math.min(wait, deadline - Date.now())) });
      await settled(hover);
      const now = await cursorBox(page);
      if ((await hover.isVisible()) && now.x === cursor.x && now.y === cursor.y) return cursor;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    if (Date.now() >= deadline) throw new Error(`no steady hover at ${line}:${column}`);
  }
}

/**
 * Shows an output channel with only the lines that contain `filter` (the panel renders only
 * the rows in view), and waits until its text, rows joined (long lines wrap), passes `accept`.
 */
export async function waitForOutput(page: Page, channel: string, filter: string, accept: (text: string) => boolean, timeout = 15_000): Promise<string> {
  await page.keyboard.press('Escape');
  await runCommand(page, 'Output: Show Output Channels');
  await quickInput(page, channel);
  await pick(page, channel);
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
  const input = page.locator(panelFilter);
  await input.fill(filter);
  const lines = page.locator('.part.panel .view-lines');
  const deadline = Date.now() + timeout;
  let text = '';
  try {
    while (Date.now() < deadline) {
      text = (await lines.first().innerText()).replace(/\s+/g, ' ');
      if (accept(text)) return text;
      await page.waitForTimeout(100);
    }
  } finally {
    // The filter can stay behind in the panel (the Problems view has been seen to show it): clear it.
    await input.fill('');
  }
  throw new Error(`the "${channel}" output, filtered by "${filter}", showed "${text}"`);
}

/** The filter box of the view the panel shows. */
const panelFilter = '.part.panel input[placeholder^="Filter"]:visible';

/** Shows the Problems view with no filter, so that it lists every problem of the open plans. */
export async function showProblems(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').first().waitFor();
  const input = page.locator(panelFilter).first();
  if (await input.inputValue()) await input.fill('');
}

/**
 * Asks for completion at the cursor (Control+Space) and waits for the row that shows `label`.
 * A key pressed while the browser is busy can be lost, or land where the focus went (a
 * notification): when no suggest widget shows at all, `refocus` puts the cursor back and the key
 * is pressed again (the retry is logged); a widget that shows without the row is a failure, with
 * what it listed.
 */
export async function suggest(page: Page, label: string, refocus: () => Promise<void>, timeout = 15_000): Promise<Locator> {
  const widget = page.locator('.suggest-widget.visible');
  const row = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: label }).first();
  const deadline = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Space');
    const shown = await widget.first().waitFor({ timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) }).then(
      () => true,
      () => false,
    );
    if (shown) {
      const found = await row.waitFor({ timeout: Math.max(1, deadline - Date.now()) }).then(
        () => true,
        () => false,
      );
      if (found) return row;
      const listed = await widget.first().innerText().catch(() => '(gone)');
      throw new Error(`completion showed no "${label}"; the widget showed: ${JSON.stringify(listed.replace(/\s+/g, ' '))}`);
    }
    if (Date.now() >= deadline) throw new Error(`no suggest widget within ${timeout} ms after ${attempt} Control+Space`);
    console.log(`# no suggest widget after Control+Space (${attempt}); the cursor is put back and it is pressed again`);
    await page.keyboard.press('Escape');
    await refocus();
  }
}
