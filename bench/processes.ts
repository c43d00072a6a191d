import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, metrics, ms, root, say } from './measure';

/** Peak RSS in MB of a node process, read at its exit through a preloaded hook. */
export function maxRss(dir: string, args: string[]): number {
  const hook = join(dir, 'rss-hook.js');
  writeFileSync(hook, "process.on('exit', () => require('fs').writeSync(2, '\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'));");
  const result = spawnSync(process.execPath, ['-r', hook, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
}

/** Wall and CPU (user + system) milliseconds of a whole node process, CPU read at its exit. */
export function processCost(dir: string, args: string[]): { wall: number; cpu: number } {
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
export function pairedRatio(dir: string, args: string[], floor: string[], runs: number): { wall: number; cpu: number; medianWall: number } {
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

export function startUp(dir: string, small: string, big: string): void {
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
