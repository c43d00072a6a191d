import type { Catalog } from '../catalog/catalog';
import { loadCatalog } from '../catalog/catalog';
import type { Confidence, EditionId, Product } from '../catalog/types';
import { nearest } from '../util/nearest';
import type { Finding } from '../rules/finding';
import type { PlanDiagnostic } from './diagnostic';
import type { ParsedPlan } from '../json/parse';
import { findDuplicateKeys } from './schema';
import { collectFindings, validatePlan, type SeveritySetting } from './validate';
import { Suppressions } from './suppression';
import { PlanVersion } from './plan-version';
import { RULES_BY_CODE, runChecks } from '../rules/index';
import { isObject } from '../util/own';

/** A product, and an edition when one was asked for: what `--to PRODUCT[:EDITION]` names. */
export interface WhatIfTarget {
  product: Product;
  edition?: EditionId;
  /** The target as written back: `PRODUCT` or `PRODUCT:EDITION`. */
  id: string;
  /** In words: the product's name, with the edition's name in brackets when one was given. */
  label: string;
}

/** A target that names nothing in the catalog; the message says what is known instead. */
export class TargetError extends Error {}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Reads `PRODUCT[:EDITION]`; an unknown product or edition throws a TargetError that suggests the nearest. */
export function parseTarget(spec: string, catalog: Catalog = loadCatalog()): WhatIfTarget {
  const colon = spec.indexOf(':');
  const productId = colon === -1 ? spec : spec.slice(0, colon);
  const editionId = colon === -1 ? undefined : spec.slice(colon + 1);
  const product = catalog.product(productId);
  if (!product) {
    const suggestion = nearest(productId, catalog.productIds());
    throw new TargetError(
      `no product "${productId}" in the catalog${suggestion ? `; did you mean "${suggestion}"?` : '.'} Run "virtplan facts" for the list.`,
    );
  }
  if (editionId === undefined) return { product, id: product.id, label: product.name };
  const editions = product.editions?.editions ?? {};
  const known = Object.keys(editions);
  if (known.length === 0) {
    throw new TargetError(`${product.name} has no editions; write "--to ${product.id}" without ":${editionId}".`);
  }
  if (!hasOwn(editions, editionId)) {
    const suggestion = nearest(editionId, known);
    throw new TargetError(
      `${product.name} has no edition "${editionId}"${suggestion ? `; did you mean "${suggestion}"?` : ''} Its editions: ${known.join(', ')}.`,
    );
  }
  const edition = editions[editionId as EditionId]!;
  return { product, edition: edition.id, id: `${product.id}:${edition.id}`, label: `${product.name} (${edition.name})` };
}

/** A host the retargeting changes. */
export interface MovedHost {
  index: number;
  name?: string;
  /** The product it ran, when that was a string. */
  from?: string;
}

type Json = Record<string, unknown>;

/** Which hosts move, by name (when the host has a string one) and index. */
export type HostSelector = (name: string | undefined, index: number) => boolean;

/**
 * The plan value with the chosen hosts (every host when `hostNames` is undefined) running the
 * target product: the edition is the target's when it names one, the host's own when the
 * product has editions, and dropped when it has none. A product with editions on a host that
 * has none is left for the `edition-required` rule to report. The value passed in is not
 * changed: hosts are copied, everything else is shared.
 */
export function retarget(value: unknown, target: WhatIfTarget, select: HostSelector = () => true): { value: unknown; moved: MovedHost[] } {
  const moved: MovedHost[] = [];
  if (!isObject(value) || !Array.isArray(value.hosts)) return { value, moved };
  const hasEditions = !!target.product.editions;
  const hosts = value.hosts.map((host: unknown, index) => {
    if (!isObject(host)) return host;
    const name = typeof host.name === 'string' ? host.name : undefined;
    if (!select(name, index)) return host;
    const copy: Json = { ...host, product: target.product.id };
    if (target.edition) copy.edition = target.edition;
    else if (!hasEditions) delete copy.edition;
    if (copy.product === host.product && copy.edition === host.edition) return host;
    moved.push({ index, ...(name !== undefined ? { name } : {}), ...(typeof host.product === 'string' ? { from: host.product } : {}) });
    return copy;
  });
  return { value: { ...value, hosts }, moved };
}

