/**
 * Suggestions cost an edit distance against every candidate; past this many unknown names in
 * one plan (a pasted list, not typos) rules stop suggesting, so checks stay linear in size.
 */
export const SUGGESTIONS_PER_PLAN = 50;

/**
 * The longest name that is suggested or gets a suggestion. A typo is in a name someone types;
 * the edit distance costs the product of the two lengths, and a megabyte-long name would take
 * hours against its like.
 */
export const LONGEST_SUGGESTED = 200;

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

interface Prepared {
  /** The candidates as given, to know the same list again. */
  given: string[];
  /** Those not too long to suggest. */
  list: string[];
  lowered: string[];
  /** For each word, the candidates that have it, each once, in list order. */
  byWord: Map<string, number[]>;
}

const preparedLists = new WeakMap<readonly string[], Prepared>();

/** The list prepared last: the next check of a plan, or of its next version, asks with the same names. */
let lastPrepared: Prepared | undefined;

const sameNames = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * The candidates lower-cased and indexed by their words. A rule asks for many unknown names
 * against one list (every host of a plan): an array passed again, unchanged, is prepared once,
 * and so is a new array of the same names as the last one prepared.
 */
function prepared(candidates: Iterable<string>): Prepared {
  const array = Array.isArray(candidates) ? (candidates as readonly string[]) : undefined;
  const known = array && preparedLists.get(array);
  if (known && sameNames(known.given, array)) return known;
  if (array && lastPrepared && sameNames(lastPrepared.given, array)) {
    preparedLists.set(array, lastPrepared);
    return lastPrepared;
  }
  const given = [...candidates];
  const list = given.filter((candidate) => candidate.length <= LONGEST_SUGGESTED);
  const byWord = new Map<string, number[]>();
  list.forEach((candidate, i) => {
    for (const word of new Set(wordsOf(candidate))) {
      const having = byWord.get(word);
      if (having) having.push(i);
      else byWord.set(word, [i]);
    }
  });
  const result = { given, list, lowered: list.map((c) => c.toLowerCase()), byWord };
  if (array) preparedLists.set(array, result);
  lastPrepared = result;
  return result;
}

/**
 * The candidate closest to `value`, if it is close enough to be a plausible typo. Names that
 * share more words come first ("windows-2008" means windows-server-2008, not the nearer
 * windows-xp); among those, the smallest edit distance wins. Plausible: within a third of
 * the longer length, or a case-insensitive match, or one contains the other, or the
 * candidate has every word of `value` and more than one of them.
 */
export function nearest(value: string, candidates: Iterable<string>): string | undefined {
  if (value.length > LONGEST_SUGGESTED) return undefined;
  const lower = value.toLowerCase();
  const { list, lowered, byWord } = prepared(candidates);
  const sameCase = lowered.indexOf(lower);
  if (sameCase !== -1) return list[sameCase];
  const words = wordsOf(value);
  // How many of the value's words each candidate has (a word typed twice counts twice): each
  // word's candidates are visited once, however often the value repeats it.
  const times = new Map<string, number>();
  for (const word of words) times.set(word, (times.get(word) ?? 0) + 1);
  const shared = new Uint32Array(list.length);
  for (const [word, count] of times) for (const i of byWord.get(word) ?? []) shared[i] += count;
  // The candidates by how many words they share, fewest first, in list order within each count:
  // the levels are read from the top down, and only those some candidate is on.
  const onLevel = new Uint32Array(words.length + 2);
  for (let i = 0; i < list.length; i++) onLevel[shared[i] + 1]++;
  for (let level = 1; level < onLevel.length; level++) onLevel[level] += onLevel[level - 1];
  const byLevel = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) byLevel[onLevel[shared[i]]++] = i;
  // Names inside one another ("hv-01" in "hv-01-old") are plausible at any distance, and so
  // are names with all the words typed. Candidates are tried by shared words, most first, and
  // among equals those first, so the best distance is small early and every later candidate
  // is cut off by its length alone. One with fewer words than the best so far loses: the
  // levels below the best one's are never read.
  const inside = (i: number): boolean =>
    (lower.length >= 3 && lowered[i].length >= 3 && (lowered[i].includes(lower) || lower.includes(lowered[i]))) || (words.length > 1 && shared[i] === words.length);
  let best: string | undefined;
  let bestScore = Infinity;
  // After the sort, onLevel[level] is where the level's candidates end in byLevel.
  for (let end = list.length; end > 0 && best === undefined; ) {
    const level = shared[byLevel[end - 1]];
    const start = level === 0 ? 0 : onLevel[level - 1];
    const first: number[] = [];
    const then: number[] = [];
    for (let k = start; k < end; k++) (inside(byLevel[k]) ? first : then).push(byLevel[k]);
    end = start;
    for (const i of first) {
      const score = editDistance(lower, lowered[i], bestScore - 1);
      if (score < bestScore) {
        best = list[i];
        bestScore = score;
      }
    }
    for (const i of then) {
      const allowed = allowedDistance(value.length, list[i].length);
      const score = editDistance(lower, lowered[i], Math.min(bestScore - 1, allowed));
      if (score < bestScore && score <= allowed) {
        best = list[i];
        bestScore = score;
      }
    }
  }
  return best;
}
