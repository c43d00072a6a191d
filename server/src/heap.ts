import type * as V8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setGrowthFactor } from './young-generation-flag';

let collector: (() => void) | undefined;

/**
 * Collects the whole heap now. For the moment just after a large message (a plan opened whole)
 * has been read: the message's bytes and its decoded text are dead but lie in the old
 * generation, two copies of the plan's size, until V8 next collects it, which may be after the
 * check has built its own objects on top of them. Collected first, their memory is reused.
 */
export function collectGarbage(): void {
  if (!collector) {
    // Loaded here, not at start: only a large plan opened needs it.
    const { setFlagsFromString } = require('node:v8') as typeof V8;
    // The collector is reachable only from a context created while --expose-gc is set; a Node
    // that does not give it this way collects when it would have anyway.
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collector = typeof gc === 'function' ? (gc as () => void) : () => undefined;
    } catch {
      collector = () => undefined;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  collector();
}

/** The young generation the language server grows to, both halves, before it checks a large plan. */
export const YOUNG_GENERATION_BYTES = 16 << 20;

/** How often at most the young generation's size is looked at (a burst of edits asks at each). */
const LOOK_EVERY_MS = 1_000;

let lookedAt = Number.NEGATIVE_INFINITY;
/** Whether the young generation is held (from the first large message or plan on). */
let held = false;

/** The young generation's size (both halves), or undefined when V8 does not say. */
export function youngGenerationBytes(): number | undefined {
  const { getHeapSpaceStatistics } = require('node:v8') as typeof V8;
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size;
}

/**
 * Holds V8's young generation at its present size: from the headers of a large message on,
 * whose pieces and decoded text live until it is whole and, surviving collections, would grow
 * it to V8's largest before the plan it brings is checked; in the command line, from a large
 * plan read on (`holdForPlan`).
 */
export function holdYoungGeneration(): void {
  held = true;
  setGrowthFactor(1);
}

/** Bytes of a plan from which the command line checks it in a young generation held at its first size. */
export const LARGE_PLAN_BYTES = 1 << 18;

/*
 * V8's young generation starts at 1 MB a half and doubles while much of it survives, up to
 * 16 MB: a check of a large plan (millions of short-lived objects) grows it to its largest,
 * 32 MB of resident memory, about a sixth of the command's peak on a 50,000-VM plan. The
 * command line checks each plan once, in a process of its own; kept at its first size, the
 * young generation costs that check no time (paired runs: the same CPU time, 21 MB less peak).
 * The language server, which checks again and again, grows it instead (`youngGenerationFor`).
 * The command line holds it only from a large plan read on: the flag is set through node:v8,
 * a module of its own to load at each start, which a small plan does without.
 */
export function holdForPlan(bytes: number): void {
  if (bytes >= LARGE_PLAN_BYTES && !held) holdYoungGeneration();
}

/**
 * Before the check of a plan (`large`: one of 256 KB or more), the young generation grown to
 * `bytes` (both halves) and held there. A check builds millions of short-lived objects: in a
 * young generation of 1 MB a half, the ones that live a little longer are moved to the old
 * generation and marked there, a quarter more time per check of 50,000 VMs; V8 grows it to
 * 16 MB a half, 32 MB of resident memory at the check's peak, a fifth of it. At 8 MB a half a
 * check costs a few percent more (paired runs, 50,000 VMs) and the peak is 12 MB lower. The
 * server starts with V8's default, which its start and small plans need; from the first large
 * plan (or message) on, the young generation is held. V8 grows it only after a collection in
 * which more than its size has survived, and only its growth factor can be set once the
 * process runs: so it is grown here by keeping arrays of that size until it has grown (some
 * 10 ms), and then held. V8 may shrink it while the server is idle; it is looked at again at
 * most once a second, so a burst of edits costs nothing.
 */
export function youngGenerationFor(large: boolean, bytes = YOUNG_GENERATION_BYTES): void {
  if (large) held = true;
  if (!held) return;
  const now = performance.now();
  if (now - lookedAt < LOOK_EVERY_MS) return;
  lookedAt = now;
  let size = youngGenerationBytes();
  if (size === undefined) return;
  if (size < bytes) {
    setGrowthFactor(2);
    // Arrays of 8 KB: few objects to copy at each collection. Kept until the end, each survives.
    const kept: number[][] = [];
    let keptSinceGrowth = 0;
    // A young generation held smaller by the process's own flags stops growing: not waited for.
    while (size < bytes && keptSinceGrowth < 4 * size) {
      for (let i = 0; i < 64; i++) kept.push(new Array<number>(1024).fill(0));
      keptSinceGrowth += 64 * 8192;
      const grown = youngGenerationBytes() ?? bytes;
      if (grown !== size) keptSinceGrowth = 0;
      size = grown;
    }
  }
  setGrowthFactor(1);
}