export interface Comparison {
  fixed: PlanDiagnostic[];
  introduced: PlanDiagnostic[];
  kept: PlanDiagnostic[];
  /** Each kept diagnostic's counterpart before the change: its severity may differ. */
  keptFrom: Map<PlanDiagnostic, PlanDiagnostic>;
}

/**
 * Matches diagnostics by code and pointer, as multisets: a pair found n times before and m
 * times after counts max(n - m, 0) fixed, max(m - n, 0) introduced and min(n, m) kept. Messages
 * are not compared (they name the product, which is what changed); kept ones are shown as
 * they read after the change.
 */
export function compareDiagnostics(before: readonly PlanDiagnostic[], after: readonly PlanDiagnostic[]): Comparison {
  const key = (d: PlanDiagnostic) => `${d.code}\u0000${d.pointer}`;
  const left = new Map<string, PlanDiagnostic[]>();
  for (const d of before) {
    const list = left.get(key(d));
    if (list) list.push(d);
    else left.set(key(d), [d]);
  }
  const introduced: PlanDiagnostic[] = [];
  const kept: PlanDiagnostic[] = [];
  const keptFrom = new Map<PlanDiagnostic, PlanDiagnostic>();
  for (const d of after) {
    const list = left.get(key(d));
    if (list?.length) {
      keptFrom.set(d, list.shift()!);
      kept.push(d);
    } else introduced.push(d);
  }
  const fixed = before.filter((d) => {
    const list = left.get(key(d));
    return !!list && list.includes(d);
  });
  return { fixed, introduced, kept, keptFrom };
}

/** " (was information)" for a kept diagnostic whose severity the change altered, else "". */
export function severityChange(result: Comparison, d: PlanDiagnostic): string {
  const was = result.keptFrom.get(d);
  return was && was.severity !== d.severity ? ` (was ${was.severity})` : '';
}

/** A catalog migration path that applies to some of the moved hosts. */
export interface MigrationNote {
  from: string;
  fromName: string;
  hosts: string[];
  note: string;
  sources?: string[];
  confidence?: Confidence;
}

function migrationNotes(moved: MovedHost[], target: WhatIfTarget, catalog: Catalog): MigrationNote[] {
  const notes = new Map<string, MigrationNote>();
  for (const host of moved) {
    const from = host.from === undefined ? undefined : catalog.product(host.from);
    if (!from || from.id === target.product.id) continue;
    (from.migration?.paths ?? []).forEach((path, i) => {
      if (!path.to.includes(target.product.id)) return;
      const key = `${from.id}#${i}`;
      let note = notes.get(key);
      if (!note) {
        note = { from: from.id, fromName: from.name, hosts: [], note: path.note, ...(path.sources ? { sources: path.sources } : {}), ...(path.confidence ? { confidence: path.confidence } : {}) };
        notes.set(key, note);
      }
      note.hosts.push(host.name ?? `hosts[${host.index}]`);
    });
  }
  return [...notes.values()];
}

