import type { Product } from '../catalog/types';
import { capacityOf, type CapacityModel, type CapacityOptions } from '../model/capacity';
import type { FixData, Finding, Severity } from './finding';
import { defaultSeverity } from './codes';
import type { PlanModel } from '../model/plan';

export { fmt, plural } from '../util/format';

export interface ReportOptions {
  severity?: Severity;
  target?: 'value' | 'key';
  data?: FixData;
}

export class RuleContext {
  readonly findings: Finding[] = [];

  private built: CapacityModel | undefined;

  /** `capacity`, when given, is the document version's own, so the editor's views read the same one. */
  constructor(
    readonly model: PlanModel,
    private readonly capacityOptions?: CapacityOptions,
    private readonly versionCapacity?: () => CapacityModel | undefined,
  ) {}

  /** How full each host is and each cluster's failover result, shared with the editor's views. */
  get capacity(): CapacityModel {
    return (this.built ??= this.versionCapacity?.() ?? capacityOf(this.model, this.capacityOptions));
  }

  report(code: string, pointer: string, message: string, options: ReportOptions = {}): void {
    this.findings.push({
      code,
      severity: options.severity ?? defaultSeverity(code),
      message,
      pointer,
      ...(options.target ? { target: options.target } : {}),
      ...(options.data ? { data: options.data } : {}),
    });
  }
}

/** One check with its stable code. Limits come from the catalog through the model, never from literals here. */
export interface Rule {
  code: string;
  check(context: RuleContext): void;
}

/** The product's successor in the catalog, if it passes `better`: named in messages as the way out. */
export function successorIf(model: PlanModel, product: Product | undefined, better: (successor: Product) => boolean): Product | undefined {
  const successor = product?.successor ? model.catalog.product(product.successor) : undefined;
  return successor && better(successor) ? successor : undefined;
}
