import { visit } from 'jsonc-parser';
import { RULES } from '../rules/index';
import type { Finding } from '../rules/finding';
import { fileTooLargeRule, parseErrorRule, suppressionUnusedRule } from '../rules/file';
import type { ParsedPlan } from '../json/parse';
import { PlanVersion } from './plan-version';

const DIRECTIVE = 'virtplan-disable-next-line';
const KNOWN_CODES = new Set(RULES.map((r) => r.code));
/**
 * Codes no suppression reaches, each with why: a syntax error is never hidden, the hint about
 * unused ones is set by severity only, and a plan too large to check is not read for its lists.
 */
const NEVER_SUPPRESSED: ReadonlyMap<string, string> = new Map([
  [parseErrorRule.code, 'a plan that is not valid JSON is always an error'],
  [suppressionUnusedRule.code, 'turn it off with the virtplan.severity setting or the configuration file'],
  [fileTooLargeRule.code, 'a plan too large to check is not read; raise virtplan.maxFileSizeMB or turn the code off in the settings'],
]);

/** Whether a `suppress` entry or comment can silence `code`. */
export const suppressible = (code: string): boolean => !NEVER_SUPPRESSED.has(code);

const cannot = (code: string): string | undefined => {
  const why = NEVER_SUPPRESSED.get(code);
  return why === undefined ? undefined : `"${code}" cannot be suppressed: ${why}.`;
};

/** A `suppress` entry in the plan: a code silenced in the file ('' scope) or in one host, VM or cluster. */
interface Entry {
  code: string;
  /** The entry's own place, e.g. /vms/3/suppress/0, where an unused one is reported. */
  pointer: string;
  /** The object it covers: '' for the whole file, or /hosts/0, /vms/3, /clusters/1. */
  scope: string;
  used: boolean;
}

/** A `// virtplan-disable-next-line CODE, CODE` comment. */
interface Directive {
  line: number;
  offset: number;
  length: number;
  /** Each code with its place in the text; none means every code. */
  codes: Array<{ code: string; offset: number; used: boolean }>;
  used: boolean;
}

function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function entriesOf(value: unknown): Entry[] {
  const entries: Entry[] = [];
  const read = (list: unknown[], scope: string) => {
    list.forEach((code, i) => {
      if (typeof code === 'string' && KNOWN_CODES.has(code)) entries.push({ code, pointer: `${scope}/suppress/${i}`, scope, used: false });
    });
  };
  const top = own(value, 'suppress');
  if (Array.isArray(top)) read(top, '');
  for (const group of ['hosts', 'vms', 'clusters']) {
    const items = own(value, group);
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      // The scope's pointer is made only for an item that has a list: most have none.
      const list = own(item, 'suppress');
      if (Array.isArray(list)) read(list, `/${group}/${i}`);
    });
  }
  return entries;
}

/**
 * The codes a directive lists in `comment` after `from`, each with its index there. A reason
 * may follow them after `--`, as `// virtplan-disable-next-line disk-too-large -- test host`:
 * its words are no codes.
 */
export function directiveCodes(comment: string, from: number): Array<{ code: string; index: number }> {
  const reason = /(?:^|\s)--+(?:\s|$)/g;
  reason.lastIndex = from;
  const end = reason.exec(comment)?.index ?? comment.length;
  const codes: Array<{ code: string; index: number }> = [];
  const list = /[^\s,]+/g;
  list.lastIndex = from;
  for (let m = list.exec(comment); m && m.index < end; m = list.exec(comment)) codes.push({ code: m[0], index: m.index });
  return codes;
}

function directivesOf(parsed: ParsedPlan): Directive[] {
  // Most plans have none: the scan for comments is paid only by plans that use the directive.
  // Whether the text names it at all is asked once per version (what-if asks it twice). A
  // directive is a line comment: a text without "//" (found at once where there is no slash)
  // is not searched for the longer name (a tenth of a millisecond a megabyte).
  const named = () => parsed.source.includes('//') && parsed.source.includes(DIRECTIVE);
  if (!(parsed instanceof PlanVersion ? parsed.derived(`text names ${DIRECTIVE}`, named) : named())) return [];
  const found: Directive[] = [];
  visit(parsed.source, {
    onComment: (offset, length) => {
      const text = parsed.source.slice(offset, offset + length);
      const match = /^\/\/\s*virtplan-disable-next-line\b/.exec(text);
      if (!match) return;
      const codes = directiveCodes(text, match[0].length).map(({ code, index }) => ({ code, offset: offset + index, used: false }));
      found.push({ line: parsed.lines.positionAt(offset).line, offset, length, codes, used: false });
    },
  });
  return found;
}

