import { clip, fmt, fmtOver, plural } from '../util/format';
import type { PlanReport, ReportHost } from './build';
import { DIAGNOSTICS_LISTED } from './html';
import { escapeControls } from '../util/controls';

/**
 * Plan text in Markdown: no markup, no cell breaks, no page-long names, and control characters
 * shown escaped (`\u001b`) as the text output shows them, so a name cannot forge a line or
 * drive the terminal the report is printed to.
 */
export function cell(text: string): string {
  return escapeControls(clip(text, 1000)).replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

const mark = (over: boolean, text: string) => (over ? `**${text} ⚠**` : text);
const ratio = (value: number | null, max: number | null) => (value === null ? '' : ` (${fmtOver(value, max ?? Infinity)[0]}:1)`);

function hostRow(h: ReportHost): string {
  const vcpu = `${h.vcpus} vCPU${ratio(h.ratio, h.maxRatio)}${h.maxRatio !== null ? ` of ${h.maxRatio}:1` : ''}`;
  const memory = h.usableMemoryGB !== null ? `${fmtOver(h.committedMemoryGB, h.usableMemoryGB).join(' of ')} GB` : `${fmt(h.committedMemoryGB)} GB`;
  const vms = h.maxVms !== null ? `${h.vms} of ${h.maxVms}` : String(h.vms);
  const licences = h.licensedWindowsGuests !== null ? `${h.windowsGuests} of ${h.licensedWindowsGuests}` : `${h.windowsGuests}`;
  return `| ${cell(h.name ?? '(unnamed)')} | ${cell(h.productName ?? h.product ?? 'unknown')} | ${mark(h.over.processors, h.logicalProcessors === null ? '—' : String(h.logicalProcessors))} | ${mark(h.over.vcpus, vcpu)} | ${mark(h.over.memory, memory)} | ${mark(h.over.vms, vms)} | ${mark(h.over.licences, licences)} | ${h.codes.map((c) => `\`${c}\``).join(' ')} |`;
}

/**
 * GitHub takes at most 1 MiB of job summary from a step (docs/ci.md pipes the report into it):
 * the report stops listing rows well before that, and says how many it left out.
 */
export const MARKDOWN_BUDGET = 512 * 1024;
/** Room kept for the notes that say what was left out. */
const NOTE_ROOM = 4 * 1024;

const JSON_LISTS_ALL = '`virtplan report --format json` lists them all';

/** `_3 more hosts are not listed here; …_`: what a cut list says in its place. */
function notListed(n: number, one: string, why: string, many = `${one}s`): string {
  return `_${plural(n, one, many)} ${n === 1 ? 'is' : 'are'} not listed here${why}._`;
}

/** Lines of Markdown counted in UTF-8 bytes as they are added. */
class Lines {
  readonly out: string[] = [];
  private size = 0;
  constructor(private readonly budget: number) {}
  /** Whether `lines` fit, leaving room for the notes. */
  fits(...lines: string[]): boolean {
    let size = this.size;
    for (const line of lines) size += Buffer.byteLength(line) + 1;
    return size + NOTE_ROOM <= this.budget;
  }
  push(...lines: string[]): void {
    for (const line of lines) {
      this.size += Buffer.byteLength(line) + 1;
      this.out.push(line);
    }
  }
  /**
   * A table: its header and as many rows as fit, then a line saying how many are not listed.
   * Rows are made one at a time, so those left out cost nothing.
   */
  table(header: string[], count: number, row: (i: number) => string, notListed: (n: number) => string, limit = count): void {
    let shown = 0;
    if (count > 0 && this.fits(...header)) {
      this.push(...header);
      for (; shown < Math.min(count, limit); shown++) {
        const line = row(shown);
        if (!this.fits(line)) break;
        this.push(line);
      }
    }
    if (shown < count) this.push('', notListed(count - shown));
    if (count > 0) this.push('');
  }
}

/** The report as GitHub-flavoured Markdown, for a CI job summary: at most `budget` bytes and the notes. */
export function reportMarkdown(plans: readonly PlanReport[], budget = MARKDOWN_BUDGET): string {
  const out = new Lines(budget);
  for (let p = 0; p < plans.length; p++) {
    const plan = plans[p];
    const { error, warning, information, hint } = plan.counts;
    const head = [
      `## Capacity: ${cell(plan.name ?? plan.path)}`,
      '',
      `${cell(plan.path)} · ${plural(plan.hosts.length, 'host')} · ${plan.vms.words} · ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${information} information, ${plural(hint, 'hint')}`,
      '',
    ];
    if (!out.fits(...head)) {
      out.push(notListed(plans.length - p, 'more plan', ", to keep the report under GitHub's 1 MiB job summary; `virtplan report --format json` has them all"), '');
      break;
    }
    out.push(...head);
    out.table(
      ['| host | product | logical processors | vCPUs | memory committed | VMs | Windows licences | codes |', '|---|---|---:|---|---|---|---|---|'],
      plan.hosts.length,
      (i) => hostRow(plan.hosts[i]),
      (n) => notListed(n, 'more host', `; ${JSON_LISTS_ALL}`),
    );
    out.table(
      ['| cluster | nodes | reserve | failover |', '|---|---|---:|---|'],
      plan.clusters.length,
      (i) => {
        const c = plan.clusters[i];
        const ok = c.blocked ? '❌ ' : c.failover ? (c.failover.ok ? '✅ ' : '❌ ') : '';
        return `| ${cell(c.name ?? '(unnamed)')} | ${c.nodes.map(cell).join(', ')} | ${c.reserve} | ${ok}${cell(c.summary)} |`;
      },
      (n) => notListed(n, 'more cluster', `; ${JSON_LISTS_ALL}`),
    );
    // As many diagnostics as the HTML report lists, and fewer when the budget is spent.
    out.table(
      ['| line | severity | code | about | message |', '|---:|---|---|---|---|'],
      plan.diagnostics.length,
      (i) => {
        const d = plan.diagnostics[i];
        return `| ${d.line}:${d.column} | ${d.severity} | \`${d.code}\` | ${cell(d.about)} | ${cell(d.message)} |`;
      },
      (n) => notListed(n, 'more', '; `virtplan check` lists them all', 'more'),
      DIAGNOSTICS_LISTED,
    );
  }
  return out.out.join('\n');
}
