import { Session } from 'node:inspector';
import { pathToFileURL } from 'node:url';

/*
 * Block coverage is started as this module loads and never stopped: code the engine optimised
 * before coverage started, or while it was stopped, counts nothing.
 */
const session = new Session();
session.connect();

/** An in-process session answers before `post` returns. */
function post(method: string, params?: object): unknown {
  let answer: unknown;
  session.post(method, params, (error, result) => {
    if (error) throw error;
    answer = result;
  });
  return answer;
}

post('Profiler.enable');
post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

type Coverage = { result: Array<{ url: string; functions: Array<{ ranges: Array<{ count: number }> }> }> };

/**
 * Work, not time: the blocks of code this test bundle (tests and server together) executes
 * while `run` runs, as V8's block coverage counts them. A loop's body counts once a turn, so
 * a walk over every node for each VM shows as such however fast the machine is. Work done in
 * the engine's own built-in functions (`includes`, a spread) is not counted.
 */
export function executedBlocks(run: () => void): number {
  // Taking the coverage sets the counts back to zero: what is taken next is `run`'s.
  post('Profiler.takePreciseCoverage');
  run();
  const { result } = post('Profiler.takePreciseCoverage') as Coverage;
  const bundle = pathToFileURL(__filename).href;
  let blocks = 0;
  for (const script of result) if (script.url === bundle) for (const fn of script.functions) for (const range of fn.ranges) blocks += range.count;
  return blocks;
}