function covers(scope: string, pointer: string): boolean {
  return scope === '' || pointer === scope || pointer.startsWith(`${scope}/`);
}

/**
 * The suppressions a plan declares: `suppress` lists on the plan and on each host, VM and
 * cluster, and `virtplan-disable-next-line` comments. Each remembers whether it silenced
 * anything, so the ones that do not can be pointed out.
 */
export class Suppressions {
  private readonly entries: Entry[];
  private readonly directives: Directive[];
  private readonly byLine = new Map<number, Directive>();

  constructor(parsed: ParsedPlan) {
    this.entries = parsed.value === undefined ? [] : entriesOf(parsed.value);
    this.directives = directivesOf(parsed);
    for (const directive of this.directives) this.byLine.set(directive.line + 1, directive);
  }

  /** Whether a `suppress` list silences this finding; every list that names it counts as used. */
  silencesByPointer(finding: Finding): boolean {
    if (NEVER_SUPPRESSED.has(finding.code) || this.entries.length === 0) return false;
    let silenced = false;
    for (const entry of this.entries) {
      if (entry.code === finding.code && covers(entry.scope, finding.pointer)) {
        entry.used = true;
        silenced = true;
      }
    }
    return silenced;
  }

  /** Whether a comment on the line before silences a finding that starts on `line`. */
  silencesByLine(code: string, line: number): boolean {
    if (NEVER_SUPPRESSED.has(code)) return false;
    const directive = this.byLine.get(line);
    if (!directive) return false;
    if (directive.codes.length === 0) return (directive.used = true);
    const named = directive.codes.find((c) => c.code === code);
    if (!named) return false;
    named.used = directive.used = true;
    return true;
  }

  /** Where each `suppress` entry is written: where an unused one would be reported. */
  entryPointers(): string[] {
    return this.entries.map((entry) => entry.pointer);
  }

  get hasComments(): boolean {
    return this.directives.length > 0;
  }

  /** A hint for each entry and comment that silenced nothing. */
  unused(): Finding[] {
    const findings: Finding[] = [];
    for (const entry of this.entries) {
      if (entry.used) continue;
      const where = entry.scope === '' ? 'in this plan' : `in this ${entry.scope.startsWith('/hosts') ? 'host' : entry.scope.startsWith('/vms') ? 'VM' : 'cluster'}`;
      findings.push({
        code: suppressionUnusedRule.code,
        severity: suppressionUnusedRule.severity,
        message: `${cannot(entry.code) ?? `"${entry.code}" is suppressed here, but nothing ${where} reports it.`} Remove it from "suppress".`,
        pointer: entry.pointer,
        data: { unusedSuppression: entry.code },
      });
    }
    for (const directive of this.directives) {
      if (directive.codes.length === 0) {
        if (!directive.used) findings.push(this.commentHint(directive.offset, directive.length, 'This comment silences nothing: no diagnostic starts on the next line. Remove it.'));
        continue;
      }
      for (const named of directive.codes) {
        if (named.used) continue;
        const never = cannot(named.code);
        const message = never
          ? `${never} Remove it.`
          : KNOWN_CODES.has(named.code)
          ? `"${named.code}" is not reported on the next line, so this comment does not need it. Remove it.`
          : `"${named.code}" is not a virtplan rule code, so it silences nothing. Remove it or correct it.`;
        findings.push(this.commentHint(named.offset, named.code.length, message));
      }
    }
    return findings;
  }

  private commentHint(offset: number, length: number, message: string): Finding {
    return { code: suppressionUnusedRule.code, severity: suppressionUnusedRule.severity, message, pointer: '', span: { offset, length }, data: { unusedSuppression: 'comment' } };
  }
}
