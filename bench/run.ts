import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { checkText } from '../server/src/service/check';
import { fullCheck, peer, repeatCheck, SIZES } from './check';
import { generatePlanText } from './generate';
import { lines, metrics, ms, root, say } from './measure';
import { failover, retargeting } from './model';
import { startUp } from './processes';
import { allocations, stages } from './stages';
import { hints } from './hints';
import { protocol } from './protocol';
import { burst, typing } from './typing';

/** The heading of the hand-written section of results.md, which each run keeps. */
const MEASURED = '## Changes, measured before and after';

async function main(): Promise<void> {
  // Parts on their own, printed and not written: --check, --repeat, --stages, --peer, --retarget, --typing, --burst, --start, --hints.
  const repeat = process.argv.indexOf('--repeat');
  if (repeat >= 0) {
    const [kind = 'valid', vms = '10000', runs = '20'] = process.argv.slice(repeat + 1);
    repeatCheck(kind, Number(vms), Number(runs));
    return;
  }
  const against = process.argv.indexOf('--peer');
  if (against >= 0) {
    const [vms = '10000', runs = '5'] = process.argv.slice(against + 1);
    const theirs = await peer(generatePlanText({ vms: Number(vms) }), Number(runs));
    say(`vscode-json-languageservice, ${Number(vms).toLocaleString('en')} VMs: ${ms(theirs.time)} ms, virtplan faster by ×${theirs.ratio.toFixed(2)} (paired)`);
    return;
  }
  const stage = process.argv.indexOf('--stages');
  if (stage >= 0) {
    const [vms = '10000', runs = '15'] = process.argv.slice(stage + 1);
    if (runs === 'alloc') allocations(Number(vms));
    else stages(Number(vms), Number(runs));
    return;
  }
  if (process.argv.includes('--check')) {
    await fullCheck(new Map(SIZES.map((vms) => [vms, generatePlanText({ vms })])), new Map(SIZES.map((vms) => [vms, generatePlanText({ vms, comments: true })])));
    return;
  }
  if (process.argv.includes('--retarget')) {
    retargeting(generatePlanText({ vms: 5000 }), generatePlanText({ vms: 10_000 }));
    return;
  }
  if (process.argv.includes('--typing')) {
    await typing(generatePlanText({ vms: 10_000 }));
    return;
  }
  const hinted = process.argv.indexOf('--hints');
  if (hinted >= 0) {
    await hints(generatePlanText({ vms: 10_000 }), generatePlanText({ vms: 50_000 }), Number(process.argv[hinted + 1] ?? 7));
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
  const { dir, big } = await fullCheck(texts, commented);
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
    ['inlay hints, 60 lines ≤ 10 ms, 50,000 VMs (first on a new version, after its diagnostics; median of 7)', `${ms(metrics.hintsBigFirst)} ms`, metrics.hintsBigFirst <= 10],
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
  for (const file of ['client.js', 'server.js', 'server-main.js', 'cli.js', 'cli-main.js']) say(`- dist/${file}: ${(statSync(join(root, 'dist', file)).size / 1024).toFixed(0)} KiB`);
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
