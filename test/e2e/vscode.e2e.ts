import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { repoRoot } from '../protocol/lsp-client';
import { closeActiveEditor, goTo as goToIn, lineColumnOf, openEditor, openFile as openFileIn, type EditorServer } from './code-server';

const root = repoRoot();
const results = join(root, 'test-results');
const PLAN = 'live.virtplan.json';
const LIVE_PLAN = `{
  // One mistake: live migration on the first Hyper-V.
  "name": "Editor test",
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
      "migration": "live"
    }
  ]
}
`;

const { version: VERSION } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const PRODUCT_IDS = readdirSync(join(root, 'schemas', 'products'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => (JSON.parse(readFileSync(join(root, 'schemas', 'products', file), 'utf8')) as { id: string }).id);

let server: EditorServer;
let context: BrowserContext;
let page: Page;
let step = 0;

async function shot(name: string): Promise<string> {
  const path = join(results, `${String(++step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Runs one step; on failure saves what the page showed and says which step failed. */
async function stepOf(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    await shot(name);
  } catch (error) {
    const path = await shot(`${name}-FAILED`).catch(() => 'no screenshot');
    const problems = await page.locator('#status\\.problems').getAttribute('aria-label').catch(() => '?');
    throw new Error(`step "${name}" failed: ${(error as Error).message}\nscreenshot: ${path}\nstatus bar problems: ${problems}`);
  }
}

async function statusProblems(): Promise<string> {
  return (await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
}

async function waitForProblems(pattern: RegExp, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await statusProblems();
    if (pattern.test(last)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`status bar problems stayed "${last}", expected ${pattern}`);
}

const openFile = (name: string) => openFileIn(page, name);

/** Shows an output channel in the panel, as "Output: Show Output Channels..." does. */
async function showOutputChannel(name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>Output: Show Output Channels');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Output Channels' }).first().waitFor();
  await page.keyboard.press('Enter');
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/**
 * Shows an output channel with only the lines that contain `filter` (the panel renders only
 * the rows in view), and waits until its text, rows joined (long lines wrap), passes `accept`.
 */
async function waitForOutput(channel: string, filter: string, accept: (text: string) => boolean, timeout = 15_000): Promise<string> {
  await showOutputChannel(channel);
  await page.locator('.part.panel input[placeholder="Filter"]').fill(filter);
  const lines = page.locator('.part.panel .view-lines');
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await lines.first().innerText()).replace(/\s+/g, ' ');
    if (accept(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`the "${channel}" output, filtered by "${filter}", showed "${text}"`);
}

const goTo = (line: number, column: number) => goToIn(page, line, column);

/** The text of one editor line, as rendered. */
async function lineText(line: number): Promise<string> {
  await goTo(line, 1);
  const top = await page.locator('.editor-instance .current-line').first().boundingBox();
  const lines = page.locator('.editor-instance .view-line');
  for (let i = 0; i < (await lines.count()); i++) {
    const box = await lines.nth(i).boundingBox();
    if (box && top && Math.abs(box.y - top.y) < 2) return (await lines.nth(i).innerText()).replace(/\u00a0/g, ' ');
  }
  return '';
}

/** Waits until an editor line, as rendered, matches. */
async function waitForLine(line: number, pattern: RegExp, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await lineText(line);
    if (pattern.test(last)) return;
  }
  throw new Error(`line ${line} stayed "${last}", expected ${pattern}`);
}

/** Waits for an element's fade-in (hovers animate their opacity) so a screenshot shows it whole. */
async function settled(locator: Locator): Promise<void> {
  // A fade-in is cancelled when the hover is hidden or drawn again: that is for the caller to see.
  await locator.evaluate((element) => Promise.allSettled(element.getAnimations({ subtree: true }).map((animation: { finished: Promise<unknown> }) => animation.finished)));
}

type Box = { x: number; y: number; width: number; height: number };

async function cursorBox(): Promise<Box> {
  const cursor = page.locator('.editor-group-container.active .editor-instance .cursors-layer .cursor').first();
  await cursor.waitFor();
  return (await cursor.boundingBox())!;
}

/**
 * Puts the cursor at a position and the mouse over the text there until `hover` shows, whole;
 * returns the cursor's box. Code lenses and inlay hints arrive after the text and move it, and
 * a hover hides when the text under it moves: then measure the place again and point again.
 */
async function hoverAt(line: number, column: number, hover: Locator): Promise<Box> {
  await goTo(line, column);
  const deadline = Date.now() + 30_000;
  for (let wait = 2_000; ; wait *= 2) {
    await page.mouse.move(5, 5);
    const cursor = await cursorBox();
    await page.mouse.move(cursor.x + 4, cursor.y + cursor.height / 2, { steps: 4 });
    try {
      await hover.waitFor({ timeout: Math.max(1, Math.min(wait, deadline - Date.now())) });
      await settled(hover);
      const now = await cursorBox();
      if ((await hover.isVisible()) && now.x === cursor.x && now.y === cursor.y) return cursor;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    if (Date.now() >= deadline) throw new Error(`no steady hover at ${line}:${column}`);
  }
}

/** The squiggle on "live" with its hover, cropped for the README. */
async function readmeDiagnosticShot(): Promise<void> {
  const [line, column] = lineColumnOf(LIVE_PLAN, '"live"', 2);
  const hover = page.locator('.monaco-hover:visible', { hasText: 'live-migration-unsupported' }).first();
  const token = await hoverAt(line, column, hover);
  const a = (await hover.boundingBox())!;
  const b = token;
  const x = Math.max(0, Math.min(a.x, b.x) - 150);
  const y = Math.max(0, Math.min(a.y, b.y) - 60);
  const right = Math.max(a.x + a.width, b.x + b.width) + 20;
  const bottom = Math.max(a.y + a.height, b.y + b.height) + 40;
  await page.screenshot({ path: join(results, 'readme-diagnostic.png'), clip: { x, y, width: right - x, height: bottom - y } });
  await page.mouse.move(5, 5);
}

describe('virtplan in a real VS Code (code-server)', () => {
  before(async () => {
    // Only this file's numbered steps: the other editor tests, run first or later, write here too.
    mkdirSync(results, { recursive: true });
    for (const file of readdirSync(results)) if (/^\d\d-/.test(file)) rmSync(join(results, file));
    ({ server, context, page } = await openEditor(root, { files: { [PLAN]: LIVE_PLAN }, copy: ['examples'] }));
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
  });

  it('1. a plan with live migration on Hyper-V 2008 shows the squiggle, the Problems entry and the count', async () => {
    await stepOf('diagnostic', async () => {
      await openFile(PLAN);
      await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
      await waitForProblems(/Errors: 1\b/);
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row').first().waitFor();
      await readmeDiagnosticShot();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'live-migration-unsupported' });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /no live migration/);
    });
  });

  it('2. hovering the product id shows a short product card that needs no scrolling', async () => {
    await stepOf('product-hover', async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"hyperv-2008"', 4);
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Show Product Facts' });
      await hoverAt(line, column, hover.first());
      await hover.first().screenshot({ path: join(results, 'readme-hover.png') });
      const text = await hover.first().innerText();
      assert.match(text, /Hyper-V on Windows Server 2008 Enterprise/);
      assert.match(text, /logical processors: 8 of 16/);
      assert.match(text, /Show Product Facts/);
      // Short enough to read whole: the hover does not scroll.
      // Whichever element the hover scrolls (its content, inside a custom scrollbar), none overflows.
      const scroll = await hover.first().evaluate((e) => Math.max(...[e, ...e.querySelectorAll('*')].map((x) => x.scrollHeight - x.clientHeight)));
      assert.ok(scroll <= 2, `the card scrolls by ${scroll}px`);
    });
  });

  it('3. typing in "product": "" offers catalog ids; accepting one inserts it', async () => {
    await stepOf('product-completion', async () => {
      await page.mouse.move(5, 5);
      const [line, column] = lineColumnOf(LIVE_PLAN, '"product": "hyperv-2008"', 12);
      await goTo(line, column);
      for (let i = 0; i < 'hyperv-2008'.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Backspace');
      assert.match(await lineText(line), /"product": "",/);
      await goTo(line, column);
      await page.keyboard.press('Control+Space');
      const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'vmware-esx-3.5' });
      await item.first().waitFor({ timeout: 15_000 });
      assert.ok(await page.locator('.suggest-widget .monaco-list-row', { hasText: 'hyperv-2008-r2' }).count());
      await shot('suggest-widget');
      await item.first().click();
      await waitForLine(line, /"product": "vmware-esx-3\.5",/);
      for (let i = 0; i < 5 && !/"product": "hyperv-2008",/.test(await lineText(line)); i++) await page.keyboard.press('Control+Z');
      assert.match(await lineText(line), /"product": "hyperv-2008",/);
      await waitForProblems(/Errors: 1\b/);
    });
  });

  it('4. the quick fix "Use quick migration" applies and the error goes away', async () => {
    await stepOf('quick-fix', async () => {
      await waitForProblems(/Errors: 1\b/);
      const [line, column] = lineColumnOf(LIVE_PLAN, '"live"', 2);
      await goTo(line, column);
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Use quick migration' });
      await fix.first().waitFor({ timeout: 15_000 });
      await shot('quick-fix-menu');
      await page.keyboard.press('Enter');
      await waitForProblems(/Errors: 0\b|No Problems/);
      assert.match(await lineText(line), /"migration": "quick"/);
    });
  });

  it('5. fixing an error by typing clears its diagnostic', async () => {
    await stepOf('typing-fix', async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"vcpus": 2', 9);
      const retype = async (digit: string) => {
        await goTo(line, column);
        await page.keyboard.press('Shift+ArrowRight');
        await page.keyboard.type(digit);
      };
      await retype('9');
      await waitForProblems(/Errors: 1\b/);
      await page.locator('.editor-instance .squiggly-error').first().waitFor();
      await retype('4');
      await waitForProblems(/Errors: 0\b|No Problems/);
      assert.match(await lineText(line), /"vcpus": 4,/);
    });
  });

  it('6. the Outline view lists the hosts and VMs', async () => {
    await stepOf('outline', async () => {
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

  it('6a. the rule link of a diagnostic opens its section of docs/rules.md, rendered', async () => {
    await stepOf('rule-link', async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"vcpus": 2', 9);
      await goTo(line, column);
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.type('9');
      await waitForProblems(/Errors: 1\b/);
      await hoverAt(line, column, page.locator('.monaco-hover:visible', { hasText: 'too-many-vcpus' }).first());
      const link = page.locator('.monaco-hover:visible a.code-link', { hasText: 'too-many-vcpus' }).first();
      await link.click();
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
      await goTo(line, column);
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.type('2');
      await waitForProblems(/Errors: 0\b|No Problems/);
    });
  });

  it('6b. "virtplan: Show Product Facts" on a host opens its product\'s fact sheet, rendered', async () => {
    await stepOf('product-facts', async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"coresPerSocket"', 3);
      await goTo(line, column);
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('>virtplan: Show Product Facts');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Product Facts' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tab', { hasText: 'hyperv-2008' }).first().waitFor({ timeout: 15_000 });
      const preview = page.frameLocator('iframe.webview').frameLocator('#active-frame');
      await preview.locator('h1', { hasText: 'Hyper-V on Windows Server 2008' }).first().waitFor({ timeout: 15_000 });
      assert.ok(await preview.locator('td', { hasText: 'logical processors per host' }).count());
      const source = preview.locator('a', { hasText: 'S6' }).first();
      assert.match((await source.getAttribute('href')) ?? '', /^https:\/\/techgenix\.com\//);
      await shot('product-facts');
      await closeActiveEditor(page);
    });
  });

  it('7. the "virtplan" output channel opens with the server\'s version and catalog', async () => {
    await stepOf('output-channel', async () => {
      const start = `virtplan language server ${VERSION}, catalog of ${PRODUCT_IDS.length} products (`;
      const text = await waitForOutput('virtplan', 'virtplan language server', (shown) => shown.includes(start));
      const line = text.slice(text.indexOf(start));
      for (const id of PRODUCT_IDS) assert.ok(line.includes(`${id},`) || line.includes(`${id})`), `${id} in ${line}`);
    });
  });

  it("7a. inlay hints show each host's capacity and each cluster's failover result; a code lens says it in words", async () => {
    await stepOf('capacity-hints', async () => {
      const name = 'failover-n-plus-1.virtplan.json';
      const text = readFileSync(join(root, 'examples', name), 'utf8');
      await page.keyboard.press('Escape');
      await openFile(name);
      const [hostLine] = lineColumnOf(text, '"name": "sql-hv-01"');
      const [clusterLine] = lineColumnOf(text, '"name": "cl-sql"');
      // The editor draws the lenses of the lines in view only: bring the clusters into view first.
      await goTo(clusterLine, 1);
      const lens = page.locator('.editor-instance .codelens-decoration', { hasText: 'Does not survive the loss of any 1 node' });
      await lens.first().waitFor({ timeout: 30_000 });
      assert.ok(await page.locator('.editor-instance .codelens-decoration', { hasText: 'Survives the loss of any 1 node' }).count(), 'the web cluster survives');
      await page.keyboard.press('Control+Home');
      await page.mouse.move(5, 5);
      const deadline = Date.now() + 20_000;
      while (!/12 LP/.test(await lineText(hostLine)) && Date.now() < deadline) await page.waitForTimeout(200);
      // The whole hint, uncut: the extension sets editor.inlayHints.maximumLength to 0 for plans.
      assert.match(await lineText(hostLine), /"name": "sql-hv-01"\s*12 LP\s*· 8 vCPU \(0\.7:1\)\s*· 50 of 96 GB\s*· 2 of 384 VMs\s*· 2 of 4 licences,/);
      assert.match(await lineText(clusterLine), /"name": "cl-sql"\s*⚠ N\+1: 1 VM short/);
      // Hosts above, clusters with their lenses and hints below: the end of the plan in view.
      await goTo(1, 1);
      await goTo(clusterLine, 1);
      await page.mouse.move(5, 5);
      await page.waitForTimeout(400);
      const editor = (await page.locator('.editor-instance').first().boundingBox())!;
      await page.screenshot({ path: join(results, 'readme-inlay-hints.png'), clip: { x: editor.x, y: editor.y, width: Math.min(editor.width, 1000), height: Math.min(editor.height, 760) } });
    });
  });

  it('8. a language server that dies is restarted quietly, even mid-edit; one that keeps dying is reported once', async () => {
    await stepOf('server-restart', async () => {
      const pids = () =>
        (spawnSync('pgrep', ['-f', join(server.extensions, 'virtplan')], { encoding: 'utf8' }).stdout ?? '')
          .split('\n')
          .filter(Boolean)
          .map(Number);
      const waitForNewServer = async (old: number[]) => {
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline) {
          const now = pids();
          if (now.length && now.every((pid) => !old.includes(pid))) return now;
          await page.waitForTimeout(200);
        }
        throw new Error('the language server was not restarted');
      };
      const [line, column] = lineColumnOf(LIVE_PLAN, '"vcpus": 2', 9);
      const retype = async (value: string) => {
        await goTo(line, column);
        await page.keyboard.press('Shift+ArrowRight');
        await page.keyboard.type(value);
      };
      /** The Problems row that quotes a value: only a live server writes it. */
      const problemFor = (value: string) => page.locator('.markers-panel .monaco-list-row', { hasText: `has ${value} virtual processors` }).first();
      const notifications = async () => {
        await page.keyboard.press('Escape');
        await page.locator('[id="status.notifications"], .statusbar-item[id*="notifications"]').first().click();
        await page.locator('.notifications-center').waitFor({ state: 'visible' });
        const texts = await page.locator('.notifications-center .notification-list-item').allInnerTexts();
        await page.keyboard.press('Escape');
        await page.locator('.notifications-center').waitFor({ state: 'hidden' });
        return texts.filter((t) => t.includes('virtplan'));
      };
      // Back to the plan with the mistakes: the step before left an example in front.
      await page.keyboard.press('Escape');
      await openFile(PLAN);
      await page.keyboard.press('Control+Shift+M');
      let current = pids();
      assert.ok(current.length >= 1, 'the language server runs');
      const servers = new Set(current);
      const [commentLine, commentColumn] = lineColumnOf(LIVE_PLAN, '// One', 3);
      /** Kills the server while typing into a comment, so it dies with changes still being written to it. */
      const killMidEdit = async () => {
        await goTo(commentLine, commentColumn);
        const typing = page.keyboard.type('typed while the server dies. '.repeat(4));
        spawnSync('kill', ['-9', ...current.map(String)]);
        await typing;
      };
      // A crash mid-write must look like any other crash.
      for (const value of ['9', '8', '7', '6']) {
        await retype(value);
        await killMidEdit();
        current = await waitForNewServer(current);
        for (const pid of current) servers.add(pid);
        await problemFor(value).waitFor({ timeout: 20_000 });
      }
      assert.equal(servers.size, 5, `four restarts, each a new server process: ${[...servers].join(', ')}`);
      assert.deepEqual(await notifications(), [], 'four crashes in a row, restarted without a word');
      // The fifth crash within a few minutes: the client gives up and says so, once.
      spawnSync('kill', ['-9', ...current.map(String)]);
      await page.locator('.notification-toast', { hasText: 'stopped several times' }).first().waitFor({ timeout: 20_000 });
      assert.deepEqual(pids(), [], 'not restarted again');
      const told = await notifications();
      assert.equal(told.length, 1, `one notification, not a storm: ${JSON.stringify(told)}`);
      assert.match(told[0], /stopped several times/);
      // The output channel says what happened to each server.
      const expected = [1, 2, 3, 4].map((n) => `restarting it (${n} of 4`).join();
      await waitForOutput('virtplan', 'restarting it', (shown) => (shown.match(/restarting it \(\d of 4/g) ?? []).join() === expected);
    });
  });
});
