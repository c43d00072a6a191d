import type { Catalog } from '../catalog/catalog';
import { loadCatalog } from '../catalog/catalog';
import type { Confidence, EditionId, Product } from '../catalog/types';
import { nearest } from '../util/nearest';
import type { Finding } from '../rules/finding';
import type { PlanDiagnostic } from './diagnostic';
import type { ParsedPlan } from '../json/parse';
import { findDuplicateKeys } from './schema';
import { placeInSameText, validateAndPlace, validatePlan, type SeveritySetting } from './validate';
import { isObject } from '../util/own';
import { PlanVersion } from './plan-version';
import { checkPart } from './whatif-part';

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
    throw new TargetError(`${product.name} has no editions; name "${product.id}" without ":${editionId}".`);
  }
  if (editionId === '') throw new TargetError(`write an edition of ${product.name} after "${product.id}:", or leave out the colon. Its editions: ${known.join(', ')}.`);
  if (!Object.hasOwn(editions, editionId)) {
    const suggestion = nearest(editionId, known);
    throw new TargetError(
      `${product.name} has no edition "${editionId}"${suggestion ? `; did you mean "${suggestion}"?` : '.'} Its editions: ${known.join(', ')}.`,
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

/**
 * The hosts some VM of the plan runs on, by index: a note on moving VMs concerns only those. A
 * VM runs on the first host of the name it gives, as the model links them: of two hosts of one
 * name, the second holds none.
 */
function hostsWithVms(plan: unknown): Set<number> {
  const named = new Set<string>();
  const indexes = new Set<number>();
  if (!isObject(plan) || !Array.isArray(plan.vms) || !Array.isArray(plan.hosts)) return indexes;
  for (const vm of plan.vms) if (isObject(vm) && typeof vm.host === 'string') named.add(vm.host);
  const seen = new Set<string>();
  plan.hosts.forEach((host: unknown, index) => {
    if (!isObject(host) || typeof host.name !== 'string' || seen.has(host.name)) return;
    seen.add(host.name);
    if (named.has(host.name)) indexes.add(index);
  });
  return indexes;
}

function migrationNotes(plan: unknown, moved: MovedHost[], target: WhatIfTarget, catalog: Catalog): MigrationNote[] {
  const notes = new Map<string, MigrationNote>();
  const withVms = moved.length ? hostsWithVms(plan) : new Set<number>();
  for (const host of moved) {
    const from = host.from === undefined ? undefined : catalog.product(host.from);
    if (!from || from.id === target.product.id || host.name === undefined || !withVms.has(host.index)) continue;
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
  /** How many hosts were chosen to move, those already on the target too. */
  chosen: number;
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
  let chosen = 0;
  const { value, moved } = retarget(parsed.value, target, (name, index) => {
    if (indexes && !indexes.has(index)) return false;
    if (names && (name === undefined || !names.has(name))) return false;
    if (name !== undefined) matched.add(name);
    chosen++;
    return true;
  });
  // The retargeted value is checked against the same text, whose duplicate keys are those of
  // the value it came from; the value's own property count no longer matches the text's,
  // which would make the check look for them again. Found once, for both checks.
  // The plan as it is is checked as a version, whose diagnostics an editor has usually asked for
  // already; the retargeted value is placed against the text the plan was read from.
  const version = PlanVersion.of(parsed, catalog);
  const duplicateKeys = options.duplicateKeys ?? (moved.length || !options.current ? findDuplicateKeys(version) : []);
  // What the change cannot reach is taken from the plan as it is; the rest is checked again,
  // and placed in the same walk over the text as the plan's own diagnostics (read from the
  // items they are about) where those are not known yet.
  const part = moved.length ? checkPart(version, value, new Set(moved.map((host) => host.index)), duplicateKeys, validateOptions) : undefined;
  const beforeOptions = { ...validateOptions, ...(options.duplicateKeys ? { duplicateKeys } : {}) };
  let before: readonly PlanDiagnostic[];
  let placed: readonly PlanDiagnostic[] | undefined;
  if (options.current) {
    before = options.current;
    placed = part && placeInSameText(version, part.span(part.findings));
  } else if (part) {
    ({ diagnostics: before, placed } = validateAndPlace(version, beforeOptions, part.findings, part.span));
  } else {
    before = validatePlan(version, beforeOptions);
  }
  // The whole retargeted plan is checked where its neighbourhood cannot vouch for the answer.
  const after = !moved.length
    ? before
    : ((part && placed && part.merge(before, placed)) ?? validatePlan({ ...parsed, value }, { ...validateOptions, duplicateKeys, sameTextAs: version }));
  return {
    ...compareDiagnostics(before, after),
    target,
    moved,
    chosen,
    unmatched: names ? [...names].filter((n) => !matched.has(n)) : [],
    notes: migrationNotes(parsed.value, moved, target, catalog),
    hasError: after.some((d) => d.severity === 'error'),
    before: parsed.value,
    after: value,
  };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Moving 4 hosts to Hyper-V on Windows Server 2008 R2 fixes 6 problems and introduces 1." */
export function summarize(result: WhatIfResult): string {
  const { fixed, introduced, kept, moved, target } = result;
  if (moved.length === 0) {
    const why =
      result.chosen > 0
        ? `every host chosen already runs ${target.label}`
        : result.unmatched.length > 0
          ? `no host of this plan is named ${result.unmatched.map((n) => `"${n}"`).join(' or ')}`
          : 'the plan has no host to move';
    return `No host changes: ${why}. ${count(kept.length, 'problem stays', 'problems stay')}.`;
  }
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
