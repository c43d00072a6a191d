// Finding names used twice in a list, for the duplicate-name rule: a data structure, not a
// plan limit, so it lives here and not among the rules.

/** A hash of a name, for the table of `eachLaterUse` (FNV-1a over the UTF-16 units). */
function hashOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Slots stepped past, per item, before the table gives way to a `Map`. Names a planner writes
 * step past about one slot each; names made to share their hash's low bits (the slot depends on
 * nothing else, and anyone can compute it) would step past every earlier one.
 */
const STEPS_PER_ITEM = 8;

/**
 * Each item whose name an earlier item has, in order, with that first item. The items' places
 * go into a table of numbers made once at twice the list's size: a set of ten thousand names
 * grows its table a dozen times, and the young generation's collector runs sooner for it.
 */
export function eachLaterUse<T extends { name?: string }>(items: readonly T[], found: (later: T, first: T) => void): void {
  let size = 16;
  while (size < 2 * items.length) size *= 2;
  const mask = size - 1;
  // The item's place plus one; 0 is an empty slot.
  const slots = new Int32Array(size);
  let steps = STEPS_PER_ITEM * items.length;
  for (let i = 0; i < items.length; i++) {
    const name = items[i].name;
    if (name === undefined || name === '') continue;
    let slot = hashOf(name) & mask;
    for (;;) {
      const taken = slots[slot];
      if (taken === 0) {
        slots[slot] = i + 1;
        break;
      }
      if (items[taken - 1].name === name) {
        found(items[i], items[taken - 1]);
        break;
      }
      if (--steps < 0) return eachLaterUseFrom(items, i, found);
      slot = (slot + 1) & mask;
    }
  }
}

/** `eachLaterUse` for the items from `start` on, by a `Map` of the names, whose hash the engine seeds anew in each process. */
function eachLaterUseFrom<T extends { name?: string }>(items: readonly T[], start: number, found: (later: T, first: T) => void): void {
  const first = new Map<string, T>();
  for (let i = 0; i < items.length; i++) {
    const name = items[i].name;
    if (name === undefined || name === '') continue;
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, items[i]);
    else if (i >= start) found(items[i], earlier);
  }
}
