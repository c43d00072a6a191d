import type { FixData, Severity } from '../rules/finding';
import type { Range } from '../json/text';

/** A finding placed in the text: what the editor and the CLI show. */
export interface PlanDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  pointer: string;
  range: Range;
  offset: number;
  length: number;
  data?: FixData;
}
