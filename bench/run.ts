import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'vscode-json-languageservice';
import { loadCatalog } from '../server/src/catalog/catalog';
import { capacityOf } from '../server/src/model/capacity';
import { buildModel } from '../server/src/model/plan';
import { checkText } from '../server/src/service/check';
import { parsePlan } from '../server/src/json/parse';
import { validatePlan } from '../server/src/service/validate';
import { parseTarget, whatIf } from '../server/src/service/whatif';
import { retargetActions } from '../server/src/service/whatif-editor';
import { TestClient, repoRoot } from '../test/protocol/lsp-client';
import { generateClusterPlan, generatePlanText } from './generate';

const SIZES = [100, 1000, 10_000, 50_000];
/** The heading of the hand-written section of results.md, which each run keeps. */
const MEASURED = '## Changes, measured before and after';
const root = repoRoot();
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(line + '\n');
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function time(runs: number, work: () => unknown): number {
  work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * Times `work` and its floor in turn, run by run, so both meet the same load: the medians of
 * each, and the median of the ratios of each pair (what the targets judge).
 */
function timePaired(runs: number, floor: () => unknown, work: () => unknown): { floor: number; work: number; ratio: number } {
  floor();
  work();
  const floors: number[] = [];
  const works: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    floor();
    const f = performance.now() - start;
    start = performance.now();
    work();
    const w = performance.now() - start;
    floors.push(f);
    works.push(w);
    ratios.push(w / f);
  }
  return { floor: median(floors), work: median(works), ratio: median(ratios) };
}

