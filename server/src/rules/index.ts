import { capacityOf, type CapacityModel, type CapacityOptions } from '../model/capacity';
import type { PlanModel, VmModel } from '../model/plan';
import { shapeOf } from '../json/cursor';
import { capacityRules } from './capacity';
import { clusterRules } from './clusters';
import { deviceRules } from './devices';
import { editionRules } from './editions';
import { failoverRules } from './failover';
import { featureRules } from './features';
import { checkingRules, structureRules } from './file';
import type { Finding } from './finding';
import { hardwareRules } from './hardware';
import { licensingRules } from './licensing';
import { migrationRules } from './migration';
import { namesRules } from './names';
import type { CheckContext, ClusterPlace, HostPlace, ReportOptions, Rule } from './rule';
import { storageRules } from './storage';
import { vmRules } from './vm';
import { RULES_PER_STEP, VMS_PER_STEP } from '../util/steps';

/**
 * Every code virtplan reports, each with all that belongs to it: the one list settings,
 * docs, SARIF, completion and the configuration's codes are made from or tested against.
 * The order is the order of docs/rules.md; codes are never renamed.
 */
export const RULES: readonly Rule[] = [
  ...structureRules,
  ...namesRules,
  ...editionRules,
  ...hardwareRules,
  ...capacityRules,
  ...featureRules,
  ...vmRules,
  ...migrationRules,
  ...clusterRules,
  ...deviceRules,
  ...licensingRules,
  ...storageRules,
  ...failoverRules,
  ...checkingRules,
];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.code, rule]));

/** A check's view of the plan, its report speaking with the rule's code and default severity into the rule's own findings. */
class RuleRun implements CheckContext {
  readonly findings: Finding[] = [];

  constructor(
    readonly rule: Rule,
    readonly model: PlanModel,
    private readonly shared: () => CapacityModel,
  ) {}

  get capacity(): CapacityModel {
    return this.shared();
  }

  report(pointer: string, message: string, options: ReportOptions = {}): void {
    this.findings.push({
      code: this.rule.code,
      severity: options.severity ?? this.rule.severity,
      message,
      pointer,
      ...(options.target ? { target: options.target } : {}),
      ...(options.data ? { data: options.data } : {}),
    });
  }
}

/** Runs a check's steps at once. */
export function allAtOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** The VMs from `from` to `to`, each through every VM check; a loop of its own, since a generator's loops stay unoptimised. */
function checkVms(vms: readonly VmModel[], from: number, to: number, checks: ReadonlyArray<(vm: VmModel) => void>): void {
  for (let i = from; i < to; i++) {
    const vm = vms[i];
    for (let k = 0; k < checks.length; k++) checks[k](vm);
  }
}

/** What the rules' checks find in the model, rule by rule in the list's order. */
export function runChecks(
  model: PlanModel,
  capacityOptions?: CapacityOptions,
  rules: readonly Rule[] = RULES,
  /** The document version's own capacity, so the editor's views read the one the checks read. */
  versionCapacity?: () => CapacityModel | undefined,
): Finding[] {
  return allAtOnce(checkSteps(model, capacityOptions, rules, versionCapacity));
}

/**
 * `runChecks` in steps, pausing (yielding) between groups of rules and of VMs, so that a
 * server can answer requests in between. The rules' VM checks run in one pass over the VMs;
 * each rule reports into its own list, so the findings come rule by rule in the list's order
 * whichever way they were found.
 */
export function* checkSteps(
  model: PlanModel,
  capacityOptions?: CapacityOptions,
  rules: readonly Rule[] = RULES,
  versionCapacity?: () => CapacityModel | undefined,
): Generator<void, Finding[]> {
  let built: CapacityModel | undefined;
  const capacity = () => (built ??= versionCapacity?.() ?? capacityOf(model, capacityOptions));
  const runs = rules.map((rule) => new RuleRun(rule, model, capacity));
  const vmChecks: Array<(vm: VmModel) => void> = [];
  for (const run of runs) {
    const made = run.rule.checkEachVm?.(run);
    if (made) vmChecks.push(made);
  }
  if (vmChecks.length) {
    for (let from = 0; from < model.vms.length; from += VMS_PER_STEP) {
      if (from > 0) yield;
      checkVms(model.vms, from, Math.min(from + VMS_PER_STEP, model.vms.length), vmChecks);
    }
  }
  let sinceYield = 0;
  for (const run of runs) {
    if (!run.rule.check) continue;
    if (sinceYield++ === RULES_PER_STEP) {
      yield;
      sinceYield = 1;
    }
    run.rule.check(run);
  }
  const findings: Finding[] = [];
  for (const run of runs) for (const finding of run.findings) findings.push(finding);
  return findings;
}

/** Each property shape's hover lines from every rule that governs it, in the rules' order. */
function explainedBy<P>(isFor: (shape: string) => boolean): ReadonlyMap<string, ReadonlyArray<(place: P) => string[]>> {
  const byShape = new Map<string, Array<(place: P) => string[]>>();
  for (const rule of RULES) {
    for (const [shape, explain] of Object.entries(rule.explain ?? {})) {
      // The index signatures of Explanations give `clusters.` shapes a ClusterPlace, the others a HostPlace.
      if (isFor(shape)) byShape.set(shape, [...(byShape.get(shape) ?? []), explain as (place: P) => string[]]);
    }
  }
  return byShape;
}

const HOST_EXPLAINED = explainedBy<HostPlace>((shape) => !shape.startsWith('clusters.'));
const CLUSTER_EXPLAINED = explainedBy<ClusterPlace>((shape) => shape.startsWith('clusters.'));

/**
 * The lines explaining the limits that apply to the property at `path`, for its host's
 * product, or for the hosts of its cluster. `planText` renders plan strings for where the
 * lines are shown.
 */
export function limitsFor(path: ReadonlyArray<string | number>, model: PlanModel, planText: (value: unknown) => string): string[] {
  const shape = shapeOf(path);
  const clusterExplains = CLUSTER_EXPLAINED.get(shape);
  if (clusterExplains) {
    const place: ClusterPlace = { cluster: model.clusters.find((c) => c.index === path[1]), planText };
    return clusterExplains.flatMap((explain) => explain(place));
  }
  const explains = HOST_EXPLAINED.get(shape);
  if (!explains || typeof path[1] !== 'number') return [];
  const vm = path[0] === 'vms' ? model.vms.find((v) => v.index === path[1]) : undefined;
  const host = path[0] === 'hosts' ? model.hosts.find((h) => h.index === path[1]) : vm?.host;
  if (!host) return [];
  const place: HostPlace = { host, vm, catalog: model.catalog, planText };
  return explains.flatMap((explain) => explain(place));
}
