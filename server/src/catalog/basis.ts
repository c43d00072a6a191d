import type { Fact } from './types';

/** How a fact is known: its sources, and its confidence when that is not `sourced`. */
export function basisParts(fact: { sources?: string[]; confidence?: string }): { sources: string[]; confidence?: string } {
  return { sources: fact.sources ?? [], confidence: fact.confidence && fact.confidence !== 'sourced' ? fact.confidence : undefined };
}

/** " (S2, S6)" or " (recalled)": how a fact is known, after a sentence that states it; '' when nothing is known. */
export function basisOf(fact: Pick<Fact<unknown>, 'sources' | 'confidence'> | undefined): string {
  if (!fact) return '';
  const { sources, confidence } = basisParts(fact);
  const parts = confidence ? [...sources, confidence] : sources;
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** "S2, S6; recalled" or "unsourced": a fact row's basis column. */
export function basisOfRow(fact: { sources?: string[]; confidence?: string }): string {
  const { sources, confidence } = basisParts(fact);
  return [sources.join(', '), confidence ?? ''].filter(Boolean).join('; ') || 'unsourced';
}
