import type { PlanDiagnostic } from './diagnostic';
import { parsePlan, type ParsedPlan } from '../json/parse';
import { validatePlan, type ValidateOptions } from './validate';

export interface CheckResult {
  parsed: ParsedPlan;
  diagnostics: PlanDiagnostic[];
}

/** Text in, diagnostics with ranges out: what the CLI runs per file and the server per version. */
export function checkText(text: string, options: ValidateOptions = {}): CheckResult {
  const parsed = parsePlan(text);
  return { parsed, diagnostics: validatePlan(parsed, options) };
}
