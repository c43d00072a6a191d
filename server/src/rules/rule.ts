import type { FixData, Finding, Severity } from '../service/diagnostic';
import { defaultSeverity } from './codes';
import type { PlanModel } from './model';

export interface ReportOptions {
  severity?: Severity;
  target?: 'value' | 'key';
  data?: FixData;
}

export class RuleContext {
  readonly findings: Finding[] = [];

  constructor(readonly model: PlanModel) {}

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

/** Formats a number of GB or a count for a message: 3.6, 2048, 12.5. */
export function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${fmt(count)} ${count === 1 ? one : many}`;
}

/** The product's successor in the catalog, if it passes `better`: named in messages as the way out. */
export function successorIf(model: PlanModel, product: { successor?: string } | undefined, better: (successor: NonNullable<ReturnType<PlanModel['catalog']['product']>>) => boolean) {
  const successor = product?.successor ? model.catalog.product(product.successor) : undefined;
  return successor && better(successor) ? successor : undefined;
}
