import type * as V8 from 'node:v8';
import { runInNewContext } from 'node:vm';

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
