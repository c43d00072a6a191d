import { modify, visit } from 'jsonc-parser';
import { type CodeAction } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog/catalog';
import type { EditionId, Product } from '../catalog/types';
import { RETARGET_ACTION_KIND, type WhatIfDiagnostic, type WhatIfResponse, type WhatIfTargetInfo } from '../protocol';
import { tokenAt } from '../json/cursor';
import type { PlanDiagnostic } from './diagnostic';
import { locatePointers } from '../json/locate';
import { findDuplicateKeys } from './schema';
import type { Finding } from '../rules/finding';
import type { ParsedPlan } from '../json/parse';
import { PlanVersion } from './plan-version';
import { validatePlan, type SeveritySetting } from './validate';
import { severityChange, summarize, whatIf, type WhatIfResult, type WhatIfTarget } from './whatif';
import { whatIfBaseline, whatIfCounts, type WhatIfCounts } from './whatif-counts';
import { isObject } from '../util/own';
import { separatorAfter } from './edits';

/** The catalog's products as the what-if picker shows them. */
export function whatIfTargets(catalog: Catalog): WhatIfTargetInfo[] {
  return catalog.products().map((p) => ({
    id: p.id,
    name: p.name,
    released: p.released.value,
    kind: p.kind,
    role: p.role,
    editions: Object.values(p.editions?.editions ?? {}).map((e) => ({ id: e.id, name: e.name })),
  }));
}

function wire(d: PlanDiagnostic): WhatIfDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, pointer: d.pointer, range: d.range };
}

