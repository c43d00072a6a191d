import type { Catalog } from '../catalog/catalog';
import type { Finding } from '../rules/finding';
import { schemaRule, suppressionUnusedRule } from '../rules/file';
import { RULES, RULES_BY_CODE, runChecks } from '../rules/index';
import type { PlanModel } from '../model/plan';
import { resolvePointer } from '../json/pointer';
import { isObject } from '../util/own';
import type { PlanDiagnostic } from './diagnostic';
import type { PlanVersion } from './plan-version';
import { validateSchema } from './schema';
import { Suppressions } from './suppression';
import { placeInSameText, type SeveritySetting } from './validate';
import type { HostSelector } from './whatif';
import { spanInItems } from './whatif-places';
import { withRetargetedPart } from './whatif-model';

const SLASH = '/'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);
const V = 'v'.charCodeAt(0);
const H = 'h'.charCodeAt(0);

/**
 * The part of a plan the product of the chosen hosts can change: the chosen hosts, the hosts
 * they share a cluster with (by name, as the model links them), those clusters and the VMs of
 * all those hosts, by their indexes in the plan. Every rule about products looks at one host,
 * VM or cluster and what it runs on or holds, so the findings about what is left out are the
 * same whatever the chosen hosts run. Undefined for a plan without lists of hosts and VMs.
 */
