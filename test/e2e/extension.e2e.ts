import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { repoRoot } from '../protocol/lsp-client';
import { openEditor, type OpenEditor } from './code-server';
import { LIVE_PLAN } from './plans';
import { closeActiveEditor, goTo, lineColumnOf, lineText, openFile, RESULTS, runCommand, showProblems, step, typeOver, waitForOutput } from './workbench';

const root = repoRoot();
const PLAN = 'live.virtplan.json';
const SHOTS = 'extension';

const { version: VERSION } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const PRODUCT_IDS = readdirSync(join(root, 'schemas', 'products'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => (JSON.parse(readFileSync(join(root, 'schemas', 'products', file), 'utf8')) as { id: string }).id);

let editor: OpenEditor | undefined;
let page: Page;
let count = 0;

/** A screenshot's name, numbered in the order taken. */
const numbered = (name: string) => `${SHOTS}-${String(++count).padStart(2, '0')}-${name}`;

describe('the extension around a plan in a real VS Code (code-server)', () => {
  before(async () => {
    // Only this file's numbered steps: a run that stopped early leaves no stale ones beside new ones.
    for (const file of readdirSync(RESULTS)) if (file.startsWith(`${SHOTS}-`)) rmSync(join(RESULTS, file));
    editor = await openEditor(root, { files: { [PLAN]: LIVE_PLAN }, copy: ['examples'] });
    page = editor.page;
    await openFile(page, PLAN);
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
  });

  after(async () => editor?.close());

  it('1. "virtplan: Show Product Facts" on a host opens its product\'s fact sheet, rendered', async () => {
    await step(page, numbered('product-facts'), async () => {
      const [line, column] = lineColumnOf(LIVE_PLAN, '"coresPerSocket"', 3);
      await goTo(page, line, column);
      await runCommand(page, 'virtplan: Show Product Facts');
      await page.locator('.tab', { hasText: 'hyperv-2008' }).first().waitFor({ timeout: 15_000 });
      const preview = page.frameLocator('iframe.webview').frameLocator('#active-frame');
      await preview.locator('h1', { hasText: 'Hyper-V on Windows Server 2008' }).first().waitFor({ timeout: 15_000 });
      assert.ok(await preview.locator('td', { hasText: 'logical processors per host' }).count());
      const source = preview.locator('a', { hasText: 'S6' }).first();
      assert.match((await source.getAttribute('href')) ?? '', /^https:\/\/techgenix\.com\//);
      await page.screenshot({ path: join(RESULTS, `${numbered('product-facts-sheet')}.png`) });
      await closeActiveEditor(page);
    });
  });

  it('2. the "virtplan" output channel opens with the server\'s version and catalog', async () => {
    await step(page, numbered('output-channel'), async () => {
      const start = `virtplan language server ${VERSION}, catalog of ${PRODUCT_IDS.length} products (`;
      const text = await waitForOutput(page, 'virtplan', 'virtplan language server', (shown) => shown.includes(start));
      const line = text.slice(text.indexOf(start));
      for (const id of PRODUCT_IDS) assert.ok(line.includes(`${id},`) || line.includes(`${id})`), `${id} in ${line}`);
    });
  });

  it("3. inlay hints show each host's capacity and each cluster's failover result; a code lens says it in words", async () => {
    await step(page, numbered('capacity-hints'), async () => {
      const name = 'failover-n-plus-1.virtplan.json';
      const text = readFileSync(join(root, 'examples', name), 'utf8');
      await page.keyboard.press('Escape');
      await openFile(page, name);
      const [hostLine] = lineColumnOf(text, '"name": "sql-hv-01"');
      const [clusterLine] = lineColumnOf(text, '"name": "cl-sql"');
      // The editor draws the lenses of the lines in view only: bring the clusters into view first.
      await goTo(page, clusterLine, 1);
      const lens = page.locator('.editor-instance .codelens-decoration', { hasText: 'Does not survive the loss of 1 node' });
      await lens.first().waitFor({ timeout: 30_000 });
      assert.ok(await page.locator('.editor-instance .codelens-decoration', { hasText: 'Survives the loss of any 1 node' }).count(), 'the web cluster survives');
      await page.keyboard.press('Control+Home');
      await page.mouse.move(5, 5);
      const deadline = Date.now() + 20_000;
      while (!/12 LP/.test(await lineText(page, hostLine)) && Date.now() < deadline) await page.waitForTimeout(200);
      // The whole hint, uncut: the extension sets editor.inlayHints.maximumLength to 0 for plans.
      assert.match(await lineText(page, hostLine), /"name": "sql-hv-01"\s*12 LP\s*· 8 vCPU \(0\.7:1\)\s*· 50 of 96 GB\s*· 2 of 384 VMs\s*· 2 of 4 licences,/);
      assert.match(await lineText(page, clusterLine), /"name": "cl-sql"\s*⚠ N\+1: 1 VM short/);
      // Hosts above, clusters with their lenses and hints below: the end of the plan in view.
      await goTo(page, 1, 1);
      await goTo(page, clusterLine, 1);
      await page.mouse.move(5, 5);
      await page.waitForTimeout(400);
      const view = (await page.locator('.editor-instance').first().boundingBox())!;
      await page.screenshot({ path: join(RESULTS, 'readme-inlay-hints.png'), clip: { x: view.x, y: view.y, width: Math.min(view.width, 1000), height: Math.min(view.height, 760) } });
    });
  });

  it('4. a language server that dies is restarted quietly, even mid-edit; one that keeps dying is reported once', async () => {
    await step(page, numbered('server-restart'), async () => {
      const pids = () =>
        (spawnSync('pgrep', ['-f', join(editor!.server.extensions, 'virtplan')], { encoding: 'utf8' }).stdout ?? '')
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
      // Back to the plan: the step before left an example in front.
      await page.keyboard.press('Escape');
      await openFile(page, PLAN);
      await showProblems(page);
      let current = pids();
      assert.ok(current.length >= 1, 'the language server runs');
      const servers = new Set(current);
      const [commentLine, commentColumn] = lineColumnOf(LIVE_PLAN, '// One', 3);
      /** Kills the server while typing into a comment, so it dies with changes still being written to it. */
      const killMidEdit = async () => {
        await goTo(page, commentLine, commentColumn);
        const typing = page.keyboard.type('typed while the server dies. '.repeat(4));
        spawnSync('kill', ['-9', ...current.map(String)]);
        await typing;
      };
      // A crash mid-write must look like any other crash.
      for (const value of ['9', '8', '7', '6']) {
        await typeOver(page, line, column, value);
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
      await waitForOutput(page, 'virtplan', 'restarting it', (shown) => (shown.match(/restarting it \(\d of 4/g) ?? []).join() === expected);
    });
  });
});