/** Plan text shown in a document: no control character may reach it. */
function printable(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/**
 * The answer as plain text (no markup, so plan strings need no escaping), with each
 * diagnostic's `line:column` a link back to its place in the plan.
 */
export function renderPreview(result: WhatIfResult, planLabel: string): WhatIfResponse['preview'] {
  const lines: string[] = [];
  const links: WhatIfResponse['preview']['links'] = [];
  lines.push(`What if ${printable(planLabel)} ran ${result.target.label}?`, '', summarize(result));
  const moved = result.moved.map((h) => h.name ?? `hosts[${h.index}]`);
  if (moved.length) lines.push(`Hosts moved: ${printable(moved.join(', '))}.`);
  for (const [title, list] of [['Fixed', result.fixed], ['Introduced', result.introduced], ['Kept', result.kept]] as const) {
    lines.push('', `${title} (${list.length})`);
    if (list.length === 0) lines.push('  none');
    for (const d of list) {
      const place = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      links.push({ range: { start: { line: lines.length, character: 2 }, end: { line: lines.length, character: 2 + place.length } }, target: d.range });
      lines.push(`  ${place}  ${d.severity}${severityChange(result, d)}  ${d.code}`, `      ${printable(d.message)}`);
    }
  }
  if (result.notes.length) {
    lines.push('', 'Moving the VMs');
    for (const note of result.notes) {
      const source = note.sources?.length ? ` [${note.sources.join(', ')}]` : note.confidence ? ` [${note.confidence}]` : '';
      lines.push(`  ${printable(note.hosts.join(', '))} (${note.fromName}): ${note.note}${source}`);
    }
  }
  return { text: lines.join('\n') + '\n', links };
}

/** The what-if answer for the wire: diagnostics as `check --format json` gives them, and the preview. */
export function whatIfResponse(result: WhatIfResult, planLabel: string): WhatIfResponse {
  return {
    to: result.target.id,
    label: result.target.label,
    summary: summarize(result),
    moved: result.moved.map((h) => h.name ?? `hosts[${h.index}]`),
    unmatched: result.unmatched,
    fixed: result.fixed.map(wire),
    introduced: result.introduced.map(wire),
    kept: result.kept.map(wire),
    notes: result.notes,
    preview: renderPreview(result, planLabel),
  };
}

function targetOf(product: Product, edition?: EditionId): WhatIfTarget {
  const name = edition ? product.editions?.editions[edition]?.name : undefined;
  return { product, ...(edition ? { edition } : {}), id: edition ? `${product.id}:${edition}` : product.id, label: name ? `${product.name} (${name})` : product.name };
}

const errorsIn = (list: readonly PlanDiagnostic[]) => list.filter((d) => d.severity === 'error').length;

function countsOf(result: WhatIfResult): WhatIfCounts {
  return { target: result.target, fixed: result.fixed.length, introduced: result.introduced.length, introducedErrors: errorsIn(result.introduced) };
}

/** Fewest errors introduced, then fewest introduced, then most fixed. */
function better(a: WhatIfCounts, b: WhatIfCounts): number {
  return a.introducedErrors - b.introducedErrors || a.introduced - b.introduced || b.fixed - a.fixed;
}

/** The text after the product (and edition) change, as one edit: the span where it differs from the text before. */
/** The one span of `before` that differs from `after`, and its text in `after`. */
function changedSpan(before: string, after: string): { offset: number; length: number; newText: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { offset: start, length: before.length - end - start, newText: after.slice(start, after.length - end) };
}

/** The token at `offset` when it is a host's `product` value: where retarget actions are offered. */
export function productValueAt(parsed: ParsedPlan, offset: number) {
  const token = tokenAt(parsed.source, offset);
  return token && !token.isKey && token.type === 'string' && token.path.length === 3 && token.path[0] === 'hosts' && token.path[2] === 'product' ? token : undefined;
}

export interface RetargetOptions {
  severities?: Readonly<Record<string, SeveritySetting>>;
  /** The reserve of clusters that give none (the configuration's policy.failoverReserve). */
  defaultReserve?: number;
  isCancelled?: () => boolean;
}

/**
 * On a host's `product` value: one action per other server product (a desktop product is
 * rarely where a host should go), "Retarget host to NAME: fixes N, introduces M", best first.
 * The edition is the host's own where the product has editions, the best one for the plan
 * where the host has none, and removed where the product has none; product and edition change
 * in one edit. Each action costs a check of the plan, so they are made only when asked for at
 * a product value.
 */
export function retargetActions(parsed: ParsedPlan, uri: string, offset: number, catalog: Catalog, options: RetargetOptions = {}): CodeAction[] {
  const token = productValueAt(parsed, offset);
  if (!token) return [];
  const index = token.path[1];
  const hosts = isObject(parsed.value) ? parsed.value.hosts : undefined;
  if (typeof index !== 'number' || !Array.isArray(hosts) || !isObject(hosts[index]) || hosts[index].product !== token.value) return [];
  // Editors ask again each time the cursor moves inside the value: one answer per version.
  const version = PlanVersion.of(parsed, catalog);
  const key = `retarget ${JSON.stringify([uri, index, options.severities ?? {}, options.defaultReserve ?? 1])}`;
  const actions = version.derived(key, () => computeRetargetActions(version, uri, token, index, hosts[index], catalog, options));
  // A cancelled answer is not kept: the next request computes it.
  if (!actions) version.forget(key);
  return actions ?? [];
}

/** undefined when cancelled. */
function computeRetargetActions(
  parsed: ParsedPlan,
  uri: string,
  token: { offset: number; length: number },
  index: number,
  host: Record<string, unknown>,
  catalog: Catalog,
  options: RetargetOptions,
): CodeAction[] | undefined {
  const validateOptions = { catalog, ...(options.severities ? { severities: options.severities } : {}), ...(options.defaultReserve !== undefined ? { defaultReserve: options.defaultReserve } : {}) };
  // The findings of the host's neighbourhood as it is serve every target: found once. A
  // target's counts come from its findings, not placed in the text; only where the counts
  // depend on places (see whatIfCounts) is the whole what-if run, and the text's duplicate
  // keys and the plan's diagnostics as they are then found once for all.
  const baseline = whatIfBaseline(parsed, { ...validateOptions, hostIndexes: [index] });
  let duplicateKeys: Finding[] | undefined;
  let current: PlanDiagnostic[] | undefined;
  const run = (target: WhatIfTarget): WhatIfCounts => {
    const counts = whatIfCounts(parsed, target, baseline, validateOptions);
    if (counts) return counts;
    duplicateKeys ??= findDuplicateKeys(parsed);
    current ??= validatePlan(parsed, { ...validateOptions, duplicateKeys });
    return countsOf(whatIf(parsed, target, { ...validateOptions, hostIndexes: [index], current, duplicateKeys }));
  };
  const choices: WhatIfCounts[] = [];
  for (const product of catalog.products()) {
    if (product.id === host.product || product.role !== 'server') continue;
    if (options.isCancelled?.()) return undefined;
    const editions = Object.keys(product.editions?.editions ?? {}) as EditionId[];
    const own = typeof host.edition === 'string' && (editions as string[]).includes(host.edition) ? (host.edition as EditionId) : undefined;
    if (editions.length === 0 || own) choices.push(run(targetOf(product)));
    else choices.push(editions.map((e) => run(targetOf(product, e))).reduce((best, next) => (better(next, best) < 0 ? next : best)));
  }
  // The edit stays inside the host's object: only that object's text is rewritten.
  const source = parsed.source;
  const span = locatePointers(parsed, [`/hosts/${index}`]).get(`/hosts/${index}`) ?? { offset: 0, length: source.length };
  const before = source.slice(span.offset, span.offset + span.length);
  const at = token.offset - span.offset;
  const path = span.length === source.length ? ['hosts', index, 'edition'] : ['edition'];
  const actions: CodeAction[] = [];
  for (const result of choices.sort(better)) {
    const { target } = result;
    // The product value is replaced where the cursor found it; the edition, when it changes,
    // through jsonc-parser, which needs the host's text readable to place a property.
    const hasEdition = Object.prototype.hasOwnProperty.call(host, 'edition');
    const edition = target.edition ?? (target.product.editions ? undefined : null);
    let product = JSON.stringify(target.product.id);
    // A new edition goes right after the product, on its own line when the product has one.
    if (edition && !hasEdition) product += `,${separatorAfter(source, token.offset, token.offset + token.length)}"edition": ${JSON.stringify(edition)}`;
    let after = before.slice(0, at) + product + before.slice(at + token.length);
    if (hasEdition && edition !== undefined) {
      if (parsed.syntaxErrors.length && !readable(after)) continue;
      after = applyAll(after, modify(after, path, edition ?? undefined, {}));
    }
    const changed = changedSpan(before, after);
    actions.push({
      title: `Retarget host to ${target.label}: fixes ${result.fixed}, introduces ${result.introduced}`,
      kind: RETARGET_ACTION_KIND,
      edit: { changes: { [uri]: [{ range: parsed.lines.rangeAt(span.offset + changed.offset, changed.length), newText: changed.newText }] } },
      data: { retarget: { uri, host: index, to: target.id } },
    });
  }
  return actions;
}

/** Whether a text is JSON with comments without a syntax error. */
function readable(text: string): boolean {
  let ok = true;
  visit(text, { onError: () => (ok = false) }, { allowTrailingComma: true });
  return ok;
}

function applyAll(text: string, edits: Array<{ offset: number; length: number; content: string }>): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, edit.offset) + edit.content + out.slice(edit.offset + edit.length);
  return out;
}
