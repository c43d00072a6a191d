import type { PlanDiagnostic } from './diagnostic';
import { loadCatalog } from '../catalog/catalog';
import { parsePlan } from '../json/parse';
import { PlanVersion } from './plan-version';
import { validatePlan, type ValidateOptions } from './validate';

export interface CheckResult {
  /** The checked version, whose model and capacity a report reads again without building them. */
  parsed: PlanVersion;
  diagnostics: PlanDiagnostic[];
}

/** Text in, diagnostics with ranges out: what the CLI runs per file and the server per version. */
export function checkText(text: string, options: ValidateOptions = {}): CheckResult {
  const catalog = options.catalog ?? loadCatalog();
  const parsed = new PlanVersion(parsePlan(text), catalog);
  return { parsed, diagnostics: validatePlan(parsed, { ...options, catalog }) };
}
