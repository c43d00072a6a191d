// Finding names used twice in a list, for the duplicate-name rule: a data structure, not a
// plan limit, so it lives here and not among the rules.

/** A hash of a name, for the table of `eachLaterUse` (FNV-1a over the UTF-16 units). */
function hashOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

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
      slot = (slot + 1) & mask;
    }
  }
}
