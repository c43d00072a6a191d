import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { generatePlanText } from '../../bench/generate';
import { repoRoot } from '../protocol/lsp-client';
import { openEditor, type OpenEditor } from './code-server';
import { goTo, lineColumnOf, lineText, openFile, RESULTS } from './workbench';

const PLAN = 'large.virtplan.json';
const VMS = 10_000;
const PLAN_TEXT = generatePlanText({ vms: VMS });
/** A VM in the middle of the plan: its guest OS is retyped one key at a time. */
const VM = '"name": "vm-005000"';
const TYPED = 'windows-server-20';
const EXPECTED = 'windows-server-2008';
/**
 * What a planner should see: completion within a second of a key (the target `npm run bench`
 * judges over the protocol). The figure is measured and written to test-results/ on every run,
 * but the test fails only past this bound: the editor tests share two cores with everything
 * else the machine runs, and a timed assertion at 1 s would fail on load, not on virtplan.
 * Past ten seconds completion is broken for a planner on any machine.
 */
const FAIL_AFTER_MS = 10_000;

let editor: OpenEditor | undefined;
let page: Page;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe(`typing into a ${VMS.toLocaleString('en')}-VM plan in a real VS Code (code-server)`, () => {
  before(async () => {
    editor = await openEditor(repoRoot(), { files: { [PLAN]: PLAN_TEXT } });
    page = editor.page;
    await openFile(page, PLAN);
    // The generated plan holds about 1% mistakes, none on the first screen: its first check is
    // done when the status bar counts them.
    await page.locator('#status\\.problems[aria-label*="Errors:"]:not([aria-label*="Errors: 0"])').waitFor({ timeout: 60_000 });
  });

  after(async () => editor?.close());

  it('completion of a guest OS shows right after each key typed in the middle of the plan', async () => {
    const samples: Array<{ typed: string; ms: number }> = [];
    try {
      const vmAt = PLAN_TEXT.indexOf(VM);
      const osAt = PLAN_TEXT.indexOf('"os": "', vmAt) + '"os": "'.length;
      const current = PLAN_TEXT.slice(osAt, PLAN_TEXT.indexOf('"', osAt));
      const [line, column] = lineColumnOf(PLAN_TEXT, VM, osAt - vmAt);
      assert.match(await lineText(page, line), new RegExp(`"os": "${current}"`), 'the cursor is on the guest OS of the VM in the middle');
      await goTo(page, line, column);
      for (let i = 0; i < current.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Backspace');
      const widget = page.locator('.suggest-widget.visible');
      // The server's item (an enum member), not a word VS Code found elsewhere in the text.
      const item = page.locator('.suggest-widget.visible .monaco-list-row:has(.codicon-symbol-enum-member)', { hasText: EXPECTED });
      for (const key of TYPED) {
        // One key is one edit, so one new version; completion is asked for at once after it.
        const start = performance.now();
        await page.keyboard.type(key);
        await page.keyboard.press('Control+Space');
        await item.first().waitFor({ timeout: FAIL_AFTER_MS });
        samples.push({ typed: key, ms: performance.now() - start });
        if (samples.length === TYPED.length) await page.screenshot({ path: join(RESULTS, 'typing-large-plan.png') });
        await page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden' });
      }
      assert.match(await lineText(page, line), new RegExp(`"os": "${TYPED}"`), 'every key reached the plan');
    } catch (error) {
      await page.screenshot({ path: join(RESULTS, 'typing-large-plan-FAILED.png') }).catch(() => undefined);
      throw error;
    } finally {
      const ms = samples.map((s) => s.ms);
      const summary = {
        vms: VMS,
        sizeMB: Number((PLAN_TEXT.length / 1e6).toFixed(1)),
        keys: ms.length,
        p50Ms: ms.length ? Math.round(percentile(ms, 50)) : null,
        p95Ms: ms.length ? Math.round(percentile(ms, 95)) : null,
        maxMs: ms.length ? Math.round(Math.max(...ms)) : null,
        withinOneSecond: ms.filter((m) => m <= 1000).length,
        samples: samples.map((s) => ({ typed: s.typed, ms: Math.round(s.ms) })),
        measuredAt: new Date().toISOString(),
      };
      writeFileSync(join(RESULTS, 'typing-latency.json'), JSON.stringify(summary, null, 2) + '\n');
      console.log(`completion after a key, ${VMS} VMs: p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms, max ${summary.maxMs} ms; ${summary.withinOneSecond} of ${summary.keys} within 1 s`);
    }
    assert.equal(samples.length, TYPED.length, 'completion showed after every key');
  });
});
