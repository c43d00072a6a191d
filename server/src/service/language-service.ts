import type { CodeAction, CodeLens, CompletionList, InlayHint, Diagnostic, DocumentHighlight, DocumentSymbol, FoldingRange, Hover, Location, Range, SelectionRange, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import { loadCatalog } from '../catalog/catalog';
import { fileTooLargeRule } from '../rules/file';
import { getCodeActions } from './actions';
import { capacityCodeLenses, capacityInlayHints } from './capacity-view';
import { doComplete, type CompletionOptions } from './completion';
import type { PlanDiagnostic } from './diagnostic';
import type { ProductFactsResult } from '../protocol';
import { contextAt } from '../json/cursor';
import { factSheet, productAt } from './facts';
import { doHover } from './hover';
import { formatEdits, type FormatOptions } from './formatting';
import { PlanVersion } from './plan-version';
import { startFromBefore } from './incremental';
import { doRename, findDefinition, findDocumentSymbols, findHighlights, findReferences, prepareRename } from './navigation';
import { parsePlan, stillBroken, type ParsedPlan } from '../json/parse';
import { reparse, reparseValid, type Retyped } from '../json/reparse';
import { DUPLICATE_KEYS, findDuplicateKeys } from './schema';
import type { TextChange } from '../document';
import { buildPlanReport, type PlanReport } from '../report/build';
import { foldingRanges, selectionRanges } from './ranges';
import type { LineIndex, Position } from '../json/text';
import { validatePlan, validateSteps, type ValidateOptions } from './validate';
import type { WhatIfResponse, WhatIfTargetInfo } from '../protocol';
import { productValueAt, retargetActions, whatIfResponse, whatIfTargets, type RetargetOptions } from './whatif-editor';
import { parseTarget, whatIf } from './whatif';

const SEVERITY: Record<PlanDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The link a diagnostic's code opens: its section of docs/rules.md. */
export type RuleLink = (code: string) => string | undefined;

/** Converts a plan diagnostic to LSP, with the data quick fixes read. */
export function toLspDiagnostic(d: PlanDiagnostic, ruleLink?: RuleLink): Diagnostic {
  const href = ruleLink?.(d.code);
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'virtplan',
    message: d.message,
    data: { pointer: d.pointer, ...d.data },
  };
}

/**
 * The plan language service: one object, one method per feature. It takes a document version
 * (`parse`, a `PlanVersion`) and returns LSP types; it never sees a connection. Whatever a
 * feature builds from a version (model, capacity, diagnostics, places) is kept on the version.
 */
export class PlanLanguageService {
  private loaded: Catalog | undefined;

  constructor(catalog?: Catalog, private readonly ruleLink?: RuleLink) {
    this.loaded = catalog;
  }

  /** The product facts, read at first use: a server answers initialize before it needs them. */
  get catalog(): Catalog {
    return (this.loaded ??= loadCatalog());
  }

  /** A document version: its text parsed, and the model and views features build from it, once. */
  parse(text: string, lines?: LineIndex): PlanVersion {
    return this.version(parsePlan(text), lines);
  }

  /** A version of a parse; with the line index of the text the document keeps, when it has one (the same lines). */
  private version(parsed: ParsedPlan, lines: LineIndex | undefined): PlanVersion {
    return new PlanVersion(lines ? { ...parsed, lines } : parsed, this.catalog);
  }

  /**
   * The version of `text` read from an earlier version and the changes since it, where that
   * gives what `parse` would (json/reparse.ts: a broken plan whose strings and numbers were
   * retyped; a valid plan where one value was retyped); otherwise parsed afresh, and straight
   * by the tolerant parser when the changes left the first syntax error as it was.
   */
  parseFrom(previous: PlanVersion, text: string, changes: readonly TextChange[] | undefined, lines?: LineIndex): PlanVersion {
    if (!changes) return this.parse(text, lines);
    if (previous.syntaxErrors.length) {
      let retyped: Retyped | undefined;
      const read = reparse(previous, text, changes, (value) => (retyped = value));
      if (!read) return this.version(parsePlan(text, stillBroken(previous, changes)), lines);
      const version = this.version(read, lines);
      if (retyped) version.readFrom(previous, retyped);
      return version;
    }
    const read = reparseValid(previous, text, changes);
    // Only where no key of the earlier version is written twice (its check looked, or this
    // looks now): the path then names the value JSON.parse kept. Retyping a value keeps it so.
    if (!read || findDuplicateKeys(previous).length > 0) return this.parse(text, lines);
    const version = this.version(read.parsed, lines);
    version.derived(DUPLICATE_KEYS, () => []);
    version.readFrom(previous, read.retyped);
    return version;
  }

  /**
   * The one diagnostic for a plan too large to check in the editor: checking it on every
   * keystroke would make the editor wait, and so would the features that read the whole plan.
   */
  tooLarge(text: string, maxFileSizeMB: number, severity: PlanDiagnostic['severity'] | 'off' = fileTooLargeRule.severity): Diagnostic[] {
    if (severity === 'off') return [];
    const megabytes = text.length / (1024 * 1024);
    return [
      toLspDiagnostic(
        {
          code: fileTooLargeRule.code,
          severity,
          message: `This plan is ${megabytes.toFixed(0)} MB, above the virtplan.maxFileSizeMB setting (${maxFileSizeMB} MB), so it was not checked here. Raise the setting, or check it with \`npx virtplan check\`.`,
          pointer: '',
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          offset: 0,
          length: 0,
        },
        this.ruleLink,
      ),
    ];
  }

  validate(parsed: ParsedPlan, options: Omit<ValidateOptions, 'catalog'> = {}): Diagnostic[] {
    if (parsed instanceof PlanVersion) startFromBefore(parsed, options.defaultReserve ?? 1);
    return validatePlan(parsed, { ...options, catalog: this.catalog }).map((d) => toLspDiagnostic(d, this.ruleLink));
  }

