import { fmt, plural } from '../util/format';
import type { PlanReport, ReportHost } from './build';

/** Plan text in a Markdown table cell: no markup, no line breaks, no cell breaks. */
export function cell(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

const mark = (over: boolean, text: string) => (over ? `**${text} ⚠**` : text);
const ratio = (value: number | null) => (value === null ? '' : ` (${fmt(Math.round(value * 10) / 10)}:1)`);

function hostRow(h: ReportHost): string {
  const vcpu = `${h.vcpus} vCPU${ratio(h.ratio)}${h.maxRatio !== null ? ` of ${h.maxRatio}:1` : ''}`;
  const memory = h.usableMemoryGB !== null ? `${fmt(h.committedMemoryGB)} of ${fmt(h.usableMemoryGB)} GB` : `${fmt(h.committedMemoryGB)} GB`;
  const vms = h.maxVms !== null ? `${h.vms} of ${h.maxVms}` : String(h.vms);
  const licences = h.licensedWindowsGuests !== null ? `${h.windowsGuests} of ${h.licensedWindowsGuests}` : `${h.windowsGuests}`;
  return `| ${cell(h.name ?? '(unnamed)')} | ${cell(h.productName ?? h.product ?? 'unknown')} | ${mark(h.over.processors, h.logicalProcessors === null ? '—' : String(h.logicalProcessors))} | ${mark(h.over.vcpus, vcpu)} | ${mark(h.over.memory, memory)} | ${mark(h.over.vms, vms)} | ${mark(h.over.licences, licences)} | ${h.codes.map((c) => `\`${c}\``).join(' ')} |`;
}

/** The report as GitHub-flavoured Markdown, for a CI job summary. */
export function reportMarkdown(plans: readonly PlanReport[]): string {
  const out: string[] = [];
  for (const plan of plans) {
    const { error, warning, information, hint } = plan.counts;
    out.push(`## Capacity: ${cell(plan.name ?? plan.path)}`, '');
    out.push(`\`${cell(plan.path)}\` · ${plural(plan.hosts.length, 'host')} · ${plural(plan.hosts.reduce((n, h) => n + h.vms, 0), 'VM')} · ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${information} information, ${plural(hint, 'hint')}`, '');
    if (plan.hosts.length) {
      out.push('| host | product | logical processors | vCPUs | memory committed | VMs | Windows licences | codes |', '|---|---|---:|---|---|---|---|---|');
      for (const h of plan.hosts) out.push(hostRow(h));
      out.push('');
    }
    if (plan.clusters.length) {
      out.push('| cluster | nodes | reserve | failover |', '|---|---|---:|---|');
      for (const c of plan.clusters) {
        const ok = c.blocked ? '❌ ' : c.failover ? (c.failover.ok ? '✅ ' : '❌ ') : '';
        out.push(`| ${cell(c.name ?? '(unnamed)')} | ${c.nodes.map(cell).join(', ')} | ${c.reserve} | ${ok}${cell(c.summary)} |`);
      }
      out.push('');
    }
    if (plan.diagnostics.length) {
      out.push('| line | severity | code | about | message |', '|---:|---|---|---|---|');
      for (const d of plan.diagnostics) out.push(`| ${d.line}:${d.column} | ${d.severity} | \`${d.code}\` | ${cell(d.about)} | ${cell(d.message)} |`);
      out.push('');
    }
  }
  return out.join('\n');
}
