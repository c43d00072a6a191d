import { TestClient } from '../test/protocol/lsp-client';
import { median, metrics, ms, percentile, positionAt, say } from './measure';

/** The 10,000-VM plan as typed into: valid, and with each kind of syntax error a planner leaves. */
export function typingVariants(text: string): Array<[string, string]> {
  const middle = text.indexOf('"vcpus": ', text.length >> 1);
  const comma = text.indexOf(',', middle);
  const nearEnd = text.lastIndexOf('"name": "');
  const closing = text.indexOf('"', nearEnd + 9);
  return [
    ['valid', text],
    ['a missing comma in the middle', text.slice(0, comma) + text.slice(comma + 1)],
    ['an unclosed string near the end', text.slice(0, closing) + text.slice(closing + 1)],
    ['a truncated file', text.slice(0, Math.floor(text.length * 0.9))],
  ];
}

/**
 * While typing: each edit makes a new version, and the request right after it waits for that
 * version. One-character edits in a VM near the top (retyping a vCPU count), debounce 0.
 */
export async function typing(text10k: string): Promise<void> {
  say('## While typing (the built server, 10,000-VM plan, debounce 0)');
  say();
  say('Each edit retypes a vCPU count near the top and makes a new version; p50 / p95 of 20 edits.');
  say();
  say('| plan | didChange → diagnostics | completion right after an edit | hover right after an edit | quick fixes right after an edit |');
  say('|---|---:|---:|---:|---:|');
  const worst = { diagnostics: 0, completion: 0, hover: 0, actions: 0 };
  for (const [name, text] of typingVariants(text10k)) {
    const client = new TestClient();
    client.settings = { validation: { delay: 0 } };
    await client.initialize({ workspace: { configuration: true } });
    const uri = 'file:///bench/typing.virtplan.json';
    client.open(uri, text, 1);
    await client.diagnostics(uri, (p) => p.version === 1, 60_000);
    const { line, character } = positionAt(text, text.indexOf('"vcpus": ') + 9);
    const completeAt = positionAt(text, text.indexOf('"migration": "') + 14);
    const hoverAt = positionAt(text, text.indexOf('"product": "') + 13);
    let version = 1;
    const edit = () => {
      version++;
      client.notifyServer('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: String(1 + (version % 2)) }],
      });
    };
    const samples = { diagnostics: [] as number[], completion: [] as number[], hover: [] as number[], actions: [] as number[] };
    const doc = { textDocument: { uri } };
    for (let i = 0; i < 20; i++) {
      let start = performance.now();
      edit();
      const v = version;
      await client.diagnostics(uri, (p) => p.version === v, 60_000);
      samples.diagnostics.push(performance.now() - start);
      start = performance.now();
      edit();
      await client.request('textDocument/completion', { ...doc, position: completeAt });
      samples.completion.push(performance.now() - start);
      start = performance.now();
      edit();
      await client.request('textDocument/hover', { ...doc, position: hoverAt });
      samples.hover.push(performance.now() - start);
      start = performance.now();
      edit();
      await client.request('textDocument/codeAction', { ...doc, range: { start: hoverAt, end: hoverAt }, context: { diagnostics: [], only: ['quickfix'] } });
      samples.actions.push(performance.now() - start);
    }
    const cell = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))} ms`;
    for (const key of Object.keys(worst) as Array<keyof typeof worst>) worst[key] = Math.max(worst[key], percentile(samples[key], 95));
    say(`| ${name} | ${cell(samples.diagnostics)} | ${cell(samples.completion)} | ${cell(samples.hover)} | ${cell(samples.actions)} |`);
    await client.stop();
  }
  metrics.typingDiagnostics = worst.diagnostics;
  metrics.typingCompletion = worst.completion;
  metrics.typingHover = worst.hover;
  metrics.typingActions = worst.actions;
  say();
}

/**
 * A burst of 10,000 one-character edits on the 10,000-VM plan, with the default debounce: as
 * one didChange (a Replace All), then as 10,000 didChange notifications with a hover after
 * every thousand (a key held down in a multi-cursor edit). Settled when the last version's
 * diagnostics are published.
 */
export async function burst(text10k: string): Promise<void> {
  say('## A burst of 10,000 edits (the built server, 10,000-VM plan, default debounce)');
  say();
  const lines = text10k.split('\n');
  const changes: Array<{ range: object; text: string }> = [];
  lines.forEach((line, l) => {
    const at = line.indexOf('"vcpus": ');
    if (at >= 0) changes.push({ range: { start: { line: l, character: at + 9 }, end: { line: l, character: at + 10 } }, text: '3' });
  });
  // VS Code sends the changes of one edit last to first, so that each range holds as given.
  changes.reverse();
  const edits = changes.slice(0, 10_000);
  const client = new TestClient();
  await client.initialize({});
  const uri = 'file:///bench/burst.virtplan.json';
  const hoverAt = { line: lines.findIndex((line) => line.includes('"product": "hyperv-2008"')), character: 20 };
  client.open(uri, text10k, 1);
  await client.diagnostics(uri, (p) => p.version === 1, 60_000);
  let start = performance.now();
  client.notifyServer('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: edits });
  await client.request('textDocument/hover', { textDocument: { uri }, position: hoverAt });
  const replaceHover = performance.now() - start;
  await client.diagnostics(uri, (p) => p.version === 2, 600_000);
  metrics.burstReplaceAll = performance.now() - start;
  say(`- ${edits.length.toLocaleString('en')} changes in one didChange (Replace All): settled in ${ms(metrics.burstReplaceAll)} ms; a hover sent right after it answered in ${ms(replaceHover)} ms`);
  const hovers: number[] = [];
  start = performance.now();
  let version = 2;
  for (let i = 0; i < edits.length; i++) {
    client.notifyServer('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ ...edits[i], text: String(i % 9) }] });
    if ((i + 1) % 1000 === 0) {
      const asked = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position: hoverAt });
      hovers.push(performance.now() - asked);
    }
  }
  await client.diagnostics(uri, (p) => p.version === version, 600_000);
  metrics.burstNotifications = performance.now() - start;
  say(`- ${edits.length.toLocaleString('en')} didChange notifications of one change each: settled in ${ms(metrics.burstNotifications)} ms; a hover after every thousand answered in median ${ms(median(hovers))} ms, at most ${ms(Math.max(...hovers))} ms`);
  await client.stop();
  say();
}
