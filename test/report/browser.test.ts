import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { buildPlanReport } from '../../server/src/report/build';
import { reportHtml } from '../../server/src/report/html';
import { checkText } from '../../server/src/service/check';
import { repoRoot } from '../protocol/lsp-client';

const CHROMIUM = '/usr/bin/chromium';

/** WCAG relative luminance of a CSS rgb() colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('the HTML report in a real browser', { skip: existsSync(CHROMIUM) ? false : 'Chromium is not installed (.ci/run installs it)' }, () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  const file = join(mkdtempSync(join(tmpdir(), 'virtplan-report-page-')), 'report.html');

  before(async () => {
    const path = join(repoRoot(), 'examples', 'first-hyperv-mistakes.virtplan.json');
    const { parsed, diagnostics } = checkText(readFileSync(path, 'utf8'));
    writeFileSync(file, reportHtml([buildPlanReport('examples/first-hyperv-mistakes.virtplan.json', parsed, diagnostics, loadCatalog())]));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  });
  after(async () => browser?.close());

  it('loads with no console error and no request but the page itself', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [pathToFileURL(file).href]);
  });

  it('draws each bar as long as its figures say', async () => {
    const bars = (await page.evaluate(`[...document.querySelectorAll('rect.fill')].map((r) => ({
      value: Number(r.getAttribute('data-value')), limit: Number(r.getAttribute('data-limit')),
      width: r.getBoundingClientRect().width, track: r.parentElement.querySelector('.track').getBoundingClientRect().width,
      over: r.classList.contains('over') }))`)) as Array<{ value: number; limit: number; width: number; track: number; over: boolean }>;
    assert.ok(bars.length >= 6, `bars drawn: ${bars.length}`);
    for (const bar of bars) {
      const expected = Math.min(1, bar.value / bar.limit) * bar.track;
      assert.ok(Math.abs(bar.width - expected) <= 1, `a bar of ${bar.value} of ${bar.limit} is ${bar.width}px of ${bar.track}px`);
      if (bar.value > bar.limit) assert.ok(bar.over, 'a bar over its limit is marked');
    }
    assert.ok(bars.some((b) => b.over && b.value > b.limit), 'the licences over the edition are drawn over the limit');
  });

  it('writes every figure in readable text', async () => {
    // Runs in the page, where the DOM is: written as a string since these tests compile without the DOM's types.
    const texts = (await page.evaluate(`[...document.querySelectorAll('.figure, td, th, dd')].map((n) => {
      const style = getComputedStyle(n);
      let bg = 'rgb(255, 255, 255)';
      for (let e = n; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
      }
      return { text: n.textContent || '', size: parseFloat(style.fontSize), color: style.color, bg, visible: n.offsetWidth > 0 };
    })`)) as Array<{ text: string; size: number; color: string; bg: string; visible: boolean }>;
    for (const t of texts.filter((x) => x.text.trim())) {
      assert.ok(t.visible && t.size >= 11, `"${t.text.slice(0, 30)}" is shown at ${t.size}px`);
      const [light, dark] = [luminance(t.color), luminance(t.bg)].sort((a, b) => b - a);
      assert.ok((light + 0.05) / (dark + 0.05) >= 4.5, `"${t.text.slice(0, 30)}" has contrast ${((light + 0.05) / (dark + 0.05)).toFixed(1)}`);
    }
  });

  it('is screenshotted for a person to look at', async () => {
    const out = join(repoRoot(), 'test-results');
    mkdirSync(out, { recursive: true });
    const shot = await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
    assert.ok(shot.length > 10_000);
  });
});
