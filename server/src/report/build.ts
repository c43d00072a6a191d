import type { Catalog } from '../catalog/catalog';
import { exceeds, type ClusterCapacity, type HostCapacity } from '../model/capacity';
import { clusterLensText, hostParts, vmTotal } from '../service/capacity-view';
import type { Severity } from '../rules/finding';
import type { PlanDiagnostic } from '../service/diagnostic';
import { locatePointers } from '../json/locate';
import { PlanVersion } from '../service/plan-version';
import type { ParsedPlan } from '../json/parse';

/** A host in the report: its capacity, what is over its limit, and where it is written. */
export interface ReportHost extends HostCapacity {
  productName: string | null;
  /** One-based line of the host in the plan. */
  line: number;
  over: { processors: boolean; vcpus: boolean; memory: boolean; vms: boolean; licences: boolean };
  /** The codes reported on the host and its VMs. */
  codes: string[];
}

export interface ReportCluster extends ClusterCapacity {
  line: number;
  /** The failover result in words. */
  summary: string;
}

/** A diagnostic in the report, with the host, cluster or plan it is about. */
export interface ReportDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** One-based, as editors show them. */
  line: number;
  column: number;
  /** "host hv-01", "cluster cl-a" or "plan". */
  about: string;
}

export interface PlanReport {
  path: string;
  name: string | null;
  hosts: ReportHost[];
  clusters: ReportCluster[];
  counts: Record<Severity, number>;
  diagnostics: ReportDiagnostic[];
  /** The plan's VMs in words, those on no known host too: the hosts' VMs may not add up to it. */
  vms: { words: string; count: string };
}

const index = (pointer: string, group: string): number | undefined => {
  const m = new RegExp(`^/${group}/(\\d+)(?:/|$)`).exec(pointer);
  return m ? Number(m[1]) : undefined;
};

/**
 * The capacity report of one plan: every number comes from the capacity model the editor
 * shows, and the diagnostics from the same check as `virtplan check`.
 */
export function buildPlanReport(path: string, parsed: ParsedPlan, diagnostics: readonly PlanDiagnostic[], catalog: Catalog, defaultReserve = 1): PlanReport {
  const version = PlanVersion.of(parsed, catalog);
  const model = version.model;
  const capacity = version.capacity(defaultReserve);
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  const value = parsed.value as Record<string, unknown> | undefined;
  const name = typeof value === 'object' && value !== null && typeof value.name === 'string' ? value.name : null;
  if (!model || !capacity) {
    const about = diagnostics.map((d) => toReportDiagnostic(d, 'plan'));
    return { path, name, hosts: [], clusters: [], counts, diagnostics: about, vms: { words: vmTotal(0, 0), count: vmTotal(0, 0, false) } };
  }
  const located = locatePointers(parsed, [...capacity.hosts.map((h) => h.pointer), ...capacity.clusters.map((c) => c.pointer)]);
  const lineOf = (pointer: string) => {
    const at = located.get(pointer);
    return at ? parsed.lines.positionAt(at.offset).line + 1 : 1;
  };
  const hostOfVm = new Map(model.vms.map((vm) => [vm.index, vm.hostName]));
  const hostIndexByName = new Map(model.hosts.map((h, i) => [h.name, i]));
  const codes = model.hosts.map(() => new Set<string>());
  const about = diagnostics.map((d) => {
    let host = index(d.pointer, 'hosts');
    if (host === undefined) {
      const vm = index(d.pointer, 'vms');
      const hostName = vm === undefined ? undefined : hostOfVm.get(vm);
      if (hostName !== undefined) host = model.hosts[hostIndexByName.get(hostName) ?? -1]?.index;
    }
    const position = model.hosts.findIndex((h) => h.index === host);
    if (position !== -1) {
      codes[position].add(d.code);
      return toReportDiagnostic(d, `host ${model.hosts[position].name ?? `#${position + 1}`}`);
    }
    const cluster = index(d.pointer, 'clusters');
    const clusterModel = cluster === undefined ? undefined : model.clusters.find((c) => c.index === cluster);
    return toReportDiagnostic(d, clusterModel ? `cluster ${clusterModel.name ?? `#${cluster! + 1}`}` : 'plan');
  });
  const hosts = capacity.hosts.map((host, i): ReportHost => {
    const parts = hostParts(host);
    const over = (kind: string) => parts.some((p) => p.kind === kind && p.over);
    return {
      ...host,
      productName: model.hosts[i].product?.name ?? null,
      line: lineOf(host.pointer),
      over: { processors: over('lp'), vcpus: over('vcpu'), memory: host.usableMemoryGB !== null && exceeds(host.committedMemoryGB, host.usableMemoryGB), vms: over('vms'), licences: over('licences') },
      codes: [...codes[i]].sort(),
    };
  });
  const clusters = capacity.clusters.map((cluster): ReportCluster => ({ ...cluster, line: lineOf(cluster.pointer), summary: clusterLensText(cluster) }));
  const placed = hosts.reduce((n, h) => n + h.vms, 0);
  const vms = { words: vmTotal(placed, model.vms.length), count: vmTotal(placed, model.vms.length, false) };
  return { path, name, hosts, clusters, counts, diagnostics: about, vms };
}

function toReportDiagnostic(d: PlanDiagnostic, about: string): ReportDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1, about };
}

/** The report as the contract's JSON: exactly its keys, nothing else. */
export function reportJson(plans: readonly PlanReport[]): string {
  return `${JSON.stringify(
    {
      plans: plans.map((p) => ({
        path: p.path,
        name: p.name,
        hosts: p.hosts.map((h) => ({
          name: h.name,
          product: h.product,
          logicalProcessors: h.logicalProcessors,
          vcpus: h.vcpus,
          memoryGB: h.memoryGB,
          usableMemoryGB: h.usableMemoryGB,
          committedMemoryGB: h.committedMemoryGB,
          vms: h.vms,
          maxVms: h.maxVms,
          windowsGuests: h.windowsGuests,
          licensedWindowsGuests: h.licensedWindowsGuests,
        })),
        clusters: p.clusters.map((c) => ({
          name: c.name,
          nodes: c.nodes,
          reserve: c.reserve,
          failover:
            c.failover && !c.blocked
              ? { ok: c.failover.ok, failedNodes: c.failover.failedNodes, unplacedVms: c.failover.unplacedVms, shortfallGB: c.failover.shortfallGB }
            : null,
        })),
        counts: p.counts,
      })),
    },
    null,
    2,
  )}\n`;
}
