import type { Catalog } from '../catalog/catalog';
import type { Product } from '../catalog/types';
import type { CapacityModel } from '../model/capacity';
import { hostLabel, type ClusterModel, type HostModel, type PlanModel, type VmModel } from '../model/plan';
import type { FixData, Severity } from './finding';

export { fmt, plural } from '../util/format';

/** The host as a message names it inside a sentence: `host "NAME"`, its name as written. */
export const hostName = (host: HostModel): string => hostLabel(host).replace(/^Host/, 'host');

export interface ReportOptions {
  /** Only where the finding is milder than the rule's default (memory that overcommits runs, slowly). */
  severity?: Severity;
  target?: 'value' | 'key';
  data?: FixData;
}

/** What a check sees: the plan, how full it is, and a report that speaks with the rule's own code. */
export interface CheckContext {
  readonly model: PlanModel;
  /** How full each host is and each cluster's failover result, shared with the editor's views. */
  readonly capacity: CapacityModel;
  report(pointer: string, message: string, options?: ReportOptions): void;
}

/** Where a hover stands in a host or a VM: the host whose product sets the limits. */
export interface HostPlace {
  host: HostModel;
  /** The VM, for a place inside one. */
  vm?: VmModel;
  catalog: Catalog;
  /** Plan text as the hover shows it: every plan string in a line goes through this. */
  planText(value: unknown): string;
}

/** Where a hover stands in a cluster; `cluster` is undefined for an index the plan lacks. */
export interface ClusterPlace {
  cluster: ClusterModel | undefined;
  planText(value: unknown): string;
}

/**
 * The lines a hover shows under a property the rule governs, by the property's path with
 * array indexes as `*` (`vms.*.migration`): the limit, the product and where the fact comes
 * from. Where two rules govern one property, the lines follow the rules' order.
 */
export interface Explanations {
  [shape: `hosts.${string}` | `vms.${string}`]: (place: HostPlace) => string[];
  [shape: `clusters.${string}`]: (place: ClusterPlace) => string[];
}

/**
 * The quick fixes of a rule: the edit comes from the diagnostic's `data`, the title from
 * here, so neither is read from the message.
 */
export interface Fixes {
  /** `data.replacement` in place of the value the diagnostic is on; the title, given that value as JSON. */
  replace?(value: string): string;
  /** `data.replacement` as the new name of the key the diagnostic is on (`data.key`). */
  rename?(name: string): string;
  /** The property the diagnostic is on, removed. */
  remove?: string;
  /** `data.update` added to the `updates` of the host at `data.hostPointer`. */
  addUpdate?(id: string): string;
  /** Each of `data.editions` as the `edition` of the host at `data.hostPointer`, right after its product. */
  addEdition?(id: string): string;
}

/**
 * Everything about one diagnostic code, in one object: what the settings, docs, SARIF and
 * completion say of it, the hover lines and quick fixes it brings, and its check. Limits come
 * from the catalog through the model, never from literals in a check.
 */
export interface Rule {
  /** Stable: a code is never renamed once published. */
  readonly code: string;
  readonly severity: Severity;
  /** One line for rule lists, SARIF and settings. */
  readonly summary: string;
  readonly explain?: Explanations;
  readonly fixes?: Fixes;
  /** Absent for the codes the parser, the schema and the editor report. */
  check?(ctx: CheckContext): void;
  /**
   * For a rule about each VM on its own, in place of `check`: given the run, the check of one
   * VM. The VM checks of all rules share one pass over the plan's VMs, each VM read once
   * while it is at hand; what a rule keeps across VMs (a budget, a list) lives in the closure.
   */
  checkEachVm?(ctx: CheckContext): (vm: VmModel) => void;
}

const SEVERITIES: ReadonlySet<unknown> = new Set<Severity>(['error', 'warning', 'information', 'hint']);

/** A rule, checked whole where it is written: a rule without its severity or summary never loads. */
export function defineRule<const R extends Rule>(rule: R): R {
  if (!/^[a-z]+(-[a-z\d]+)*$/.test(rule.code)) throw new Error(`rule code "${rule.code}" is not lower-case words joined by hyphens`);
  if (!SEVERITIES.has(rule.severity)) throw new Error(`rule ${rule.code} has no default severity`);
  if (typeof rule.summary !== 'string' || rule.summary.trim() === '') throw new Error(`rule ${rule.code} has no summary`);
  return Object.freeze(rule);
}

/** The product's successor in the catalog, if it passes `better`: named in messages as the way out. */
export function successorIf(model: PlanModel, product: Product | undefined, better: (successor: Product) => boolean): Product | undefined {
  const successor = product?.successor ? model.catalog.product(product.successor) : undefined;
  return successor && better(successor) ? successor : undefined;
}
