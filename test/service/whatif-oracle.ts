import type { Catalog } from '../../server/src/catalog/catalog';
import { parsePlan } from '../../server/src/json/parse';
import { findDuplicateKeys } from '../../server/src/service/schema';
import { validatePlan, type SeveritySetting } from '../../server/src/service/validate';
import { compareDiagnostics, parseTarget, retarget, type WhatIfResult } from '../../server/src/service/whatif';

/** Which hosts move, and the settings of both checks. */
export interface Choice {
  hosts?: string[];
  hostIndexes?: number[];
  severities?: Record<string, SeveritySetting>;
  defaultReserve?: number;
}

/**
 * What-if as plainly as it can be said, the oracle of the what-if tests: the plan checked as it
 * is and with the chosen hosts retargeted, each a whole check placed in the same text the way
 * every check places its findings, then compared. The service's what-if must say exactly this.
 */
export function plainWhatIf(text: string, to: string, choice: Choice, catalog: Catalog): WhatIfResult {
  const parsed = parsePlan(text);
  const target = parseTarget(to, catalog);
  const names = choice.hosts ? new Set(choice.hosts) : undefined;
  const indexes = choice.hostIndexes ? new Set(choice.hostIndexes) : undefined;
  let chosen = 0;
  const { value, moved } = retarget(parsed.value, target, (name, index) => {
    const picked = (!indexes || indexes.has(index)) && (!names || (name !== undefined && names.has(name)));
    if (picked) chosen++;
    return picked;
  });
  const options = { catalog, ...(choice.severities ? { severities: choice.severities } : {}), ...(choice.defaultReserve !== undefined ? { defaultReserve: choice.defaultReserve } : {}) };
  const duplicateKeys = findDuplicateKeys(parsed);
  const before = validatePlan(parsed, { ...options, duplicateKeys });
  const after = moved.length ? validatePlan({ ...parsed, value }, { ...options, duplicateKeys }) : before;
  const hosts = (parsed.value as { hosts?: unknown[] }).hosts ?? [];
  const written = new Set(hosts.map((h) => (typeof h === 'object' && h !== null ? (h as Record<string, unknown>).name : undefined)));
  const unmatched = names ? [...names].filter((n) => !written.has(n)) : [];
  return { ...compareDiagnostics(before, after), target, moved, chosen, unmatched, notes: [], hasError: after.some((d) => d.severity === 'error'), before: parsed.value, after: value };
}
