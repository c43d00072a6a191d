/**
 * Suggestions cost an edit distance against every candidate; past this many unknown names in
 * one plan (a pasted list, not typos) rules stop suggesting, so checks stay linear in size.
 */
export const SUGGESTIONS_PER_PLAN = 50;

/** Edit distance (Levenshtein), or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let previous = new Uint16Array(b.length + 1);
  let current = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

function allowedDistance(a: number, b: number): number {
  return Math.max(2, Math.ceil(Math.max(a, b) / 3));
}

/** The words of a name: "windows-server-2008" → windows, server, 2008; "memoryGB" → memory, gb. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** How many of `value`'s words the candidate has. */
function sharedWords(words: string[], candidate: string[]): number {
  return words.reduce((n, word) => n + (candidate.includes(word) ? 1 : 0), 0);
}

interface Prepared {
  list: string[];
  lowered: string[];
  wordLists: string[][];
}

const preparedLists = new WeakMap<readonly string[], Prepared>();

/**
 * The candidates lower-cased and split into words. A rule asks for many unknown names against
 * one list (every host of a plan): an array passed again, unchanged, is prepared once.
 */
function prepared(candidates: Iterable<string>): Prepared {
  const array = Array.isArray(candidates) ? (candidates as readonly string[]) : undefined;
  const known = array && preparedLists.get(array);
  if (known && known.list.length === array.length && known.list.every((name, i) => name === array[i])) return known;
  const list = [...candidates];
  const result = { list, lowered: list.map((c) => c.toLowerCase()), wordLists: list.map(wordsOf) };
  if (array) preparedLists.set(array, result);
  return result;
}

/**
 * The candidates' indexes, most shared words first and, among equals, those inside one another
 * (or with every word) first, in list order otherwise: a stable sort, in one pass over a list
 * of thousands of hosts instead of a comparison sort per unknown name.
 */
function byRank(shared: readonly number[], inside: readonly boolean[], most: number): number[] {
  const buckets: number[][] = Array.from({ length: 2 * (most + 1) }, () => []);
  for (let i = 0; i < shared.length; i++) buckets[2 * shared[i] + (inside[i] ? 1 : 0)].push(i);
  const order: number[] = [];
  for (let b = buckets.length - 1; b >= 0; b--) for (const i of buckets[b]) order.push(i);
  return order;
}

/**
 * The candidate closest to `value`, if it is close enough to be a plausible typo. Names that
 * share more words come first ("windows-2008" means windows-server-2008, not the nearer
 * windows-xp); among those, the smallest edit distance wins. Plausible: within a third of
 * the longer length, or a case-insensitive match, or one contains the other, or the
 * candidate has every word of `value` and more than one of them.
 */
export function nearest(value: string, candidates: Iterable<string>): string | undefined {
  const lower = value.toLowerCase();
  const { list, lowered, wordLists } = prepared(candidates);
  const sameCase = lowered.indexOf(lower);
  if (sameCase !== -1) return list[sameCase];
  const words = wordsOf(value);
  const shared = wordLists.map((candidate) => sharedWords(words, candidate));
  // Names inside one another ("hv-01" in "hv-01-old") are plausible at any distance, and so
  // are names with all the words typed. Trying them first makes the best distance small
  // early, and every later candidate is then cut off by its length alone.
  const inside = lowered.map((other, i) => (lower.length >= 3 && other.length >= 3 && (other.includes(lower) || lower.includes(other))) || (words.length > 1 && shared[i] === words.length));
  const order = byRank(shared, inside, words.length);
  let best: string | undefined;
  let bestShared = 0;
  let bestScore = Infinity;
  for (const i of order) {
    // Candidates come by shared words, most first: one with fewer words than the best so far loses.
    if (best !== undefined && shared[i] < bestShared) break;
    const allowed = inside[i] ? Infinity : allowedDistance(value.length, list[i].length);
    const score = editDistance(lower, lowered[i], Math.min(bestScore - 1, allowed));
    if (score < bestScore && score <= allowed) {
      best = list[i];
      bestShared = shared[i];
      bestScore = score;
    }
  }
  return best;
}