  /** `validate` in steps, for a server that answers requests between them (see `validateSteps`). */
  *validateSteps(parsed: ParsedPlan, options: Omit<ValidateOptions, 'catalog'> = {}): Generator<void, Diagnostic[]> {
    if (parsed instanceof PlanVersion) startFromBefore(parsed, options.defaultReserve ?? 1);
    const diagnostics = yield* validateSteps(parsed, { ...options, catalog: this.catalog });
    return diagnostics.map((d) => toLspDiagnostic(d, this.ruleLink));
  }

  hover(parsed: ParsedPlan, position: Position): Hover | null {
    return doHover(parsed, parsed.lines.offsetAt(position), this.catalog);
  }

  /** A product's fact sheet: the product named, else the one of the host at `position`. */
  productFacts(productId: string | undefined, parsed?: ParsedPlan, position?: Position): ProductFactsResult {
    if (productId !== undefined) return factSheet(this.catalog.product(productId), this.catalog);
    if (!parsed || !position) return factSheet(undefined, this.catalog);
    const path = contextAt(parsed.source, parsed.lines.offsetAt(position)).path;
    return factSheet(productAt(path, PlanVersion.of(parsed, this.catalog).model), this.catalog);
  }

  complete(parsed: ParsedPlan, position: Position, options: CompletionOptions): CompletionList {
    return doComplete(parsed, parsed.lines.offsetAt(position), this.catalog, options);
  }

  codeActions(parsed: ParsedPlan, uri: string, diagnostics: Diagnostic[]): CodeAction[] {
    return getCodeActions(parsed, uri, diagnostics);
  }

  /** Whether `position` is on a host's `product` value, where retarget actions are offered. */
  isRetargetPlace(parsed: ParsedPlan, position: Position): boolean {
    return productValueAt(parsed, parsed.lines.offsetAt(position)) !== undefined;
  }

  /** Code actions that move the host whose `product` value is at `position` to another product. */
  retargetActions(parsed: ParsedPlan, uri: string, position: Position, options: RetargetOptions = {}): CodeAction[] {
    return retargetActions(parsed, uri, parsed.lines.offsetAt(position), this.catalog, options);
  }

  whatIfTargets(): WhatIfTargetInfo[] {
    return whatIfTargets(this.catalog);
  }

  /** The plan checked as if its hosts ran `to`; throws a TargetError for an unknown product or edition. */
  whatIf(parsed: ParsedPlan, to: string, planLabel: string, options: { hosts?: string[]; severities?: ValidateOptions['severities']; defaultReserve?: number } = {}): WhatIfResponse {
    return whatIfResponse(whatIf(parsed, parseTarget(to, this.catalog), { ...options, catalog: this.catalog }), planLabel);
  }

  symbols(parsed: ParsedPlan, maxItems: number): DocumentSymbol[] {
    return findDocumentSymbols(parsed, this.catalog, maxItems);
  }

  definition(parsed: ParsedPlan, position: Position, uri: string): Location[] {
    return findDefinition(parsed, parsed.lines.offsetAt(position), uri);
  }

  references(parsed: ParsedPlan, position: Position, uri: string, includeDeclaration: boolean): Location[] {
    return findReferences(parsed, parsed.lines.offsetAt(position), uri, includeDeclaration);
  }

  prepareRename(parsed: ParsedPlan, position: Position): { range: Range; placeholder: string } | null {
    return prepareRename(parsed, parsed.lines.offsetAt(position));
  }

  rename(parsed: ParsedPlan, position: Position, newName: string, uri: string): WorkspaceEdit | null {
    return doRename(parsed, parsed.lines.offsetAt(position), newName, uri);
  }

  highlights(parsed: ParsedPlan, position: Position): DocumentHighlight[] {
    return findHighlights(parsed, parsed.lines.offsetAt(position));
  }

  /** Formatting edits for the whole plan, or for the lines a range covers. */
  format(parsed: ParsedPlan, options: FormatOptions, range?: Range): TextEdit[] {
    return formatEdits(parsed, options, range);
  }

  foldingRanges(parsed: ParsedPlan, limit?: number): FoldingRange[] {
    return foldingRanges(parsed, limit);
  }

  selectionRanges(parsed: ParsedPlan, positions: Position[]): SelectionRange[] {
    return selectionRanges(parsed, positions);
  }

  /**
   * Each host's capacity and each cluster's failover result after their names, inside `range`.
   * Asked before the version's check (an editor asks right after an edit), the check is started
   * from the version before first, as the check itself would start it: the model and capacity
   * are then handed on and recounted, not built again for the whole plan.
   */
  inlayHints(parsed: ParsedPlan, range: Range, defaultReserve = 1): InlayHint[] {
    if (parsed instanceof PlanVersion) startFromBefore(parsed, defaultReserve);
    return capacityInlayHints(parsed, range, this.catalog, { defaultReserve });
  }

  /** The failover result above each cluster, and the plan's totals above the plan (started as `inlayHints` is). */
  codeLenses(parsed: ParsedPlan, defaultReserve = 1): CodeLens[] {
    if (parsed instanceof PlanVersion) startFromBefore(parsed, defaultReserve);
    return capacityCodeLenses(parsed, this.catalog, { defaultReserve });
  }

  /** The capacity report of a plan version, from the same model and checks as every other feature. */
  report(parsed: ParsedPlan, path: string, options: Omit<ValidateOptions, 'catalog'> & { defaultReserve?: number } = {}): PlanReport {
    return buildPlanReport(path, parsed, validatePlan(parsed, { ...options, catalog: this.catalog }), this.catalog, options.defaultReserve ?? 1);
  }
}
