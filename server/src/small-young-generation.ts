import { setGrowthFactor } from './young-generation-flag';

/*
 * Imported first by the command line, so that this comes before anything is allocated.
 *
 * V8's young generation starts at 1 MB a half and doubles while much of it survives, up to
 * 16 MB: a check of a large plan (millions of short-lived objects) grows it to its largest,
 * 32 MB of resident memory, about a sixth of the command's peak on a 50,000-VM plan. The
 * command checks each plan once, in a process of its own; kept at its first size, the young
 * generation costs that check no time (paired runs: the same CPU time, 21 MB less peak). A
 * process that checks again and again (the language server) would pay for it: objects that
 * live a little longer are moved to the old generation and marked there, a quarter more time
 * per check of a 50,000-VM plan; it grows the young generation to half V8's largest before
 * it checks a large plan, and holds it there (heap.ts). The growth factor is the one part of
 * the young generation's sizing read at each growth, so it can be set from inside the process.
 */
setGrowthFactor(1);
