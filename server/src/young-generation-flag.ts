import type * as V8 from 'node:v8';

/** The growth factor the process started with: V8's (2) unless the command line gave one. */
function startingFactor(): number {
  for (const arg of process.execArgv) {
    const given = /^--semi[-_]space[-_]growth[-_]factor=(\d+)$/.exec(arg);
    if (given) return Number(given[1]);
  }
  return 2;
}

let factor = startingFactor();

/**
 * Sets V8's semi-space growth factor: how the young generation grows while much of it
 * survives (1 holds it at its size). It is one of the flags a code cache is written under,
 * and V8 uses a cache only under the flags it was written with, so a launcher that compiled
 * its bundle under one factor sets it back before it writes the cache (launch.ts).
 */
export function setGrowthFactor(value: number): void {
  (require('node:v8') as typeof V8).setFlagsFromString(`--semi-space-growth-factor=${value}`);
  factor = value;
}

/** The growth factor as this copy of the module last set it, or as the process started. */
export function growthFactor(): number {
  return factor;
}
