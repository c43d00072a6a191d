import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/*
 * How the server and the CLI use V8's heap. Imported first by both, so the setting below is
 * made before anything is allocated.
 *
 * V8's young generation starts at 1 MB a half and doubles while much of it survives, up to
 * 16 MB: a check of a large plan (millions of short-lived objects) grows it to its largest,
 * 32 MB of resident memory kept for the rest of the process, about a fifth of the peak on a
 * 50,000-VM plan. Kept at its first size it costs no time on that check (paired runs of the
 * CLI: the same CPU time, 21 MB less peak). The growth factor is the one part of the young
 * generation's sizing read at each growth, so it can be set from inside the process, where
 * the editors and the command line start it without flags of ours.
 */
setFlagsFromString('--semi-space-growth-factor=1');

let collector: (() => void) | undefined;

/**
 * Collects the whole heap now. For the moment just after a large message (a plan opened whole)
 * has been read: the message's bytes and its decoded text are dead but lie in the old
 * generation, two copies of the plan's size, until V8 next collects it, which may be after the
 * check has built its own objects on top of them. Collected first, their memory is reused.
 */
export function collectGarbage(): void {
  if (!collector) {
    // The collector is reachable only from a context created while --expose-gc is set.
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  collector();
}
