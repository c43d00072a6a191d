import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { editDistance, nearest } from '../../server/src/util/nearest';

/**
 * The suggestion as it reads in words: candidates sorted by shared words, then by being inside
 * the name, each tried in that order with a comparison sort. The rule's own ordering must agree.
 */
function plainNearest(value: string, list: string[]): string | undefined {
  const wordsOf = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const lower = value.toLowerCase();
  const lowered = list.map((c) => c.toLowerCase());
  if (lowered.includes(lower)) return list[lowered.indexOf(lower)];
  const words = wordsOf(value);
  const shared = list.map((c) => words.filter((w) => wordsOf(c).includes(w)).length);
  const inside = lowered.map((o, i) => (lower.length >= 3 && o.length >= 3 && (o.includes(lower) || lower.includes(o))) || (words.length > 1 && shared[i] === words.length));
  const order = [...list.keys()].sort((a, b) => shared[b] - shared[a] || Number(inside[b]) - Number(inside[a]));
  let best: string | undefined;
  let bestShared = 0;
  let bestScore = Infinity;
  for (const i of order) {
    if (best !== undefined && shared[i] < bestShared) break;
    const allowed = inside[i] ? Infinity : Math.max(2, Math.ceil(Math.max(value.length, list[i].length) / 3));
    const score = editDistance(lower, lowered[i], Math.min(bestScore - 1, allowed));
    if (score < bestScore && score <= allowed) {
      best = list[i];
      bestShared = shared[i];
      bestScore = score;
    }
  }
  return best;
}

describe('the suggestion for an unknown name', () => {
  it('is the one found trying every candidate in order of shared words, names inside one another first', () => {
    const word = fc.constantFrom('host', 'hv', '01', '02', 'old', 'web', 'db', 'a', 'ab', 'x');
    const name = fc.array(word, { minLength: 1, maxLength: 4 }).chain((words) => fc.constantFrom(words.join('-'), words.join(''), words.join('-').toUpperCase()));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 30 }), name, (list, value) => {
        assert.equal(nearest(value, list), plainNearest(value, list));
      }),
      { numRuns: 2000 },
    );
  });
});