export function neighbourhoodOf(value: unknown, select: HostSelector): PlanPart | undefined {
  if (!isObject(value) || !Array.isArray(value.hosts) || !Array.isArray(value.vms)) return undefined;
  const names = new Set<string>();
  value.hosts.forEach((host: unknown, index) => {
    if (isObject(host) && typeof host.name === 'string' && select(host.name, index)) names.add(host.name);
  });
  const clusters = Array.isArray(value.clusters) ? value.clusters : [];
  const nodesOf = clusters.map((cluster: unknown) => (isObject(cluster) && Array.isArray(cluster.nodes) ? cluster.nodes.filter((n): n is string => typeof n === 'string') : []));
  // The hosts that share a cluster with a chosen one, and theirs in turn: a failover reads them
  // all. Each cluster is joined once, from the first of its nodes reached: a pass over every
  // cluster until none adds a host would make as many passes as a chain of clusters is long.
  const clustersOf = new Map<string, number[]>();
  nodesOf.forEach((nodes, index) => {
    for (const n of nodes) {
      const having = clustersOf.get(n);
      if (having) having.push(index);
      else clustersOf.set(n, [index]);
    }
  });
  const joined = new Uint8Array(nodesOf.length);
  const reached = [...names];
  while (reached.length > 0) {
    for (const index of clustersOf.get(reached.pop()!) ?? []) {
      if (joined[index]) continue;
      joined[index] = 1;
      for (const n of nodesOf[index]) {
        if (names.has(n)) continue;
        names.add(n);
        reached.push(n);
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
  return {
    hosts,
    vms,
    clusters: touched,
    inside: (pointer: string) => {
      const first = pointer.charCodeAt(1);
      const list = first === V ? 'vms' : first === H ? 'hosts' : 'clusters';
      const index = itemIndex(pointer, list);
      return index >= 0 && (list === 'vms' ? vms : list === 'hosts' ? hosts : touched).has(index);
    },
  };
}

/** The index of the item of `list` a pointer is in (`/vms/3/disks/0` is in VM 3), or -1; read without splitting, as it is asked of every finding. */
function itemIndex(pointer: string, list: string): number {
  const start = list.length + 2;
  if (pointer.charCodeAt(0) !== SLASH || !pointer.startsWith(list, 1) || pointer.charCodeAt(start - 1) !== SLASH) return -1;
  let index = 0;
  let i = start;
  for (; i < pointer.length; i++) {
    const digit = pointer.charCodeAt(i) - ZERO;
    if (digit === SLASH - ZERO) break;
    if (digit < 0 || digit > 9) return -1;
    index = index * 10 + digit;
  }
  // An index as written for an item: digits, no leading zero.
  return i === start || (i > start + 1 && pointer.charCodeAt(start) === ZERO) ? -1 : index;
}

/** A plan's hosts, VMs and clusters that a retargeting can reach, by index. */
export interface PlanPart {
  hosts: ReadonlySet<number>;
  vms: ReadonlySet<number>;
  clusters: ReadonlySet<number>;
  /** Whether a pointer into the plan is about one of them. */
  inside: (pointer: string) => boolean;
}

/**
 * The rules that read every item's name and no product: what they find is the same whatever
 * the hosts run, though each finding may depend on items far from the one it is about.
 */
const NAME_RULES: ReadonlySet<string> = new Set(['duplicate-name', 'unknown-host', 'unknown-cluster-node']);

/** The rules whose findings a product can change, each about one host, VM or cluster and what it runs on or holds. */
const PRODUCT_RULES = RULES.filter((rule) => (rule.check || rule.checkEachVm) && !NAME_RULES.has(rule.code));
const PRODUCT_CODES: ReadonlySet<string> = new Set(PRODUCT_RULES.map((rule) => rule.code));
/**
 * Of those, the rules that read one VM at a time and what it runs on (its host and the host's
 * clusters): their findings change only on the VMs of the moved hosts, not on every VM of the
 * neighbourhood. The others read hosts and clusters, and the VMs they hold.
 */
const VM_RULES = PRODUCT_RULES.filter((rule) => rule.checkEachVm && !rule.check);
const VM_CODES: ReadonlySet<string> = new Set(VM_RULES.map((rule) => rule.code));
const HOST_RULES = PRODUCT_RULES.filter((rule) => !VM_CODES.has(rule.code));

export interface PartOptions {
  catalog: Catalog;
  severities?: Readonly<Record<string, SeveritySetting>>;
  defaultReserve?: number;
}

/** Code-unit order of codes, as the check sorts them. */
const byPlace = (a: PlanDiagnostic, b: PlanDiagnostic) => a.offset - b.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * The retargeted plan checked again where the change can reach it (see `checkPart`): the
 * findings to place against the plan's text, and how the diagnostics they give are merged
 * with the plan's own.
 */
export interface PartCheck {
  /** Found again, those a `suppress` entry silences left out, then the hints about entries whose use may have changed. */
  findings: Finding[];
  /**
   * Findings of the plan's text with their spans where they can be read from the items they
   * are about (`spanInItems`): these, and the plan's own when they are placed in the same walk.
   */
  span(findings: Finding[]): Finding[];
  /**
   * The retargeted plan's diagnostics, from the plan's own (`before`, checked with the same
   * options) and `findings` placed against the same text (`placed`, in their order).
   * Undefined where one kept and one found again share a place and a code: which comes first
   * would follow the order of the check.
   */
  merge(before: readonly PlanDiagnostic[], placed: readonly PlanDiagnostic[]): PlanDiagnostic[] | undefined;
}

/**
 * The diagnostics of `after` (the value of `version` with the hosts at `moved` retargeted)
 * checked against `version`'s text, as `validatePlan` gives them with `sameTextAs: version`,
 * from the plan's own diagnostics and a check of the moved hosts' neighbourhood only (see
 * `neighbourhoodOf`). Of the plan's diagnostics, those the change cannot reach are kept as
 * they are, placed already: the findings of the rules about products beyond the
 * neighbourhood (and of those about one VM, beyond the moved hosts' VMs), the schema's beyond
 * the moved hosts, the name rules' everywhere, and the
 * hints of `suppress` entries whose use cannot change. The rest is found again in the
 * neighbourhood. Undefined where that cannot be vouched for (a syntax error, a
 * `virtplan-disable-next-line` comment, a plan-wide entry silencing the schema); the caller
 * then checks the whole plan.
 */
export function checkPart(version: PlanVersion, after: unknown, moved: ReadonlySet<number>, duplicateKeys: readonly Finding[], options: PartOptions): PartCheck | undefined {
  if (version.syntaxErrors.length || !isObject(after) || !Array.isArray(after.hosts)) return undefined;
  const part = neighbourhoodOf(after, (_name, index) => moved.has(index));
  if (!part) return undefined;
  // The retargeting changes no `suppress` list: the plan's own are the retargeted plan's.
  const suppressions = new Suppressions(version);
  if (suppressions.hasComments) return undefined;
  const underMoved = (pointer: string) => moved.has(itemIndex(pointer, 'hosts'));
  const model = version.model;
  if (!model) return undefined;
  // The VMs of the moved hosts (as the model links a VM to the first host of its name): those
  // whose findings by the rules of one VM can change.
  const movedVms = new Set<number>();
  for (const vm of model.vms) if (vm.host !== undefined && moved.has(vm.host.index)) movedVms.add(vm.index);
  /** Whether the change can reach a finding of `code` at `pointer`. */
  const reaches = (code: string, pointer: string) => (VM_CODES.has(code) ? movedVms.has(itemIndex(pointer, 'vms')) : part.inside(pointer));

  // The `suppress` entries whose use the change can alter: hints about the others stay as they are.
  const recomputed = new Set<string>();
  const planWide: string[] = [];
  for (const pointer of suppressions.entryPointers()) {
    const code = resolvePointer(after, pointer);
    const scope = pointer.slice(0, pointer.lastIndexOf('/suppress/'));
    if (typeof code !== 'string') return undefined;
    if (scope === '') {
      // What a plan-wide entry silences beyond the neighbourhood is silent in the plan's diagnostics.
      if (code === schemaRule.code) return undefined;
      if (PRODUCT_CODES.has(code)) {
        recomputed.add(pointer);
        planWide.push(code);
      }
    } else if ((PRODUCT_CODES.has(code) && reaches(code, scope)) || (code === schemaRule.code && underMoved(scope))) {
      recomputed.add(pointer);
    }
  }

  // Found again: the schema's findings on the moved hosts (the text's duplicate keys first, as
  // a check lists them), then the product rules' on the neighbourhood, each in the check's order.
  const found: Finding[] = duplicateKeys.filter((finding) => underMoved(finding.pointer));
  // Each host is checked against the schema on its own: only the hosts are read.
  for (const finding of validateSchema({ hosts: after.hosts }, options.catalog.planSchema)) if (underMoved(finding.pointer)) found.push(finding);
  const reserve = options.defaultReserve ?? 1;
  const check = (model: PlanModel) => {
    const vms = model.vms.filter((vm) => movedVms.has(vm.index));
    for (const finding of runChecks({ ...model, vms }, { defaultReserve: reserve }, VM_RULES)) {
      if (!movedVms.has(itemIndex(finding.pointer, 'vms'))) return false;
      found.push(finding);
    }
    for (const finding of runChecks(model, { defaultReserve: reserve }, HOST_RULES)) {
      if (!part.inside(finding.pointer)) return false;
      found.push(finding);
    }
    return true;
  };
  // The plan's own model, its moved hosts retargeted while the rules run.
  if (!withRetargetedPart(model, after.hosts, moved, part, version.catalog, check)) return undefined;
  const findings = found.filter((finding) => !suppressions.silencesByPointer(finding));
  // A plan-wide entry is used when its code is found anywhere: beyond the neighbourhood, the plan's own findings say.
  for (const code of planWide) {
    for (const finding of runChecks(model, { defaultReserve: reserve }, [RULES_BY_CODE.get(code)!], () => version.capacity(reserve))) {
      if (!reaches(code, finding.pointer)) suppressions.silencesByPointer(finding);
    }
  }
  for (const hint of suppressions.unused()) if (recomputed.has(hint.pointer)) findings.push(hint);

  const stays = (d: PlanDiagnostic) =>
    d.code === suppressionUnusedRule.code ? !recomputed.has(d.pointer) : d.code === schemaRule.code ? !underMoved(d.pointer) : !PRODUCT_CODES.has(d.code) || !reaches(d.code, d.pointer);
  return {
    findings,
    span: (list) => spanInItems(version, list, duplicateKeys.length === 0),
    merge: (before, placed) => {
      const fresh: PlanDiagnostic[] = [];
      for (const diagnostic of placed) {
        const setting = options.severities?.[diagnostic.code];
        if (setting === 'off') continue;
        fresh.push(setting ? { ...diagnostic, severity: setting } : diagnostic);
      }
      fresh.sort(byPlace);
      // Both lists in the check's order, merged.
      const merged: PlanDiagnostic[] = [];
      let i = 0;
      for (const d of before) {
        if (!stays(d)) continue;
        while (i < fresh.length && byPlace(fresh[i], d) < 0) merged.push(fresh[i++]);
        if (i < fresh.length && byPlace(fresh[i], d) === 0) return undefined;
        merged.push(d);
      }
      while (i < fresh.length) merged.push(fresh[i++]);
      return merged;
    },
  };
}

/** `checkPart` with its findings placed on their own and merged with `before`: undefined where the whole plan must be checked. */
export function partDiagnostics(
  version: PlanVersion,
  after: unknown,
  moved: ReadonlySet<number>,
  before: readonly PlanDiagnostic[],
  duplicateKeys: readonly Finding[],
  options: PartOptions,
): PlanDiagnostic[] | undefined {
  const part = checkPart(version, after, moved, duplicateKeys, options);
  return part?.merge(before, placeInSameText(version, part.span(part.findings)));
}
