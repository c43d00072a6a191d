import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'vscode-json-languageservice';
import { loadCatalog } from '../server/src/catalog/catalog';
import { checkText } from '../server/src/service/check';
import { median, metrics, ms, root, say, timePaired } from './measure';
import { typingVariants } from './typing';
import { generatePlanText } from './generate';
import { maxRss } from './processes';

export const SIZES = [100, 1000, 10_000, 50_000];
const runsFor = (vms: number) => (vms <= 1000 ? 21 : vms <= 10_000 ? 9 : 5);

/**
 * vscode-json-languageservice parsing and validating the text against the plan schema (what VS
 * Code's JSON support does on each edit), against virtplan's full check of the same text: its
 * median time, and the median of the rounds' ratios. Each round times a few runs of one, then
 * of the other (the order turning each round), and compares the medians of the two: so both
 * meet the same load, and each runs as it does in an editor, after itself. Timed one right
 * after the other, the check paid for collecting the peer's tree, ten times its own garbage
 * (the check after the peer took 84–142 ms of CPU, after itself 37–51 ms).
 */
export async function peer(text: string, rounds: number): Promise<{ time: number; ratio: number }> {
  const schema = loadCatalog().planSchema;
  const service = getLanguageService({});
  service.configure({ validate: true, schemas: [{ uri: 'virtplan://schema', fileMatch: ['*.json'], schema: schema as never }] });
  const document = TextDocument.create('file:///plan.json', 'jsonc', 1, text);
  const theirs = async () => {
    const json = service.parseJSONDocument(document);
    await service.doValidation(document, json, { comments: 'ignore', trailingCommas: 'ignore' });
  };
  const ours = async () => checkText(text);
  const block = async (work: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await work();
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  await theirs();
  await ours();
  const times: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const first = round % 2 === 0;
    const a = await block(first ? theirs : ours);
    const b = await block(first ? ours : theirs);
    const [t, o] = first ? [a, b] : [b, a];
    times.push(t);
    ratios.push(t / o);
  }
  return { time: median(times), ratio: median(ratios) };
}

/**
 * The full check, text in and diagnostics with ranges out, against JSON.parse of the same text
 * and against vscode-json-languageservice; then the CLI's peak memory on the largest plan.
 * Returns the directory holding the largest plan, for the whole-process figures.
 */
export async function fullCheck(texts: Map<number, string>, commented: Map<number, string>): Promise<{ dir: string; big: string }> {
  say('## Full check: text in, diagnostics with ranges out');
  say();
  say('| VMs | size | JSON.parse | virtplan | ratio | with comments | ratio | vscode-json-languageservice | virtplan faster by (paired) | per VM |');
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
    const theirs = await peer(text, vms <= 10_000 ? 5 : 3);
    metrics[`ratio${vms}`] = plain.ratio;
    metrics[`ratioComments${vms}`] = comments.ratio;
    metrics[`peer${vms}`] = theirs.ratio;
    metrics[`full${vms}`] = full;
    metrics[`perVm${vms}`] = (full / vms) * 1000;
    say(
      `| ${vms.toLocaleString('en')} | ${(text.length / 1e6).toFixed(1)} MB | ${ms(floor)} ms | ${ms(full)} ms | ×${plain.ratio.toFixed(2)} | ${ms(fullComments)} ms | ×${comments.ratio.toFixed(2)} | ${ms(theirs.time)} ms | ×${theirs.ratio.toFixed(1)} | ${((full / vms) * 1000).toFixed(1)} µs |`,
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
  return { dir, big };
}

/**
 * The full check of one plan, again and again, for a profile: `node --cpu-prof
 * out/bench/run.js --repeat <valid|comments|comma|string|truncated> [VMs] [runs]`.
 */
export function repeatCheck(kind: string, vms: number, runs: number): void {
  const plain = generatePlanText({ vms, comments: kind === 'comments' });
  const [, comma, string, truncated] = typingVariants(plain);
  const text = ({ comma: comma[1], string: string[1], truncated: truncated[1] } as Record<string, string | undefined>)[kind] ?? plain;
  checkText(text);
  const start = performance.now();
  for (let i = 0; i < runs; i++) checkText(text);
  say(`${kind}, ${vms.toLocaleString('en')} VMs: ${ms((performance.now() - start) / runs)} ms a check (mean of ${runs})`);
}
