import { readFileSync } from 'node:fs';
import { TestClient } from '../test/protocol/lsp-client';
import { collect, lineCount, median, metrics, ms, percentile, positionAt, say, timeAsync } from './measure';

export async function protocol(text10k: string, text50k: string): Promise<void> {
  say('## Over the protocol (the built server, dist/server.js)');
  say();
  const startSamples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const client = new TestClient();
    const start = performance.now();
    await client.initialize({});
    startSamples.push(performance.now() - start);
    await client.stop();
  }
  metrics.start = median(startSamples);
  say(`- cold start to the initialize response: median ${ms(metrics.start)} ms (of 5)`);

  const client = new TestClient();
  client.settings = { validation: { delay: 0 } };
  await client.initialize({ workspace: { configuration: true }, textDocument: { inlayHint: {}, codeLens: {} } });
  const uri = 'file:///bench/plan.virtplan.json';
  client.open(uri, text10k, 1);
  await client.diagnostics(uri, (p) => p.version === 1, 60_000);
  // Editors send incremental changes: retype one vCPU count, as a user would.
  const { line: editLine, character: editCharacter } = positionAt(text10k, text10k.indexOf('"vcpus": 1,') + 9);
  const edits: number[] = [];
  for (let version = 2; version <= 31; version++) {
    const start = performance.now();
    client.notifyServer('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: editCharacter }, end: { line: editLine, character: editCharacter + 1 } }, text: String(version % 2 ? 1 : 2) }],
    });
    await client.diagnostics(uri, (p) => p.version === version, 60_000);
    edits.push(performance.now() - start);
  }
  metrics.editP95 = percentile(edits, 95);
  say(`- didChange (one character) → diagnostics published, 10,000-VM plan, debounce 0: p50 ${ms(percentile(edits, 50))} ms, p95 ${ms(percentile(edits, 95))} ms (30 edits)`);
  const last = text10k.replace('"vcpus": 1,', '"vcpus": 2,');
  const lineOf = (needle: string) => positionAt(last, last.lastIndexOf(needle)).line;
  const hoverAt = { line: lineOf('"product": "hyperv-2008"'), character: 20 };
  const completeAt = { line: lineOf('"migration": "quick"'), character: 21 };
  const request = (method: string, params: object) => () => client.request(method, { textDocument: { uri }, ...params });
  // Each feature's first request builds the lazy position tree for the version; later ones reuse it.
  // The first hover after an edit is what a user meets: a median over seven new versions.
  const firsts: number[] = [];
  for (let version = 32; version < 39; version++) {
    client.notifyServer('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: editCharacter }, end: { line: editLine, character: editCharacter + 1 } }, text: String(version % 2 ? 1 : 2) }],
    });
    await client.diagnostics(uri, (p) => p.version === version, 60_000);
    const start = performance.now();
    await request('textDocument/hover', { position: hoverAt })();
    firsts.push(performance.now() - start);
  }
  const first = median(firsts);
  metrics.hoverFirst = first;
  metrics.hover = await timeAsync(10, request('textDocument/hover', { position: hoverAt }));
  metrics.completion = await timeAsync(10, request('textDocument/completion', { position: completeAt }));
  metrics.symbols = await timeAsync(10, request('textDocument/documentSymbol', {}));
  say(`- hover: first on a new version median ${ms(first)} ms (of 7), then median ${ms(metrics.hover)} ms`);
  say(`- completion: median ${ms(metrics.completion)} ms`);
  say(`- documentSymbol: median ${ms(metrics.symbols)} ms (5,000 symbols, the virtplan.outline.maxItemsComputed default)`);
  // Inlay hints on a new version: after its diagnostics (the editor asks after its own delay, so
  // the version's model and capacity are usually built), and asked at once after the edit, when
  // the request waits for the check and then builds nothing twice.
  const visible = { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } };
  const wholeText = { start: { line: 0, character: 0 }, end: { line: lineCount(last), character: 0 } };
  const hintsAfter: number[] = [];
  const hintsAtOnce: number[] = [];
  for (let version = 39; version < 53; version++) {
    const atOnce = version % 2 === 0;
    client.notifyServer('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: editCharacter }, end: { line: editLine, character: editCharacter + 1 } }, text: String(version % 2 ? 1 : 2) }],
    });
    if (!atOnce) await client.diagnostics(uri, (p) => p.version === version, 60_000);
    const start = performance.now();
    await request('textDocument/inlayHint', { range: visible })();
    (atOnce ? hintsAtOnce : hintsAfter).push(performance.now() - start);
    if (atOnce) await client.diagnostics(uri, (p) => p.version === version, 60_000);
  }
  metrics.hintsFirst = median(hintsAfter);
  metrics.hintsWhole = await timeAsync(10, request('textDocument/inlayHint', { range: wholeText }));
  metrics.codeLens = await timeAsync(10, request('textDocument/codeLens', {}));
  say(
    `- inlay hints for the first 60 lines of a new version: after its diagnostics median ${ms(metrics.hintsFirst)} ms (of 7); asked at once after the edit median ${ms(median(hintsAtOnce))} ms (of 7, the check included); for the whole plan, then: median ${ms(metrics.hintsWhole)} ms`,
  );
  say(`- code lens (every cluster and the plan): median ${ms(metrics.codeLens)} ms`);
  await client.stop();
  const fresh = new TestClient();
  await fresh.initialize({ textDocument: { inlayHint: {} } });
  const bigUri = 'file:///bench/big.virtplan.json';
  fresh.open(bigUri, text50k, 1);
  await fresh.diagnostics(bigUri, (p) => p.version === 1, 120_000);
  const status = readFileSync(`/proc/${fresh.child.pid}/status`, 'utf8');
  metrics.serverRss = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  say(`- peak RSS of a server that opened the 50,000-VM plan: ${metrics.serverRss.toFixed(0)} MB`);
  // The same hints on the 50,000-VM plan, after its diagnostics: the first request builds the
  // version's capacity model, the later ones read it.
  const bigRequest = (range: object) => () => fresh.request('textDocument/inlayHint', { textDocument: { uri: bigUri }, range });
  const bigLines = lineCount(text50k);
  collect();
  const firstStart = performance.now();
  await bigRequest(visible)();
  const opened = performance.now() - firstStart;
  // The first request on each of 7 new versions, after its diagnostics: one sample alone moved
  // 4–14 ms from run to run with the collections the server's large heap makes.
  const at = positionAt(text50k, text50k.indexOf('"vcpus": 1,') + 9);
  const bigFirsts: number[] = [];
  for (let version = 2; version <= 8; version++) {
    fresh.notifyServer('textDocument/didChange', {
      textDocument: { uri: bigUri, version },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: String(version % 2 ? 1 : 2) }],
    });
    await fresh.diagnostics(bigUri, (p) => p.version === version, 120_000);
    const start = performance.now();
    await bigRequest(visible)();
    bigFirsts.push(performance.now() - start);
  }
  metrics.hintsBigFirst = median(bigFirsts);
  metrics.hintsBig = await timeAsync(10, bigRequest(visible));
  metrics.hintsBigWhole = await timeAsync(5, bigRequest({ start: { line: 0, character: 0 }, end: { line: bigLines, character: 0 } }));
  say(
    `- inlay hints on the 50,000-VM plan, after its diagnostics: the first 60 lines median ${ms(metrics.hintsBigFirst)} ms (first on each of 7 new versions; ${ms(opened)} ms on the version it opened with), then median ${ms(metrics.hintsBig)} ms; the whole plan median ${ms(metrics.hintsBigWhole)} ms`,
  );
  await fresh.stop();
  say();
}
