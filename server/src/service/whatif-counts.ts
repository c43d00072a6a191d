import type { Catalog } from '../catalog/catalog';
import { loadCatalog } from '../catalog/catalog';
import type { Finding } from '../rules/finding';
import { RULES_BY_CODE, runChecks } from '../rules/index';
import type { ParsedPlan } from '../json/parse';
import { isObject } from '../util/own';
import { PlanVersion } from './plan-version';
import { findDuplicateKeys } from './schema';
import { Suppressions } from './suppression';
import { collectFindings } from './validate';
import { retarget, type HostSelector, type WhatIfOptions, type WhatIfTarget } from './whatif';
import { neighbourhoodOf } from './whatif-part';

/**
 * The counts of a retargeting (fixed, introduced, introduced errors) worked out from the rules'
 * findings, without placing diagnostics in the text, and where possible over the chosen host's
 * neighbourhood only: what the retarget code actions show for each target.
 */
/** What a retargeting changes, in numbers: all a retarget code action shows and ranks by. */
export interface WhatIfCounts {
  target: WhatIfTarget;
  fixed: number;
  introduced: number;
  /** How many of the introduced are errors. */
  introducedErrors: number;
}

/** The severity given to a finding a suppression silenced: it counts for nothing, but tells an entry is used. */
const SILENCED = 'silenced';
/** The diagnostics a check would give, as code, pointer and severity, in the check's order within each code and pointer. */
type Keyed = Array<{ code: string; key: string; severity: string }>;

/**
 * The diagnostics of a plan value checked against `parsed`'s text, without placing them in the
 * text: what `validatePlan` gives, less the ranges. Undefined for a text with suppression
 * comments, whose effect depends on the line a diagnostic starts on. For a part of the plan
 * (given the codes of the plan-wide `suppress` list, `planWide`), the hints about unused
 * entries of that list are left out: what such an entry silences may lie outside the part.
 */
function keyedDiagnostics(parsed: ParsedPlan, value: unknown, catalog: Catalog, options: WhatIfOptions, duplicateKeys: readonly Finding[], part?: { planWide: ReadonlyMap<string, number>; inside: (pointer: string) => boolean }): Keyed | undefined {
  const view = value === parsed.value ? parsed : { ...parsed, value };
  const suppressions = new Suppressions(view);
  if (suppressions.hasComments) return undefined;
  const keyed: Keyed = [];
  const findings: Finding[] = [];
  for (const finding of collectFindings(view, catalog, options.defaultReserve, duplicateKeys)) {
    if (!suppressions.silencesByPointer(finding)) findings.push(finding);
    // Silenced, it counts for nothing, but whether the neighbourhood has one decides, with the
    // rest of the plan, whether a plan-wide entry is used.
    else if (part?.planWide.has(finding.code) && part.inside(finding.pointer)) keyed.push({ code: finding.code, key: '', severity: SILENCED });
  }
  if (parsed.syntaxErrors.length === 0) findings.push(...suppressions.unused().filter((hint) => !part || !hint.pointer.startsWith('/suppress/')));
  for (const finding of findings) {
    const setting = options.severities?.[finding.code];
    if (setting !== 'off') keyed.push({ code: finding.code, key: `${finding.code}\u0000${finding.pointer}`, severity: setting ?? finding.severity });
  }
  return keyed;
}

interface Neighbourhood {
  value: unknown;
  /** The chosen hosts, by their place in the part. */
  select: HostSelector;
  /** Whether a finding's pointer is about the neighbourhood itself, not a host or cluster beyond it. */
  inside: (pointer: string) => boolean;
  /** The same for a pointer into the whole plan, whose VMs are numbered as in the text. */
  insideWhole: (pointer: string) => boolean;
}

/** The neighbourhood (see `neighbourhoodOf`) as a plan of its own, each list in the plan's order. */
function neighbourhood(value: unknown, select: HostSelector): Neighbourhood | undefined {
  const part = neighbourhoodOf(value, select);
  if (!part || !isObject(value)) return undefined;
  const all = value.hosts as unknown[];
  // The chosen hosts as numbered in the part.
  const chosen = new Set<number>();
  [...part.hosts].forEach((index, at) => {
    const host = all[index];
    if (select(isObject(host) && typeof host.name === 'string' ? host.name : undefined, index)) chosen.add(at);
  });
  return {
    value: {
      ...value,
      hosts: all.filter((_host: unknown, index) => part.hosts.has(index)),
      vms: (value.vms as unknown[]).filter((_vm: unknown, index) => part.vms.has(index)),
      ...(Array.isArray(value.clusters) ? { clusters: value.clusters.filter((_cluster: unknown, index) => part.clusters.has(index)) } : {}),
    },
    select: (_name, index) => chosen.has(index),
    // Its hosts, VMs and clusters are all the part holds; the rest are the plan's own.
    inside: (pointer: string) => ['hosts', 'vms', 'clusters'].includes(pointer.split('/', 2)[1]),
    insideWhole: part.inside,
  };
}

