import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { repoRoot } from '../test/protocol/lsp-client';

/** Timing and reporting shared by every part of the benchmark. */
export const root = repoRoot();
/** The lines of results.md, in the order they are said. */
export const lines: string[] = [];
export const say = (line = '') => {
  lines.push(line);
  process.stdout.write(line + '\n');
};

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function time(runs: number, work: () => unknown): number {
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
export function timePaired(runs: number, floor: () => unknown, work: () => unknown): { floor: number; work: number; ratio: number } {
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

export async function timeAsync(runs: number, work: () => Promise<unknown>): Promise<number> {
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
export const metrics: Record<string, number> = {};

/** The line and character of an offset in a text with \n line breaks, as a request names a place. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

/**
 * The number of lines of a text, counted without allocating: a million strings from
 * `split('\n')` are collected by this process while it waits for the server's next answer, and
 * land in that answer's time (40 ms on the 50,000-VM plan's first inlay hints).
 */
export function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Collects this process's garbage before a single timed request: what opening a large plan
 * left (its text sent as one message) is otherwise collected while the answer is awaited.
 */
export function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
