import { RULES_BY_CODE } from '../rules/index';
import type { Severity } from '../rules/finding';
import type { PlanDiagnostic } from '../service/diagnostic';
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeControls } from './terminal';

export interface FileReport {
  path: string;
  diagnostics: PlanDiagnostic[];
}

/**
 * A path as SARIF's `uri` wants it: an absolute path as a `file:` URI, a relative one as a
 * relative reference with `/` between segments, each segment escaped (`#` and `?` included,
 * which `encodeURI` would leave to start a fragment or a query).
 */
export function sarifUri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(sep === '/' ? '/' : /[\\/]/).map(encodeURIComponent).join('/');
}

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

/**
 * `path:line:col severity code message`, one-based as editors and CI logs link them. Paths and
 * messages quote the plan, so control characters are shown escaped: one diagnostic, one line.
 */
export function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const report of reports) {
    for (const d of report.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      lines.push(`${escapeControls(report.path)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${escapeControls(d.message)}`);
    }
  }
  const total = reports.reduce((n, r) => n + r.diagnostics.length, 0);
  lines.push(
    `${reports.length} ${reports.length === 1 ? 'file' : 'files'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` +
      (total - errors - warnings ? `, ${total - errors - warnings} other` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/**
 * A workflow command's message. GitHub reads `%25`, `%0D` and `%0A` as its own escapes, so a
 * `%` is written `%25`; CR and LF never reach it, being shown as `\r` and `\n` like every
 * control character, so a plan value cannot end the command and start another.
 */
function githubData(text: string): string {
  return escapeControls(text).replace(/%/g, '%25');
}

/** A workflow command's property value, where `,` ends the property and `:` the properties. */
function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One GitHub Actions workflow command per diagnostic, which the job's log turns into an
 * annotation on the file's line: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`.
 */
export function formatGithub(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      const { start, end } = d.range;
      const properties = [
        `file=${githubProperty(report.path)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${githubProperty(d.code)}`,
      ];
      lines.push(`::${GITHUB_COMMAND[d.severity]} ${properties.join(',')}::${githubData(d.message)}`);
    }
  }
  return lines.map((line) => `${line}\n`).join('');
}

export function formatJson(reports: FileReport[]): string {
  const files = reports.map((report) => ({
    path: report.path,
    diagnostics: report.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, pointer: d.pointer, range: d.range })),
  }));
  return JSON.stringify({ files }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(reports: FileReport[], version: string): string {
  const used = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const index = new Map(used.map((code, i) => [code, i]));
  const rules = used.map((code) => {
    const info = RULES_BY_CODE.get(code);
    return {
      id: code,
      name: code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: info?.summary ?? code },
      fullDescription: { text: info?.summary ?? code },
      help: { text: `See docs/rules.md#${code} for what the rule checks, the fact behind it and how to fix it.` },
      defaultConfiguration: { level: SARIF_LEVEL[info?.severity ?? 'error'] },
    };
  });
  const results = reports.flatMap((report) =>
    report.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: index.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: sarifUri(report.path) },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
              charOffset: d.offset,
              charLength: d.length,
            },
          },
          // The JSON pointer of the value at fault; the whole document ("") has none to give.
          ...(d.pointer ? { logicalLocations: [{ fullyQualifiedName: d.pointer, kind: 'member' }] } : {}),
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'virtplan', version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        artifacts: reports.map((r) => ({ location: { uri: encodeURI(r.path) } })),
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
