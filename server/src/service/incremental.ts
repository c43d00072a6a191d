import { carryCounts } from '../json/counts';
import { carryPlaces } from '../json/locate';
import { failoverOf, hostCapacityOf, type CapacityModel, type ClusterCapacity, type HostCapacity } from '../model/capacity';
import { VmModel, type HostModel, type PlanModel } from '../model/plan';
import type { Finding } from '../rules/finding';
import { allAtOnce, checkSteps, RULES } from '../rules/index';
import type { Rule } from '../rules/rule';
import type { PlanVersion } from './plan-version';
import { validateSchema } from './schema';
import { ruleFindingsKey, SCHEMA_FINDINGS } from './validate';

/**
 * The check of a version read from the one before by retyping one value (json/reparse.ts),
 * started from that version's check instead of from nothing. The text differs in one token, so
 * the places and positions the earlier check found hold, moved by the edit. When the value is
 * inside one VM, the findings of every other VM hold too: the VM is read again into the model
 * (handed on from the earlier version, not built again), the schema and the VM checks look at
 * it alone, its hosts' totals and their clusters' failover are counted again, and the rules
 * about the whole plan run again on the model. What is taken over is exactly what a check of
 * the new text would find again; the property test in test/robustness/incremental.test.ts
 * holds the result to a fresh check of each version.
 */

/**
 * VM checks whose finding for one VM depends on the VMs checked before it (suggestions stop
 * after a budget). A VM they report nothing on leaves them as they were, so while the edited
 * VM gives them nothing to report, before and after, their findings stand; otherwise they run
 * over every VM again. Every other VM check's findings for a VM depend on that VM, its host
 * and the catalog alone (test/service/incremental.test.ts holds each rule to it).
 */
export const ACROSS_VMS: ReadonlySet<string> = new Set(['unknown-host']);

const VM_RULES = RULES.filter((rule) => rule.checkEachVm && !rule.check);
/** The rules whose findings for one VM are found from that VM alone. */
export const ONE_VM_RULES = VM_RULES.filter((rule) => !ACROSS_VMS.has(rule.code));
const ONE_VM = new Set(ONE_VM_RULES);
const ACROSS_VM_RULES = VM_RULES.filter((rule) => ACROSS_VMS.has(rule.code));
/** The rules that run again over the whole plan. */
const WHOLE_PLAN_RULES = RULES.filter((rule) => (rule.check || rule.checkEachVm) && !VM_RULES.includes(rule));

/** The VM a pointer is in (`/vms/3`, `/vms/3/disks/0`), or -1. */
export function vmIndexOf(pointer: string): number {
  if (!pointer.startsWith('/vms/')) return -1;
  const end = pointer.indexOf('/', 5);
  const segment = pointer.slice(5, end < 0 ? undefined : end);
  return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : -1;
}

