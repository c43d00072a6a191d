import { loadCatalog, type Catalog } from '../catalog/catalog';
import { runChecks } from '../rules/index';
import type { Finding, Severity } from '../rules/finding';
import type { PlanDiagnostic } from './diagnostic';
import { locatePointers, type Located } from '../json/locate';
import type { ParsedPlan } from '../json/parse';
import { parsePointer, toPointer } from '../json/pointer';
import { PlanVersion } from './plan-version';
import { findDuplicateKeys, validateSchema } from './schema';
import { Suppressions } from './suppression';

export type SeveritySetting = Severity | 'off';

/** A file that is not JSON at all (binary, another format) would otherwise give thousands. */
const SYNTAX_ERRORS_SHOWN = 20;

export interface ValidateOptions {
  catalog?: Catalog;
  /** Per-code severity overrides; 'off' drops the code. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** The reserve of clusters that give none (the configuration's policy.failoverReserve); 1 when unset. */
  defaultReserve?: number;
  /**
   * The text's duplicate keys, when already known. They depend on the text alone, so a check
   * of a changed value against the same text (what-if) passes those of the value it came from.
   */
  duplicateKeys?: readonly Finding[];
}

/** Every finding for a parsed plan: syntax, structure, then the semantic rules. */
export function collectFindings(parsed: ParsedPlan, catalog: Catalog, defaultReserve = 1, duplicateKeys?: readonly Finding[]): Finding[] {
  const shown = parsed.syntaxErrors.slice(0, SYNTAX_ERRORS_SHOWN);
  const findings: Finding[] = shown.map((error, i) => ({
    code: 'parse-error',
    severity: 'error',
    message:
      `${error.message}. The plan must be JSON; comments and trailing commas are allowed.` +
      (i === shown.length - 1 && parsed.syntaxErrors.length > shown.length ? ` (${parsed.syntaxErrors.length - shown.length} more syntax errors after this one are not listed.)` : ''),
    pointer: '',
    span: { offset: error.offset, length: error.length },
  }));
  if (parsed.value === undefined) return findings;
  findings.push(...(duplicateKeys ?? findDuplicateKeys(parsed)));
  findings.push(...validateSchema(parsed.value, catalog.planSchema));
  const version = PlanVersion.of(parsed, catalog);
  const model = version.model;
  if (!model) return findings;
  findings.push(...runChecks(model, { defaultReserve }, undefined, () => version.capacity(defaultReserve)));
  return findings;
}

/** The pointer itself, then its ancestors: a missing property is shown on the object that lacks it. */
function ancestors(pointer: string): string[] {
  const segments = parsePointer(pointer);
  const out: string[] = [];
  for (let n = segments.length; n >= 0; n--) out.push(toPointer(segments.slice(0, n)));
  return out;
}

function spanOf(finding: Finding, located: Map<string, Located>, textLength: number): { offset: number; length: number } {
  if (finding.span) return finding.span;
  for (const pointer of ancestors(finding.pointer)) {
    const at = located.get(pointer);
    if (!at) continue;
    if (finding.target === 'key' && pointer === finding.pointer && at.keyOffset !== undefined) {
      return { offset: at.keyOffset, length: at.keyLength ?? 0 };
    }
    return { offset: at.offset, length: at.length };
  }
  return { offset: 0, length: Math.min(textLength, 1) };
}

/**
 * The diagnostics of a plan version, computed once per version and options and kept with it:
 * the published diagnostics, the report and the retarget actions read the same ones. The
 * array is shared: callers copy before they change it.
 */
export function validatePlan(parsed: ParsedPlan, options: ValidateOptions = {}): PlanDiagnostic[] {
  const catalog = options.catalog ?? loadCatalog();
  // The model and capacity the rules read are the version's, shared with the editor's features.
  const version = PlanVersion.of(parsed, catalog);
  if (options.duplicateKeys) return diagnose(version, catalog, options);
  return version.derived(`diagnostics ${JSON.stringify([options.severities ?? {}, options.defaultReserve ?? 1])}`, () => diagnose(version, catalog, options));
}

function diagnose(parsed: PlanVersion, catalog: Catalog, options: ValidateOptions): PlanDiagnostic[] {
  const suppressions = new Suppressions(parsed);
  const kept = collectFindings(parsed, catalog, options.defaultReserve, options.duplicateKeys).filter((finding) => !suppressions.silencesByPointer(finding));
  // While a plan has a syntax error some findings are missing, so a suppression that looks
  // unused may not be: the hint waits until the plan reads whole. Which entries are unused is
  // known only after the comments have silenced what they silence, so every entry is located
  // with the findings, in the same pass over the text.
  const hinted = parsed.syntaxErrors.length === 0;
  const located = locateFindings(parsed, kept, hinted ? suppressions.entryPointers() : []);
  let diagnostics = place(parsed, kept, located);
  if (suppressions.hasComments) diagnostics = diagnostics.filter((d) => !suppressions.silencesByLine(d.code, d.range.start.line));
  if (hinted) diagnostics.push(...place(parsed, suppressions.unused(), located));
  const shown: PlanDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const setting = options.severities?.[diagnostic.code];
    if (setting === 'off') continue;
    shown.push(setting ? { ...diagnostic, severity: setting } : diagnostic);
  }
  // Codes are lower-case ASCII and hyphens, so code-unit order is the order localeCompare gave,
  // without loading the collator at start (about 25 ms, a fifth of a CLI check).
  return shown.sort((a, b) => a.offset - b.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Where the findings' pointers (and their ancestors) and the extra ones stand: one pass over the text for all. */
function locateFindings(parsed: ParsedPlan, findings: Finding[], extra: readonly string[]): Map<string, Located> {
  const wanted = new Set<string>();
  for (const finding of findings) if (!finding.span) for (const pointer of ancestors(finding.pointer)) wanted.add(pointer);
  for (const pointer of extra) for (const ancestor of ancestors(pointer)) wanted.add(ancestor);
  return wanted.size ? locatePointers(parsed, wanted) : new Map<string, Located>();
}

/** Findings placed in the text, from the places located for them. */
function place(parsed: ParsedPlan, findings: Finding[], located: Map<string, Located>): PlanDiagnostic[] {
  const spans = findings.map((finding) => spanOf(finding, located, parsed.text.length));
  const positions = parsed.lines.positionsAt(spans.flatMap((span) => [span.offset, span.offset + span.length]));
  return findings.map((finding, i): PlanDiagnostic => ({
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    pointer: finding.pointer,
    range: { start: positions[2 * i], end: positions[2 * i + 1] },
    offset: spans[i].offset,
    length: spans[i].length,
    ...(finding.data ? { data: finding.data } : {}),
  }));
}
