import { loadCatalog } from '../catalog/catalog';
import type { PlanDiagnostic } from '../service/diagnostic';
import { parsePlan } from '../json/parse';
import { parseTarget, severityChange, summarize, TargetError, whatIf, type CapacityChange, type WhatIfResult, type WhatIfTarget } from '../service/whatif';
import { nearest } from '../util/nearest';
import { ConfigResolver, problemLine } from '../config/config';
import { collectPlanFiles } from './files';
import { planTexts } from '../util/read-file';
import { escapeControls } from './terminal';
import { configOptions, readArgs, UsageError } from './args';

export const WHATIF_USAGE = `  virtplan whatif --to PRODUCT[:EDITION] [--host NAME]... [--format text|json] [--config FILE | --no-config] PATH...
      Check plans as if their hosts (or the named ones) ran another product: what that fixes,
      introduces and keeps, and what moving the VMs involves. The plans are not changed.
      Severities follow virtplan.config.json as in check.
      Exit code: 0 no errors after the change, 1 errors, 2 an unknown product, edition or host,
      a path that cannot be read, or wrong arguments.
`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface WhatIfArgs {
  to: string;
  hosts?: string[];
  format: 'text' | 'json';
  /** A configuration file for every plan, or false for none; the nearest one per plan when absent. */
  config?: string | false;
  paths: string[];
}

function parseArgs(args: string[]): WhatIfArgs {
  let to: string | undefined;
  let hosts: string[] | undefined;
  let format: WhatIfArgs['format'] = 'text';
  let config: string | false | undefined;
  const paths = readArgs(args, {
    '--to': { needs: 'a value', nonEmpty: true, read: (value) => (to = value) },
    '--host': { needs: 'a value', nonEmpty: true, read: (value) => (hosts ??= []).push(value) },
    '--format': {
      needs: 'a value',
      nonEmpty: true,
      read: (value) => {
        if (value !== 'text' && value !== 'json') throw new UsageError(`unknown format "${value}" for whatif: use text or json`);
        format = value;
      },
    },
    ...configOptions('a value', (value) => (config = value)),
  });
  if (to === undefined) throw new UsageError('whatif needs --to PRODUCT[:EDITION]');
  if (paths.length === 0) {
    // `--to plans/a.virtplan.json`: the product was left out, and the plan taken for it.
    if (/[/\\]|\.json$/i.test(to)) throw new UsageError(`--to needs a product id before the plans (virtplan facts lists them), not "${to}"`);
    throw new UsageError('whatif needs at least one file or folder');
  }
  return { to, ...(hosts ? { hosts } : {}), format, ...(config !== undefined ? { config } : {}), paths };
}

export interface WhatIfReport {
  path: string;
  result: WhatIfResult;
}

function json(d: PlanDiagnostic) {
  return { code: d.code, severity: d.severity, message: d.message, pointer: d.pointer, range: d.range };
}

export function formatWhatIfJson(reports: WhatIfReport[]): string {
  const files = reports.map(({ path, result }) => ({
    path,
    to: result.target.id,
    fixed: result.fixed.map(json),
    introduced: result.introduced.map(json),
    kept: result.kept.map(json),
  }));
  return JSON.stringify({ files }, null, 2) + '\n';
}

function line(path: string, d: PlanDiagnostic, result: WhatIfResult): string {
  return `  ${escapeControls(path)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}${severityChange(result, d)} ${escapeControls(d.message)}`;
}

/**
 * Per plan: the summary, then Fixed, Introduced and Kept as `check` prints them, then the
 * migration notes. Plan text and paths reach a terminal here: control characters are shown escaped.
 */
export function formatWhatIfText(reports: WhatIfReport[], capacity?: CapacityChange): string {
  const out: string[] = [];
  for (const { path, result } of reports) {
    out.push(`${escapeControls(path)}: ${escapeControls(summarize(result))}`);
    for (const [title, list] of [['Fixed', result.fixed], ['Introduced', result.introduced], ['Kept', result.kept]] as const) {
      out.push(`${title} (${list.length}):`);
      for (const d of list) out.push(line(path, d, result));
    }
    if (result.notes.length) {
      out.push('Moving the VMs:');
      for (const note of result.notes) {
        const from = `${escapeControls(note.hosts.join(', '))} (${note.fromName})`;
        const source = note.sources?.length ? ` [${note.sources.join(', ')}]` : note.confidence ? ` [${note.confidence}]` : '';
        out.push(`  ${from}: ${note.note}${source}`);
      }
    }
    const changes = capacity?.(result) ?? [];
    if (changes.length) out.push('Capacity per host:', ...changes.map((c) => `  ${escapeControls(c)}`));
    out.push('');
  }
  return out.join('\n');
}

function hostNames(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { hosts?: unknown }).hosts)) return [];
  return ((value as { hosts: unknown[] }).hosts)
    .map((h) => (typeof h === 'object' && h !== null ? (h as { name?: unknown }).name : undefined))
    .filter((n): n is string => typeof n === 'string');
}

/** `virtplan whatif`: never writes a plan; exit 0, 1 when the retargeted plan has an error, 2 for a wrong argument or path. */
export function runWhatif(args: string[], io: Io, capacity?: CapacityChange): number {
  let options: WhatIfArgs;
  let target: WhatIfTarget;
  const catalog = loadCatalog();
  try {
    options = parseArgs(args);
    target = parseTarget(options.to, catalog);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof TargetError)) throw error;
    io.err(`virtplan: ${error.message}\n${error instanceof UsageError ? `Usage:\n${WHATIF_USAGE}` : ''}`);
    return 2;
  }
  const { files, problems } = collectPlanFiles(options.paths);
  const configs = new ConfigResolver(options.config);
  const configProblems = new Set<string>();
  const reports: WhatIfReport[] = [];
  const seenHosts = new Set<string>();
  const unmatched = new Set(options.hosts ?? []);
  for (const { path, text } of planTexts(files, problems)) {
    const parsed = parsePlan(text);
    for (const name of hostNames(parsed.value)) seenHosts.add(name);
    const loaded = configs.forPlan(path);
    for (const problem of loaded.problems) configProblems.add(problemLine(problem));
    const result = whatIf(parsed, target, { catalog, severities: loaded.config.severity, defaultReserve: loaded.config.policy.failoverReserve, ...(options.hosts ? { hosts: options.hosts } : {}) });
    for (const name of options.hosts ?? []) if (!result.unmatched.includes(name)) unmatched.delete(name);
    reports.push({ path, result });
  }
  problems.unshift(...configProblems);
  if (reports.length && unmatched.size) {
    for (const name of unmatched) {
      const suggestion = nearest(name, seenHosts);
      problems.push(`--host "${escapeControls(name)}" names no host in the plans given${suggestion ? `; did you mean "${escapeControls(suggestion)}"?` : ''}`);
    }
    for (const problem of problems) io.err(`virtplan: ${escapeControls(problem)}\n`);
    return 2;
  }
  for (const problem of problems) io.err(`virtplan: ${escapeControls(problem)}\n`);
  io.out(options.format === 'json' ? formatWhatIfJson(reports) : formatWhatIfText(reports, capacity));
  if (problems.length) return 2;
  return reports.some((r) => r.result.hasError) ? 1 : 0;
}
