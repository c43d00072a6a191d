import { loadCatalog, type Catalog } from '../catalog/catalog';
import { FIXED_SEVERITY, parseErrorRule } from '../rules/file';
import { allAtOnce, checkSteps, RULES } from '../rules/index';
import type { Finding, Severity } from '../rules/finding';
import type { PlanDiagnostic } from './diagnostic';
import { locatePointers, type Located } from '../json/locate';
import type { ParsedPlan } from '../json/parse';
import { ancestorPointers } from '../json/pointer';
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
  /**
   * For a check of a changed value against the same text (what-if): the plan the text was
   * parsed into. Places are found as in it (its value says whether the text's brackets are all
   * structural), for the findings' own pointers first and for their ancestors only where a
   * pointer is not written: a what-if brings thousands of findings, nearly all on written ones.
   */
  sameTextAs?: ParsedPlan;
}

/** Every finding for a parsed plan: syntax, structure, then the semantic rules. */
export function collectFindings(parsed: ParsedPlan, catalog: Catalog, defaultReserve = 1, duplicateKeys?: readonly Finding[]): Finding[] {
  return allAtOnce(findingSteps(parsed, catalog, defaultReserve, duplicateKeys));
}

/**
 * `collectFindings` in steps: it pauses (yields) between the stages of the check and between
 * groups of rules, so that a server can answer requests in between.
 */
function* findingSteps(parsed: ParsedPlan, catalog: Catalog, defaultReserve = 1, duplicateKeys?: readonly Finding[]): Generator<void, Finding[]> {
  const shown = parsed.syntaxErrors.slice(0, SYNTAX_ERRORS_SHOWN);
  const findings: Finding[] = shown.map((error, i) => ({
    code: parseErrorRule.code,
    severity: parseErrorRule.severity,
    message:
      `${error.message}. The plan must be JSON; comments and trailing commas are allowed.` +
      (i === shown.length - 1 && parsed.syntaxErrors.length > shown.length ? ` (${parsed.syntaxErrors.length - shown.length} more syntax errors after this one are not listed.)` : ''),
    pointer: '',
    span: { offset: error.offset, length: error.length },
  }));
  if (parsed.value === undefined) return findings;
  findings.push(...(duplicateKeys ?? findDuplicateKeys(parsed)));
  yield;
  // The schema's and the rules' findings are kept with the version: the check of the next
  // version, when it differs in one VM, takes the rest from them (service/incremental.ts).
  const version = PlanVersion.of(parsed, catalog);
  findings.push(...version.derived(SCHEMA_FINDINGS, () => validateSchema(parsed.value, catalog.planSchema)));
  yield;
  const model = version.model;
  if (!model) return findings;
  yield;
  const key = ruleFindingsKey(defaultReserve);
  let found = version.kept<Finding[]>(key);
  if (!found) {
    const checked = yield* checkSteps(model, { defaultReserve }, RULES, () => version.capacity(defaultReserve));
    found = version.derived(key, () => checked);
  }
  for (const finding of found) findings.push(finding);
  return findings;
}

/** The schema's findings for a version's value, kept with the version under this key. */
export const SCHEMA_FINDINGS = 'schema findings';

/** The key the rules' findings are kept under, for a default reserve. */
export function ruleFindingsKey(defaultReserve: number): string {
  return `rule findings ${defaultReserve}`;
}