/** `findings` with those of VM `k` taken out and `added` (all of VM `k`) put where VM `k` stands among the others. */
function replaceVm(findings: readonly Finding[], k: number, added: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  let placed = added.length === 0;
  let lastVm = -1;
  for (const finding of findings) {
    const vm = vmIndexOf(finding.pointer);
    if (vm === k) continue;
    if (!placed && vm > k) {
      out.push(...added);
      placed = true;
    }
    out.push(finding);
    if (vm >= 0) lastVm = out.length;
  }
  if (!placed) out.splice(lastVm >= 0 ? lastVm : out.length, 0, ...added);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The schema's findings for VM `k` alone, from a plan holding only that VM. Its messages name
 * the VM by its name, so only a VM with a name gives what the whole plan's check says of it
 * (one without is called by its number); for others, undefined.
 */
function schemaOfVm(value: Record<string, unknown>, vm: Record<string, unknown>, k: number, schema: object): Finding[] | undefined {
  if (typeof vm.name !== 'string' || vm.name === '') return undefined;
  const alone = { ...value, hosts: [], clusters: [], vms: [vm] };
  const found: Finding[] = [];
  for (const finding of validateSchema(alone, schema)) {
    if (vmIndexOf(finding.pointer) !== 0) continue;
    found.push({ ...finding, pointer: `/vms/${k}${finding.pointer.slice('/vms/0'.length)}` });
  }
  return found;
}

/** The position of VM `k` in the model's list of VMs (those that are objects), or -1. */
function modelPosition(vms: readonly VmModel[], k: number): number {
  let low = 0;
  let high = vms.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (vms[mid].index === k) return mid;
    if (vms[mid].index < k) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** VM `k` read again into the model: replaced in the list and on its host. Returns the hosts whose VMs changed. */
function rereadVm(model: PlanModel, position: number, raw: Record<string, unknown>): HostModel[] {
  const old = model.vms[position];
  const vm = new VmModel(old.index, raw, model);
  model.vms[position] = vm;
  if (old.host === vm.host) {
    if (!old.host) return [];
    old.host.vms[old.host.vms.indexOf(old)] = vm;
    return [old.host];
  }
  const touched: HostModel[] = [];
  if (old.host) {
    old.host.vms.splice(old.host.vms.indexOf(old), 1);
    touched.push(old.host);
  }
  if (vm.host) {
    const list = vm.host.vms;
    let at = list.length;
    while (at > 0 && list[at - 1].index > vm.index) at--;
    list.splice(at, 0, vm);
    touched.push(vm.host);
  }
  return touched;
}

/** The capacity after the VMs of `touched` changed: their totals, and the failover of their clusters, counted again. */
function recount(model: PlanModel, before: CapacityModel, touched: readonly HostModel[], defaultReserve: number): CapacityModel {
  const hosts = before.hosts.slice();
  const touchedSet = new Set(touched);
  for (const host of touched) {
    const i = model.hosts.indexOf(host);
    hosts[i] = hostCapacityOf(host);
  }
  const clusters = model.clusters.map((cluster, i): ClusterCapacity => {
    const earlier = before.clusters[i];
    if (!cluster.nodes.some((node) => node.host && touchedSet.has(node.host))) return earlier;
    const capacities = new Map<HostModel, HostCapacity>();
    for (const node of cluster.nodes) if (node.host) capacities.set(node.host, hosts[model.hosts.indexOf(node.host)]);
    return { ...earlier, failover: failoverOf(cluster, cluster.reserve ?? defaultReserve, capacities) };
  });
  return { hosts, clusters };
}

function byCode(findings: readonly Finding[]): Map<string, Finding[]> {
  const grouped = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = grouped.get(finding.code);
    if (list) list.push(finding);
    else grouped.set(finding.code, [finding]);
  }
  return grouped;
}

/**
 * Before the check of `version`: when it was read from an earlier version by retyping one
 * value, what that version's check found is carried over (places and positions always; the
 * model, the capacity and the findings when the value is inside a VM and that check has run
 * with the same default reserve). The check then finds the rest as usual.
 */
export function startFromBefore(version: PlanVersion, defaultReserve: number): void {
  const from = version.takeReadFrom();
  if (!from) return;
  const { previous, offset, before, after, path } = from;
  carryPlaces(previous, version, offset, before, after);
  carryCounts(previous, version, offset, before, after);
  if (previous.lines !== version.lines) version.lines.carryPositions(previous.lines, offset, before, after);
  const k = path[1];
  if (path[0] !== 'vms' || typeof k !== 'number' || path.length < 3 || !(version.hasModel || previous.hasModel)) return;
  const schemaBefore = previous.kept<Finding[]>(SCHEMA_FINDINGS);
  const rulesBefore = previous.kept<Finding[]>(ruleFindingsKey(defaultReserve));
  const value = version.value;
  if (!schemaBefore || !rulesBefore || !isRecord(value) || !Array.isArray(value.vms) || !isRecord(value.vms[k])) return;
  const raw = value.vms[k] as Record<string, unknown>;
  const schemaOfK = schemaOfVm(value, raw, k, version.catalog.planSchema);
  if (!schemaOfK) return;
  // A request may have built the version's own model already; else the earlier one's is handed on.
  const built = version.hasModel;
  const position = modelPosition((built ? version.model : previous.model)?.vms ?? [], k);
  if (position < 0) return;
  if (!built) {
    const capacityBefore = previous.keptCapacity(defaultReserve);
    const handed = previous.handOverModel();
    if (!handed) return;
    const touched = rereadVm(handed, position, raw);
    version.adopt(handed, defaultReserve, capacityBefore && recount(handed, capacityBefore, touched, defaultReserve));
  }
  const model = version.model!;
  const capacity = () => version.capacity(defaultReserve);
  const earlier = byCode(rulesBefore);
  const alone = { ...model, vms: [model.vms[position]] };
  const ofK = byCode(allAtOnce(checkSteps(alone, { defaultReserve }, VM_RULES, capacity)));
  // A check across VMs that has nothing to say of this VM, now or before, says what it said.
  const quiet = (rule: Rule) => !ofK.has(rule.code) && !(earlier.get(rule.code) ?? []).some((finding) => vmIndexOf(finding.pointer) === k);
  const again = byCode(allAtOnce(checkSteps(model, { defaultReserve }, [...WHOLE_PLAN_RULES, ...ACROSS_VM_RULES.filter((rule) => !quiet(rule))], capacity)));
  for (const rule of ACROSS_VM_RULES) if (quiet(rule)) again.set(rule.code, earlier.get(rule.code) ?? []);
  const rules: Finding[] = [];
  for (const rule of RULES) {
    const found = ONE_VM.has(rule) ? replaceVm(earlier.get(rule.code) ?? [], k, ofK.get(rule.code) ?? []) : again.get(rule.code);
    if (found) rules.push(...found);
  }
  version.derived(SCHEMA_FINDINGS, () => replaceVm(schemaBefore, k, schemaOfK));
  version.derived(ruleFindingsKey(defaultReserve), () => rules);
}