/**
 * Counts as `compareDiagnostics` counts (by code and pointer, as multisets). Undefined where the
 * counts would depend on the places (a code and pointer found more often after than before,
 * with severities that differ). A plan-wide entry's code silenced in the neighbourhood before
 * and not after, or after and not before, may make that entry's hint come or go: `settle` says
 * how, and without it the counts are undefined.
 */
function countChanges(target: WhatIfTarget, before: Keyed, after: Keyed, settle?: Settle): WhatIfCounts | undefined {
  const silenced = (list: Keyed) => new Set(list.flatMap((k) => (k.severity === SILENCED ? [k.code] : [])));
  const [was, is] = [silenced(before), silenced(after)];
  const counts = { target, fixed: 0, introduced: 0, introducedErrors: 0 };
  for (const code of new Set([...was, ...is])) {
    if (was.has(code) === is.has(code)) continue;
    const settled = settle?.(code, is.has(code));
    if (!settled) return undefined;
    counts.fixed += settled.fixed;
    counts.introduced += settled.introduced;
    counts.introducedErrors += settled.introducedErrors;
  }
  const left = new Map<string, number>();
  for (const { key, severity } of before) if (severity !== SILENCED) left.set(key, (left.get(key) ?? 0) + 1);
  const groups = new Map<string, Set<string>>();
  for (const { key, severity } of after) {
    if (severity === SILENCED) continue;
    const seen = groups.get(key);
    if (seen) seen.add(severity);
    else groups.set(key, new Set([severity]));
  }
  let introduced = 0;
  let introducedErrors = 0;
  for (const { key, severity } of after) {
    if (severity === SILENCED) continue;
    const remaining = left.get(key) ?? 0;
    if (remaining > 0) {
      left.set(key, remaining - 1);
      continue;
    }
    // Which of a code and pointer's diagnostics count as introduced follows their places.
    if (groups.get(key)!.size > 1) return undefined;
    introduced++;
    if (severity === 'error') introducedErrors++;
  }
  let fixed = 0;
  for (const n of left.values()) fixed += n;
  return { target, fixed: counts.fixed + fixed, introduced: counts.introduced + introduced, introducedErrors: counts.introducedErrors + introducedErrors };
}

/** The change to the whole plan's diagnostics when a plan-wide entry's code comes to the neighbourhood (`now`) or leaves it. */
type Settle = (code: string, now: boolean) => Omit<WhatIfCounts, 'target'> | undefined;

/**
 * `whatIf`'s counts for one retargeting, from the findings alone: no diagnostic is placed in
 * the text, which is most of a check's cost when a retargeting introduces many, and where it
 * can be only the neighbourhood of the chosen hosts is checked. The neighbourhood gives way to
 * the whole plan where its counts depend on the rest (see `countChanges`). Undefined where the counts depend on places: a
 * text with suppression comments, or see `countChanges`. `before` is `whatIfBaseline(parsed, …)`
 * with the same hosts chosen, shared by every target.
 */
export function whatIfCounts(parsed: ParsedPlan, target: WhatIfTarget, before: WhatIfBaseline, options: WhatIfOptions = {}): WhatIfCounts | undefined {
  const catalog = options.catalog ?? loadCatalog();
  if (before.part) {
    const { keyed, value } = before.part;
    if (!keyed) return undefined;
    const { value: after, moved } = retarget(value, target, before.part.select);
    if (moved.length === 0) return { target, fixed: 0, introduced: 0, introducedErrors: 0 };
    const keyedAfter = keyedDiagnostics(parsed, after, catalog, options, [], before.part);
    const { planWide, outside } = before.part;
    const hint = options.severities?.['suppression-unused'] ?? 'hint';
    // An entry the rest of the plan uses stays used; else its hint ("silences nothing") goes
    // when the neighbourhood comes to have its code, and comes when it no longer has it.
    const settle: Settle = (code, now) => {
      const n = parsed.syntaxErrors.length || hint === 'off' || outside(code) ? 0 : planWide.get(code)!;
      return now ? { fixed: n, introduced: 0, introducedErrors: 0 } : { fixed: 0, introduced: n, introducedErrors: hint === 'error' ? n : 0 };
    };
    const counts = keyedAfter && countChanges(target, keyed, keyedAfter, settle);
    if (counts) return counts;
  }
  const whole = before.whole();
  if (!whole.keyed) return undefined;
  const { value: after, moved } = retarget(parsed.value, target, before.select);
  if (moved.length === 0) return { target, fixed: 0, introduced: 0, introducedErrors: 0 };
  const keyedAfter = keyedDiagnostics(parsed, after, catalog, options, whole.duplicateKeys);
  return keyedAfter && countChanges(target, whole.keyed, keyedAfter);
}