/** Where a finding is shown: its pointer's place, or the nearest ancestor's (a missing property is shown on the object that lacks it). */
function spanOf(finding: Finding, located: Map<string, Located>, textLength: number): { offset: number; length: number } {
  if (finding.span) return finding.span;
  for (const pointer of ancestorPointers(finding.pointer)) {
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
  return allAtOnce(validateSteps(parsed, options));
}

/**
 * `validatePlan` in steps: it pauses (yields) between the stages of the check, so that a
 * server can answer the requests that came in meanwhile and drop a check an edit made stale.
 * Run to its end, it keeps the diagnostics with the version as `validatePlan` does.
 */
export function* validateSteps(parsed: ParsedPlan, options: ValidateOptions = {}, others?: Others): Generator<void, PlanDiagnostic[]> {
  const catalog = options.catalog ?? loadCatalog();
  // The model and capacity the rules read are the version's, shared with the editor's features.
  const version = PlanVersion.of(parsed, catalog);
  if (options.duplicateKeys) return yield* diagnose(version, catalog, options, others);
  const key = `diagnostics ${JSON.stringify([options.severities ?? {}, options.defaultReserve ?? 1])}`;
  const known = version.kept<PlanDiagnostic[]>(key);
  if (known) {
    if (others) others.placed = placeInSameText(version, others.span ? others.span(others.findings) : others.findings);
    return known;
  }
  const diagnostics = yield* diagnose(version, catalog, options, others);
  return version.derived(key, () => diagnostics);
}

/** Findings of a changed value to place in the same passes over the text as the plan's own, and where they were placed. */
interface Others {
  readonly findings: Finding[];
  /** Gives findings of this text their spans where it can, the plan's own and these in one walk (what-if's `spanInItems`); the locator places the rest. */
  readonly span?: (findings: Finding[]) => Finding[];
  placed?: PlanDiagnostic[];
}

/**
 * `validatePlan`, and the findings of a changed value checked against the same text (what-if)
 * placed in the same passes over the text, as `placeInSameText` places them.
 */
export function validateAndPlace(
  parsed: ParsedPlan,
  options: ValidateOptions,
  findings: Finding[],
  span?: (findings: Finding[]) => Finding[],
): { diagnostics: PlanDiagnostic[]; placed: PlanDiagnostic[] } {
  const others: Others = { findings, ...(span ? { span } : {}) };
  const diagnostics = allAtOnce(validateSteps(parsed, options, others));
  return { diagnostics, placed: others.placed! };
}

function* diagnose(parsed: PlanVersion, catalog: Catalog, options: ValidateOptions, others?: Others): Generator<void, PlanDiagnostic[]> {
  const suppressions = new Suppressions(parsed);
  const kept = (yield* findingSteps(parsed, catalog, options.defaultReserve, options.duplicateKeys)).filter((finding) => !suppressions.silencesByPointer(finding));
  yield;
  // While a plan has a syntax error some findings are missing, so a suppression that looks
  // unused may not be: the hint waits until the plan reads whole. With comments, which entries
  // are unused is known only after the comments have silenced what they silence, so every
  // entry is located with the findings, in the same pass over the text; without, it is known
  // now, and only the unused ones are placed, with the findings.
  const hinted = parsed.syntaxErrors.length === 0;
  const hints = hinted && !suppressions.hasComments ? suppressions.unused() : [];
  const entries = hinted && suppressions.hasComments ? suppressions.entryPointers() : [];
  let own = hints.length ? kept.concat(hints) : kept;
  let extra = others?.findings ?? [];
  if (others?.span) {
    const spanned = others.span(own.concat(extra));
    [own, extra] = [spanned.slice(0, own.length), spanned.slice(own.length)];
  }
  const placed = others ? own.concat(extra) : own;
  const located = options.sameTextAs ? locateWritten(options.sameTextAs, placed, entries) : locateFindings(parsed, own, entries, extra);
  let diagnostics = place(parsed, placed, located);
  if (others) others.placed = diagnostics.splice(own.length);
  if (suppressions.hasComments) diagnostics = diagnostics.filter((d) => !suppressions.silencesByLine(d.code, d.range.start.line));
  if (hinted && suppressions.hasComments) diagnostics.push(...place(parsed, suppressions.unused(), located));
  const shown: PlanDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const setting = FIXED_SEVERITY.has(diagnostic.code) ? undefined : options.severities?.[diagnostic.code];
    if (setting === 'off') continue;
    shown.push(setting ? { ...diagnostic, severity: setting } : diagnostic);
  }
  // Codes are lower-case ASCII and hyphens, so code-unit order is the order localeCompare gave,
  // without loading the collator at start (about 25 ms, a fifth of a CLI check).
  return shown.sort((a, b) => a.offset - b.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * Where the findings' pointers (and their ancestors) and the extra ones stand: one pass over the
 * text for all. The `others` (of a changed value) are located as `locateWritten` locates them,
 * in the same pass.
 */
function locateFindings(parsed: ParsedPlan, findings: Finding[], extra: readonly string[], others: readonly Finding[] = []): Map<string, Located> {
  const wanted = new Set<string>();
  for (const finding of findings) if (!finding.span) for (const pointer of ancestorPointers(finding.pointer)) wanted.add(pointer);
  for (const pointer of extra) for (const ancestor of ancestorPointers(pointer)) wanted.add(ancestor);
  for (const finding of others) if (!finding.span) wanted.add(finding.pointer);
  const located = wanted.size ? locatePointers(parsed, wanted) : new Map<string, Located>();
  if (others.length) locateMissing(parsed, located, others.flatMap((finding) => (finding.span ? [] : [finding.pointer])));
  return located;
}

/** As `locateFindings`, the findings' own pointers first, their ancestors only for those not written. */
function locateWritten(parsed: ParsedPlan, findings: Finding[], extra: readonly string[]): Map<string, Located> {
  const wanted = new Set<string>(extra);
  for (const finding of findings) if (!finding.span) wanted.add(finding.pointer);
  const located = wanted.size ? locatePointers(parsed, wanted) : new Map<string, Located>();
  locateMissing(parsed, located, wanted);
  return located;
}

/** The ancestors of the pointers that are not written, located in one more pass. */
function locateMissing(parsed: ParsedPlan, located: Map<string, Located>, pointers: Iterable<string>): void {
  const missing = new Set<string>();
  for (const pointer of pointers) if (!located.has(pointer)) for (const ancestor of ancestorPointers(pointer)) if (!located.has(ancestor)) missing.add(ancestor);
  if (missing.size) for (const [pointer, at] of locatePointers(parsed, missing)) located.set(pointer, at);
}

/**
 * Findings of a changed value placed in the text of `parsed` as a check of that value with
 * `sameTextAs: parsed` places them: what-if places only the findings a retargeting changes.
 */
export function placeInSameText(parsed: ParsedPlan, findings: Finding[]): PlanDiagnostic[] {
  return place(parsed, findings, locateWritten(parsed, findings, []));
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