async function timeAsync(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Numbers the targets are judged on, filled in as the benchmark runs. */
const metrics: Record<string, number> = {};

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
const runsFor = (vms: number) => (vms <= 1000 ? 21 : vms <= 10_000 ? 9 : 5);

async function peer(text: string, runs: number): Promise<number> {
  const schema = loadCatalog().planSchema;
  const service = getLanguageService({});
  service.configure({ validate: true, schemas: [{ uri: 'virtplan://schema', fileMatch: ['*.json'], schema: schema as never }] });
  const document = TextDocument.create('file:///plan.json', 'jsonc', 1, text);
  return timeAsync(runs, async () => {
    const json = service.parseJSONDocument(document);
    await service.doValidation(document, json, { comments: 'ignore', trailingCommas: 'ignore' });
  });
}

/** Peak RSS in MB of a node process, read at its exit through a preloaded hook. */
function maxRss(dir: string, args: string[]): number {
  const hook = join(dir, 'rss-hook.js');
  writeFileSync(hook, "process.on('exit', () => require('fs').writeSync(2, '\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'));");
  const result = spawnSync(process.execPath, ['-r', hook, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
}

/** Wall and CPU (user + system) milliseconds of a whole node process, CPU read at its exit. */
function processCost(dir: string, args: string[]): { wall: number; cpu: number } {
  const hook = join(dir, 'cpu-hook.js');
  writeFileSync(hook, "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeSync(2, '\\nCPUUS ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });");
  const start = performance.now();
  const result = spawnSync(process.execPath, ['-r', hook, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - start;
  return { wall, cpu: Number(/CPUUS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1000 };
}

/**
 * Whole processes against a floor, in turn (A B A B …) so that a drift of the machine's speed
 * hits both: the median of the pairs' ratios, for wall and CPU time.
 */
function pairedRatio(dir: string, args: string[], floor: string[], runs: number): { wall: number; cpu: number; medianWall: number } {
  processCost(dir, args);
  processCost(dir, floor);
  const walls: number[] = [];
  const cpus: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = processCost(dir, args);
    const b = processCost(dir, floor);
    walls.push(a.wall / b.wall);
    cpus.push(a.cpu / b.cpu);
    own.push(a.wall);
  }
  return { wall: median(walls), cpu: median(cpus), medianWall: median(own) };
}

function startUp(dir: string, small: string, big: string): void {
  say('## Start-up, whole processes');
  say();
  const check = pairedRatio(dir, [join(root, 'dist', 'cli.js'), 'check', small], ['-e', '0'], 15);
  metrics.startCheck = check.wall;
  metrics.startCheckCpu = check.cpu;
  say(`- \`virtplan check\` of a 100-VM plan against \`node -e 0\`: ×${check.wall.toFixed(2)} wall, ×${check.cpu.toFixed(2)} CPU (median of 15 pairs; ${ms(check.medianWall)} ms)`);
  const whole = pairedRatio(dir, [join(root, 'dist', 'cli.js'), 'check', '--format', 'json', big], ['-e', "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))", big], 5);
  metrics.bigCheck = whole.wall;
  metrics.bigCheckCpu = whole.cpu;
  say(`- \`virtplan check\` of the 50,000-VM plan against a process that reads and \`JSON.parse\`s it: ×${whole.wall.toFixed(2)} wall, ×${whole.cpu.toFixed(2)} CPU (median of 5 pairs)`);
  say();
}

/** The failover check on its own: a fresh model each run, so nothing is cached. */
function failover(): void {
  say('## Capacity and failover (the model behind cluster-failover-capacity, hints and lenses)');
  say();
  say('| hosts | clusters × nodes | VMs | reserve | sets of failed nodes | exact | capacity on the built model |');
  say('|---:|---:|---:|---:|---:|:---:|---:|');
  const catalog = loadCatalog();
  const cases = [
    { hosts: 500, nodesPerCluster: 10, vmsPerHost: 20, reserve: 1 },
    { hosts: 500, nodesPerCluster: 10, vmsPerHost: 20, reserve: 2 },
    { hosts: 512, nodesPerCluster: 16, vmsPerHost: 20, reserve: 2 },
    { hosts: 64, nodesPerCluster: 32, vmsPerHost: 4, reserve: 3 },
    { hosts: 64, nodesPerCluster: 32, vmsPerHost: 20, reserve: 3 },
  ];
  for (const options of cases) {
    const plan = generateClusterPlan(options);
    const sets = Array.from({ length: options.reserve }, (_, i) => (options.nodesPerCluster - i) / (i + 1)).reduce((a, b) => a * b, 1);
    let exact = true;
    // The model is built for the rules anyway; only the capacity on top of it is timed, each run on
    // a fresh model. A server computes it at every version, so it runs warm: fifteen runs, not five
    // still half in the interpreter (five gave 48 ms where thirty give 10.5 ms, same hour).
    const models = Array.from({ length: 16 }, () => buildModel(plan, catalog)!);
    const took = time(15, () => {
      const capacity = capacityOf(models.pop()!);
      exact = capacity.clusters.every((c) => c.failover?.exact);
    });
    if (options.hosts === 500 && options.reserve === 1) metrics.failover500 = took;
    say(
      `| ${options.hosts} | ${options.hosts / options.nodesPerCluster} × ${options.nodesPerCluster} | ${(options.hosts * options.vmsPerHost).toLocaleString('en')} | ${options.reserve} | ${Math.round(sets).toLocaleString('en')} per cluster | ${exact ? 'yes' : 'no'} | ${ms(took)} ms |`,
    );
  }
  say();
}

async function protocol(text10k: string, text50k: string): Promise<void> {
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
  const at = text10k.indexOf('"vcpus": 1,') + 9;
  const editLine = text10k.slice(0, at).split('\n').length - 1;
  const editCharacter = at - (text10k.lastIndexOf('\n', at - 1) + 1);
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
  const lineOf = (needle: string) => last.slice(0, last.lastIndexOf(needle)).split('\n').length - 1;
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
  const wholeText = { start: { line: 0, character: 0 }, end: { line: last.split('\n').length, character: 0 } };
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
  const bigLines = text50k.split('\n').length;
  const firstStart = performance.now();
  await bigRequest(visible)();
  metrics.hintsBigFirst = performance.now() - firstStart;
  metrics.hintsBig = await timeAsync(10, bigRequest(visible));
  metrics.hintsBigWhole = await timeAsync(5, bigRequest({ start: { line: 0, character: 0 }, end: { line: bigLines, character: 0 } }));
  say(
    `- inlay hints on the 50,000-VM plan, after its diagnostics: the first 60 lines ${ms(metrics.hintsBigFirst)} ms (first on the version), then median ${ms(metrics.hintsBig)} ms; the whole plan median ${ms(metrics.hintsBigWhole)} ms`,
  );
  await fresh.stop();
  say();
}

/** The 10,000-VM plan as typed into: valid, and with each kind of syntax error a planner leaves. */
function typingVariants(text: string): Array<[string, string]> {
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
async function typing(text10k: string): Promise<void> {
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
    const at = text.indexOf('"vcpus": ') + 9;
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - (text.lastIndexOf('\n', at - 1) + 1);
    const migration = text.indexOf('"migration": "') + 14;
    const completeAt = { line: text.slice(0, migration).split('\n').length - 1, character: migration - (text.lastIndexOf('\n', migration - 1) + 1) };
    const product = text.indexOf('"product": "') + 13;
    const hoverAt = { line: text.slice(0, product).split('\n').length - 1, character: product - (text.lastIndexOf('\n', product - 1) + 1) };
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
async function burst(text10k: string): Promise<void> {
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

/**
 * What-if against a full check, and the retarget code actions on a host's product value: the
 * first answer on a new version, and the answer asked again on it (as an editor does at each
 * cursor move).
 */
function retargeting(text5k: string, text10k: string): void {
  say('## What-if and the retarget code actions');
  say();
  const catalog = loadCatalog();
  const parsed10k = parsePlan(text10k);
  const target = parseTarget('hyperv-2008-r2', catalog);
  const check = time(5, () => validatePlan(parsed10k, { catalog }));
  const what = time(5, () => whatIf(parsed10k, target, { catalog }));
  metrics.whatifChecks = what / check;
  say(`- \`whatif\` of every host to Hyper-V on Windows Server 2008 R2, 10,000 VMs: ${ms(what)} ms, ×${(what / check).toFixed(2)} a full check (${ms(check)} ms)`);
  const at = text5k.indexOf('"product": "') + 13;
  const versions = Array.from({ length: 6 }, () => parsePlan(text5k));
  let offered = 0;
  const first = time(5, () => (offered = retargetActions(versions.pop()!, 'file:///bench/plan.virtplan.json', at, catalog).length));
  const parsed5k = parsePlan(text5k);
  retargetActions(parsed5k, 'file:///bench/plan.virtplan.json', at, catalog);
  const again = time(9, () => retargetActions(parsed5k, 'file:///bench/plan.virtplan.json', at + 2, catalog));
  metrics.retargetFirst = first;
  metrics.retargetAgain = again;
  say(`- retarget code actions on a host's product value, 5,000 VMs (${offered} offered): first on a version ${ms(first)} ms, asked again on it ${ms(again)} ms`);
  say();
}

async function main(): Promise<void> {
  // Parts on their own, printed and not written: --burst, --start, --typing.
  if (process.argv.includes('--retarget')) {
    retargeting(generatePlanText({ vms: 5000 }), generatePlanText({ vms: 10_000 }));
    return;
  }
  if (process.argv.includes('--typing')) {
    await typing(generatePlanText({ vms: 10_000 }));
    return;
  }
  if (process.argv.includes('--burst')) {
    await burst(generatePlanText({ vms: 10_000 }));
    return;
  }
  if (process.argv.includes('--start')) {
    const dir = mkdtempSync(join(tmpdir(), 'virtplan-bench-'));
    writeFileSync(join(dir, 'small.virtplan.json'), generatePlanText({ vms: 100 }));
    writeFileSync(join(dir, 'big.virtplan.json'), generatePlanText({ vms: 50_000 }));
    startUp(dir, join(dir, 'small.virtplan.json'), join(dir, 'big.virtplan.json'));
    return;
  }
  const texts = new Map(SIZES.map((vms) => [vms, generatePlanText({ vms })]));
  const commented = new Map(SIZES.map((vms) => [vms, generatePlanText({ vms, comments: true })]));
  checkText(texts.get(100)!); // load the catalog and compile the schema once, as a server does at start
  say('# virtplan benchmark');
  say();
  say(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}.`);
  const loadAtStart = loadavg().map((n) => n.toFixed(2)).join(', ');
  say(`Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` (plans from bench/generate.ts: Hyper-V 2008, 2008 R2 and ESX hosts in clusters, 20 VMs a host with disks, about 1% mistakes). Medians; ratios are to \`JSON.parse\` of the same text, paired run by run (the median of each pair's ratio).`);
  say();
  say('## Full check: text in, diagnostics with ranges out');
  say();
  say('| VMs | size | JSON.parse | virtplan | ratio | with comments | ratio | vscode-json-languageservice | virtplan faster by | per VM |');
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const vms of SIZES) {
    const text = texts.get(vms)!;
    const withComments = commented.get(vms)!;
    const runs = runsFor(vms);
    // Paired with JSON.parse run by run: on two shared cores the load moves between two series.
    const plain = timePaired(runs, () => JSON.parse(text), () => checkText(text));
    const comments = timePaired(runs, () => JSON.parse(text), () => checkText(withComments));
    const floor = plain.floor;
    const full = plain.work;
    const fullComments = comments.work;
    const peerTime = vms <= 10_000 ? await peer(text, Math.max(3, Math.floor(runs / 2))) : await peer(text, 1);
    metrics[`ratio${vms}`] = plain.ratio;
    metrics[`ratioComments${vms}`] = comments.ratio;
    metrics[`peer${vms}`] = peerTime / full;
    metrics[`full${vms}`] = full;
    metrics[`perVm${vms}`] = (full / vms) * 1000;
    say(
      `| ${vms.toLocaleString('en')} | ${(text.length / 1e6).toFixed(1)} MB | ${ms(floor)} ms | ${ms(full)} ms | ×${plain.ratio.toFixed(2)} | ${ms(fullComments)} ms | ×${comments.ratio.toFixed(2)} | ${ms(peerTime)} ms | ×${(peerTime / full).toFixed(1)} | ${((full / vms) * 1000).toFixed(1)} µs |`,
    );
  }
  say();
  const dir = mkdtempSync(join(tmpdir(), 'virtplan-bench-'));
  const big = join(dir, 'big.virtplan.json');
  writeFileSync(big, texts.get(50_000)!);
  const floorRss = maxRss(dir, ['-e', "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))", big]);
  const cliRss = maxRss(dir, [join(root, 'dist', 'cli.js'), 'check', '--format', 'json', big]);
  say('## Memory, 50,000-VM plan');
  say();
  say(`- a process that only reads and \`JSON.parse\`s the file: peak RSS ${floorRss.toFixed(0)} MB`);
  say(`- the CLI checking it: peak RSS ${cliRss.toFixed(0)} MB (×${(cliRss / floorRss).toFixed(2)})`);
  metrics.floorRss = floorRss;
  metrics.cliRss = cliRss;
  say();
  const small = join(dir, 'small.virtplan.json');
  writeFileSync(small, texts.get(100)!);
  startUp(dir, small, big);
  failover();
  retargeting(generatePlanText({ vms: 5000 }), texts.get(10_000)!);
  await protocol(texts.get(10_000)!, texts.get(50_000)!);
  await typing(texts.get(10_000)!);
  await burst(texts.get(10_000)!);
  const perVmSpread = metrics.perVm50000 / metrics.perVm1000;
  const targets: Array<[string, string, boolean]> = [
    ['full check ≤ ×3 JSON.parse, 10,000 VMs, no comments', `×${metrics.ratio10000.toFixed(2)}`, metrics.ratio10000 <= 3],
    ['full check ≤ ×6 JSON.parse, 10,000 VMs, with comments', `×${metrics.ratioComments10000.toFixed(2)}`, metrics.ratioComments10000 <= 6],
    ['full check ≤ ×4 JSON.parse, 50,000 VMs', `×${metrics.ratio50000.toFixed(2)}`, metrics.ratio50000 <= 4],
    ['time per VM flat from 1,000 to 50,000 (within ×1.3)', `${metrics.perVm1000.toFixed(1)} → ${metrics.perVm50000.toFixed(1)} µs (×${perVmSpread.toFixed(2)})`, perVmSpread <= 1.3],
    ['≥ ×8 faster than vscode-json-languageservice, 10,000 VMs', `×${metrics.peer10000.toFixed(1)}`, metrics.peer10000 >= 8],
    ['≥ ×8 faster than vscode-json-languageservice, 50,000 VMs', `×${metrics.peer50000.toFixed(1)}`, metrics.peer50000 >= 8],
    ['didChange → diagnostics p95 ≤ 80 ms, debounce 0', `${ms(metrics.editP95)} ms`, metrics.editP95 <= 80],
    ['hover ≤ 50 ms (first on a new version)', `${ms(metrics.hoverFirst)} ms`, metrics.hoverFirst <= 50],
    ['completion ≤ 50 ms', `${ms(metrics.completion)} ms`, metrics.completion <= 50],
    ['documentSymbol ≤ 30 ms', `${ms(metrics.symbols)} ms`, metrics.symbols <= 30],
    ['inlay hints, 60 lines ≤ 10 ms, 10,000 VMs (first on a new version, after its diagnostics)', `${ms(metrics.hintsFirst)} ms`, metrics.hintsFirst <= 10],
    ['inlay hints, whole plan ≤ 50 ms, 10,000 VMs', `${ms(metrics.hintsWhole)} ms`, metrics.hintsWhole <= 50],
    ['inlay hints, 60 lines ≤ 10 ms, 50,000 VMs (first on the version, after its diagnostics)', `${ms(metrics.hintsBigFirst)} ms`, metrics.hintsBigFirst <= 10],
    ['inlay hints, whole plan ≤ 50 ms, 50,000 VMs', `${ms(metrics.hintsBigWhole)} ms`, metrics.hintsBigWhole <= 50],
    ['code lens ≤ 30 ms, 10,000 VMs', `${ms(metrics.codeLens)} ms`, metrics.codeLens <= 30],
    ['failover of 500 hosts in 50 clusters ≤ 20 ms', `${ms(metrics.failover500)} ms`, metrics.failover500 <= 20],
    ['50,000 VMs: CLI peak RSS ≤ ×1.5 a JSON.parse-only process', `×${(metrics.cliRss / metrics.floorRss).toFixed(2)}`, metrics.cliRss <= 1.5 * metrics.floorRss],
    ['50,000 VMs: server peak RSS ≤ ×1.5 a JSON.parse-only process', `×${(metrics.serverRss / metrics.floorRss).toFixed(2)}`, metrics.serverRss <= 1.5 * metrics.floorRss],
    ['retarget code actions ≤ 50 ms, 5,000 VMs (first on a version)', `${ms(metrics.retargetFirst)} ms`, metrics.retargetFirst <= 50],
    ['retarget code actions ≤ 50 ms, 5,000 VMs (asked again on a version)', `${ms(metrics.retargetAgain)} ms`, metrics.retargetAgain <= 50],
    ['`whatif` ≤ 2 full checks, 10,000 VMs', `×${metrics.whatifChecks.toFixed(2)}`, metrics.whatifChecks <= 2],
    ['while typing, every plan: didChange → diagnostics p95 ≤ 150 ms', `${ms(metrics.typingDiagnostics)} ms`, metrics.typingDiagnostics <= 150],
    ['while typing, every plan: completion right after an edit p95 ≤ 50 ms', `${ms(metrics.typingCompletion)} ms`, metrics.typingCompletion <= 50],
    ['while typing, every plan: hover right after an edit p95 ≤ 50 ms', `${ms(metrics.typingHover)} ms`, metrics.typingHover <= 50],
    ['while typing, every plan: quick fixes right after an edit p95 ≤ 50 ms', `${ms(metrics.typingActions)} ms`, metrics.typingActions <= 50],
    ['a burst of 10,000 edits settles in ≤ 10 s (one didChange)', `${ms(metrics.burstReplaceAll)} ms`, metrics.burstReplaceAll <= 10_000],
    ['a burst of 10,000 edits settles in ≤ 10 s (10,000 didChange)', `${ms(metrics.burstNotifications)} ms`, metrics.burstNotifications <= 10_000],
    ['server start: initialize answered ≤ 100 ms', `${ms(metrics.start)} ms`, metrics.start <= 100],
    ['`virtplan check` of a small plan ≤ ×1.5 `node -e 0` (whole process, wall)', `×${metrics.startCheck.toFixed(2)}`, metrics.startCheck <= 1.5],
    ['`virtplan check` of 50,000 VMs ≤ ×1.6 a read-and-parse process (wall)', `×${metrics.bigCheck.toFixed(2)}`, metrics.bigCheck <= 1.6],
  ];
  say('## Targets');
  say();
  // Two shared cores: the load beside the figures says how far to trust them.
  say(`Load average (1, 5, 15 min) at the start of the run: ${loadAtStart}; at its end: ${loadavg().map((n) => n.toFixed(2)).join(', ')}.`);
  say();
  say('| target | measured | met |');
  say('|---|---:|:---:|');
  for (const [target, measured, met] of targets) say(`| ${target} | ${measured} | ${met ? 'yes' : '**no**'} |`);
  say();
  say('Where a target is missed, the last section below ("Targets missed") has the profile that explains it and the next step.');
  say();
  say('## Bundles');
  say();
  for (const file of ['client.js', 'server.js', 'cli.js']) say(`- dist/${file}: ${(statSync(join(root, 'dist', file)).size / 1024).toFixed(0)} KiB`);
  // The notes of changes measured before and after are kept from run to run.
  const resultsPath = join(root, 'bench', 'results.md');
  const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  const kept = previous.indexOf(MEASURED);
  writeFileSync(resultsPath, lines.join('\n') + '\n' + (kept >= 0 ? '\n' + previous.slice(kept) : ''));
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
