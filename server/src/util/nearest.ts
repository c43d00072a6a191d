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

/**
 * The candidate closest to `value`, if it is close enough to be a plausible typo: within a
 * third of the longer length, or a case-insensitive match, or one contains the other.
 */
export function nearest(value: string, candidates: Iterable<string>): string | undefined {
  const lower = value.toLowerCase();
  const list = [...candidates];
  const lowered = list.map((c) => c.toLowerCase());
  const sameCase = lowered.indexOf(lower);
  if (sameCase !== -1) return list[sameCase];
  // Names inside one another ("hv-01" in "hv-01-old") are plausible at any distance. Trying
  // them first makes the best distance small early, and every later candidate is then cut
  // off by its length alone.
  const inside = lowered.map((other) => lower.length >= 3 && other.length >= 3 && (other.includes(lower) || lower.includes(other)));
  const order = [...list.keys()].sort((a, b) => Number(inside[b]) - Number(inside[a]));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const i of order) {
    const allowed = inside[i] ? Infinity : allowedDistance(value.length, list[i].length);
    const score = editDistance(lower, lowered[i], Math.min(bestScore - 1, allowed));
    if (score < bestScore && score <= allowed) {
      best = list[i];
      bestScore = score;
    }
  }
  return best;
}