/** What every `whatIfCounts` of one plan version and one choice of hosts shares, each part found when first needed. */
export interface WhatIfBaseline {
  select: HostSelector;
  /** The chosen hosts' neighbourhood, its diagnostics as they are and the codes of the plan-wide `suppress` list; undefined for a plan that has none. */
  part?: Neighbourhood & {
    keyed: Keyed | undefined;
    /** How many entries of the plan-wide `suppress` list name each code. */
    planWide: ReadonlyMap<string, number>;
    /** Whether the whole plan has a finding of a plan-wide entry's code beyond the neighbourhood, found when first asked. */
    outside: (code: string) => boolean;
  };
  /** The whole plan's diagnostics as they are, and the text's duplicate keys. */
  whole: () => { keyed: Keyed | undefined; duplicateKeys: readonly Finding[] };
}

export function whatIfBaseline(parsed: ParsedPlan, options: WhatIfOptions = {}): WhatIfBaseline {
  const catalog = options.catalog ?? loadCatalog();
  const names = options.hosts ? new Set(options.hosts) : undefined;
  const indexes = options.hostIndexes ? new Set(options.hostIndexes) : undefined;
  const select: HostSelector = (name, index) => (!indexes || indexes.has(index)) && (!names || (name !== undefined && names.has(name)));
  const list = isObject(parsed.value) && Array.isArray(parsed.value.suppress) ? parsed.value.suppress : [];
  const reserve = options.defaultReserve ?? 1;
  const planWide = new Map<string, number>();
  for (const code of list) if (typeof code === 'string') planWide.set(code, (planWide.get(code) ?? 0) + 1);
  let whole: ReturnType<WhatIfBaseline['whole']> | undefined;
  // A key written twice is a schema finding of the whole text that the part does not see: where
  // it stands in the neighbourhood, or a `suppress` entry anywhere silences it, the part would
  // count that entry unused. The whole plan answers then (keys written twice are rare).
  const duplicates = options.duplicateKeys ?? findDuplicateKeys(parsed);
  const neighbours = neighbourhood(parsed.value, select);
  const suppressions = duplicates.length > 0 ? new Suppressions(parsed) : undefined;
  const found =
    neighbours && !duplicates.some((finding) => neighbours.insideWhole(finding.pointer) || suppressions!.silencesByPointer(finding)) ? neighbours : undefined;
  const outside = new Map<string, boolean>();
  // The text's duplicate keys are the same before and after: a part needs none of them.
  const part = found && {
    ...found,
    planWide,
    keyed: keyedDiagnostics(parsed, found.value, catalog, options, [], { ...found, planWide }),
    outside: (code: string) => {
      const known = outside.get(code);
      if (known !== undefined) return known;
      // The whole plan's findings of that code: from its own rule over the version's model, or,
      // for a code no rule gives (the schema's, a syntax error's), from the whole check.
      const rule = RULES_BY_CODE.get(code);
      const version = PlanVersion.of(parsed, catalog);
      const model = rule && version.model;
      const findings = model
        ? runChecks(model, { defaultReserve: reserve }, [rule], () => version.capacity(reserve))
        : collectFindings(parsed, catalog, reserve, code === 'schema' ? duplicates : []);
      const suppressions = new Suppressions(parsed);
      const beyond = findings.some((f) => f.code === code && suppressions.silencesByPointer(f) && !found.insideWhole(f.pointer));
      outside.set(code, beyond);
      return beyond;
    },
  };
  return {
    select,
    part,
    whole: () => {
      if (whole) return whole;
      return (whole = { keyed: keyedDiagnostics(parsed, parsed.value, catalog, options, duplicates), duplicateKeys: duplicates });
    },
  };
}
