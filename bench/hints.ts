import { TestClient } from '../test/protocol/lsp-client';
import { collect, lineCount, median, ms, positionAt, say } from './measure';

/**
 * The inlay hints and code lens over the protocol on their own (`--hints [rounds]`), printed
 * and not written: each figure a median over `rounds` new versions, so that two builds run in
 * turn can be compared figure by figure.
 */
export async function hints(text10k: string, text50k: string, rounds = 7): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const visible = { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } };
  for (const [label, text] of [
    ['10k', text10k],
    ['50k', text50k],
  ] as const) {
    const client = new TestClient();
    client.settings = { validation: { delay: 0 } };
    await client.initialize({ workspace: { configuration: true }, textDocument: { inlayHint: {}, codeLens: {} } });
    const uri = `file:///bench/${label}.virtplan.json`;
    client.open(uri, text, 1);
    await client.diagnostics(uri, (p) => p.version === 1, 120_000);
    const at = positionAt(text, text.indexOf('"vcpus": 1,') + 9);
    const whole = { start: { line: 0, character: 0 }, end: { line: lineCount(text), character: 0 } };
    const request = (method: string, params: object) => async () => {
      const start = performance.now();
      await client.request(method, { textDocument: { uri }, ...params });
      return performance.now() - start;
    };
    const samples: Record<string, number[]> = { opened: [], atOnce: [], first: [], again: [], whole: [], wholeAgain: [], lens: [], lensFirst: [] };
    // The first request on the version the document opened with, as bench/protocol.ts times it.
    collect();
    samples.opened.push(await request('textDocument/inlayHint', { range: visible })());
    let version = 1;
    const edit = () => {
      version++;
      client.notifyServer('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: String(version % 2 ? 1 : 2) }],
      });
      return version;
    };
    const settled = (v: number) => client.diagnostics(uri, (p) => p.version === v, 120_000);
    for (let round = 0; round < rounds; round++) {
      // Asked at once after the edit: the request waits for the check.
      let v = edit();
      samples.atOnce.push(await request('textDocument/inlayHint', { range: visible })());
      await settled(v);
      // After the version's diagnostics: the first request on the version, then again.
      v = edit();
      await settled(v);
      samples.first.push(await request('textDocument/inlayHint', { range: visible })());
      samples.again.push(await request('textDocument/inlayHint', { range: visible })());
      samples.whole.push(await request('textDocument/inlayHint', { range: whole })());
      samples.wholeAgain.push(await request('textDocument/inlayHint', { range: whole })());
      samples.lens.push(await request('textDocument/codeLens', {})());
      // Code lens as the first request on a version.
      v = edit();
      await settled(v);
      samples.lensFirst.push(await request('textDocument/codeLens', {})());
    }
    await client.stop();
    for (const [name, values] of Object.entries(samples)) figures[`${label} ${name}`] = median(values);
    say(
      `- ${label}: 60 lines on the opened version ${ms(figures[`${label} opened`])} ms; asked at once after an edit ${ms(figures[`${label} atOnce`])} ms; after the diagnostics, first ${ms(figures[`${label} first`])} ms, again ${ms(figures[`${label} again`])} ms; ` +
        `whole plan ${ms(figures[`${label} whole`])} ms, again ${ms(figures[`${label} wholeAgain`])} ms; code lens ${ms(figures[`${label} lens`])} ms (first on a version ${ms(figures[`${label} lensFirst`])} ms); medians of ${rounds}`,
    );
  }
  return figures;
}