export interface WhatIfOptions {
  catalog?: Catalog;
  /** Host names to retarget; every host when absent. */
  hosts?: readonly string[];
  /** Host indexes to retarget, for a host whose name may be missing or shared. */
  hostIndexes?: readonly number[];
  /** The plan's diagnostics as they are, when already known (validated with the same options). */
  current?: readonly PlanDiagnostic[];
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** The reserve of clusters that give none (the configuration's policy.failoverReserve), as the plan's own check has it. */
  defaultReserve?: number;
  /** The text's duplicate keys, when already known (`findDuplicateKeys` of the plan as it is). */
  duplicateKeys?: readonly Finding[];
}

export interface WhatIfResult extends Comparison {
  target: WhatIfTarget;
  moved: MovedHost[];
  /** Names in `options.hosts` that no host of this plan has. */
  unmatched: string[];
  notes: MigrationNote[];
  /** Whether the retargeted plan has an error (the CLI's exit code 1). */
  hasError: boolean;
  /**
   * The plan value before and after: what the capacity model reads to show each moved host's
   * capacity change (server/src/model/capacity.ts, `capacityOf`).
   */
  before: unknown;
  after: unknown;
}

/**
 * Checks a plan as if the chosen hosts ran the target product. The retargeted value is checked
 * against the original text, so every diagnostic is located in the file as it is on disk (a
 * pointer that the change adds, such as a new `edition`, falls back to its host, as a missing
 * property does).
 */
export function whatIf(parsed: ParsedPlan, target: WhatIfTarget, options: WhatIfOptions = {}): WhatIfResult {
  const catalog = options.catalog ?? loadCatalog();
  const validateOptions = { catalog, ...(options.severities ? { severities: options.severities } : {}), ...(options.defaultReserve !== undefined ? { defaultReserve: options.defaultReserve } : {}) };
  const names = options.hosts ? new Set(options.hosts) : undefined;
  const indexes = options.hostIndexes ? new Set(options.hostIndexes) : undefined;
  const matched = new Set<string>();
  const { value, moved } = retarget(parsed.value, target, (name, index) => {
    if (indexes && !indexes.has(index)) return false;
    if (!names) return true;
    if (name === undefined || !names.has(name)) return false;
    matched.add(name);
    return true;
  });
  // The retargeted value is checked against the same text, whose duplicate keys are those of
  // the value it came from; the value's own property count no longer matches the text's,
  // which would make the check look for them again. Found once, for both checks.
  const duplicateKeys = options.duplicateKeys ?? (moved.length || !options.current ? findDuplicateKeys(parsed) : []);
  const before = options.current ?? validatePlan(parsed, { ...validateOptions, duplicateKeys });
  const after = moved.length ? validatePlan({ ...parsed, value }, { ...validateOptions, duplicateKeys }) : before;
  return {
    ...compareDiagnostics(before, after),
    target,
    moved,
    unmatched: names ? [...names].filter((n) => !matched.has(n)) : [],
    notes: migrationNotes(moved, target, catalog),
    hasError: after.some((d) => d.severity === 'error'),
    before: parsed.value,
    after: value,
  };
}

/** What a retargeting changes, in numbers: all a retarget code action shows and ranks by. */
export interface WhatIfCounts {
  target: WhatIfTarget;
  fixed: number;
  introduced: number;
  /** How many of the introduced are errors. */
  introducedErrors: number;
}

/** The diagnostics a check would give, as code, pointer and severity, in the check's order within each code and pointer. */
const SILENCED = 'silenced';
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

/**
 * The part of a plan the product of the chosen hosts can change: the chosen hosts, the hosts
 * they share a cluster with (by name, as the model links them), those clusters and the VMs of
 * all those hosts, each list in the plan's order. Every rule looks at one host, VM or cluster
 * and what it runs on or holds, so the findings about what is left out are the same whatever
 * the chosen hosts run, and drop out of a comparison of before and after.
 */
function neighbourhood(value: unknown, select: HostSelector): Neighbourhood | undefined {
  if (!isObject(value) || !Array.isArray(value.hosts) || !Array.isArray(value.vms)) return undefined;
  const names = new Set<string>();
  value.hosts.forEach((host: unknown, index) => {
    if (isObject(host) && typeof host.name === 'string' && select(host.name, index)) names.add(host.name);
  });
  const clusters = Array.isArray(value.clusters) ? value.clusters : [];
  const nodesOf = clusters.map((cluster: unknown) => (isObject(cluster) && Array.isArray(cluster.nodes) ? cluster.nodes.filter((n): n is string => typeof n === 'string') : []));
  // The hosts that share a cluster with a chosen one, and theirs in turn: a failover reads them all.
  for (let grew = true; grew; ) {
    grew = false;
    for (const nodes of nodesOf) {
      if (!nodes.some((n) => names.has(n))) continue;
      for (const n of nodes) {
        if (names.has(n)) continue;
        names.add(n);
        grew = true;
      }
    }
  }
  const hosts = new Set<number>();
  value.hosts.forEach((host: unknown, index) => {
    const name = isObject(host) && typeof host.name === 'string' ? host.name : undefined;
    if ((name !== undefined && names.has(name)) || select(name, index)) hosts.add(index);
  });
  const touched = new Set<number>();
  nodesOf.forEach((nodes, index) => nodes.some((n) => names.has(n)) && touched.add(index));
  const vms = new Set<number>();
  value.vms.forEach((vm: unknown, index) => isObject(vm) && typeof vm.host === 'string' && names.has(vm.host) && vms.add(index));
  // The chosen hosts as numbered in the part.
  const chosen = new Set<number>();
  const all: unknown[] = value.hosts;
  [...hosts].forEach((index, at) => {
    const host = all[index];
    if (select(isObject(host) && typeof host.name === 'string' ? host.name : undefined, index)) chosen.add(at);
  });
  return {
    value: {
      ...value,
      hosts: value.hosts.filter((_host: unknown, index) => hosts.has(index)),
      vms: value.vms.filter((_vm: unknown, index) => vms.has(index)),
      ...(Array.isArray(value.clusters) ? { clusters: value.clusters.filter((_cluster: unknown, index) => touched.has(index)) } : {}),
    },
    select: (_name, index) => chosen.has(index),
    // Its hosts, VMs and clusters are all the part holds; the rest are the plan's own.
    inside: (pointer: string) => ['hosts', 'vms', 'clusters'].includes(pointer.split('/', 2)[1]),
    insideWhole: (pointer: string) => {
      const [, list, at] = pointer.split('/', 3);
      const index = Number(at);
      return list === 'vms' ? vms.has(index) : list === 'hosts' ? hosts.has(index) : list === 'clusters' && touched.has(index);
    },
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
  const found = neighbourhood(parsed.value, select);
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
        : collectFindings(parsed, catalog, reserve, code === 'schema' ? (options.duplicateKeys ?? findDuplicateKeys(parsed)) : []);
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
      const duplicateKeys = options.duplicateKeys ?? findDuplicateKeys(parsed);
      return (whole = { keyed: keyedDiagnostics(parsed, parsed.value, catalog, options, duplicateKeys), duplicateKeys });
    },
  };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Moving 4 hosts to Hyper-V on Windows Server 2008 R2 fixes 6 problems and introduces 1." */
export function summarize(result: WhatIfResult): string {
  const { fixed, introduced, kept, moved, target } = result;
  if (moved.length === 0) return `No host changes: every host chosen already runs ${target.label}. ${count(kept.length, 'problem stays', 'problems stay')}.`;
  const errors = introduced.filter((d) => d.severity === 'error').length;
  return (
    `Moving ${count(moved.length, 'host', 'hosts')} to ${target.label} fixes ${count(fixed.length, 'problem', 'problems')} and introduces ${introduced.length}` +
    (errors ? ` (${count(errors, 'error', 'errors')})` : '') +
    `; ${kept.length} ${kept.length === 1 ? 'stays' : 'stay'}.`
  );
}

/**
 * The per-host capacity change (vCPUs per logical processor, VMs of the limit, licences) as
 * text lines, from `result.before` and `result.after`. It is the capacity model's to give
 * (server/src/model/capacity.ts, `capacityOf`); the text output has its place ready.
 */
export type CapacityChange = (result: WhatIfResult) => string[];
