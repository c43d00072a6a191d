import { fmt, fmtOver, fmtPositive, plural } from '../util/format';
import { escapeControls } from '../util/controls';
import type { PlanReport, ReportCluster, ReportDiagnostic, ReportHost } from './build';

/** Hosts drawn in full per plan; beyond this the fullest are drawn and the rest counted. */
export const HOSTS_DRAWN = 300;
/** Diagnostics listed per plan; the command line's `check` lists them all. */
export const DIAGNOSTICS_LISTED = 500;

export interface HtmlOptions {
  /** `page`: a page to mail or print; `vscode`: inside the editor, in its theme colours. */
  theme?: 'page' | 'vscode';
  /** A link to a line of the plan (the editor's webview opens it); none in a mailed page. */
  lineLink?: (plan: PlanReport, line: number) => string | undefined;
  /** Extra `<head>` content, such as the editor's Content Security Policy. */
  head?: string;
}

/** Any plan text on the page: never markup, and control characters shown escaped as the text output shows them. */
export function escapeHtml(text: string): string {
  return escapeControls(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const WIDTH = 140;

interface Meter {
  label: string;
  value: number;
  limit: number | null;
  /** A part of `value` drawn apart, such as the memory the host keeps for itself. */
  reserved?: number;
  text: string;
  over: boolean;
}

/** A bar of a value against its limit, as inline SVG with its figures written beside it. */
function meter(m: Meter): string {
  const title = `${m.label}: ${m.text}${m.over ? ' (over the limit)' : ''}`;
  if (m.limit === null || m.limit <= 0) return `<span class="figure${m.over ? ' over' : ''}">${escapeHtml(m.text)}</span>`;
  const scale = (v: number) => Math.max(0, Math.min(WIDTH, Math.round((v / m.limit!) * WIDTH)));
  const fill = scale(m.value);
  const reserved = m.reserved ? scale(Math.min(m.reserved, m.value)) : 0;
  return (
    `<span class="meter"><svg width="${WIDTH}" height="12" viewBox="0 0 ${WIDTH} 12" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>` +
    `<rect class="track" width="${WIDTH}" height="12" rx="3"/>` +
    `<rect class="fill${m.over ? ' over' : ''}" data-value="${m.value}" data-limit="${m.limit}" width="${fill}" height="12" rx="3"/>` +
    (reserved ? `<rect class="reserved" width="${reserved}" height="12" rx="3"/>` : '') +
    `</svg><span class="figure${m.over ? ' over' : ''}">${escapeHtml(m.text)}</span></span>`
  );
}

const ratio = (value: number | null, max: number | null) => (value === null ? '' : ` (${fmtOver(value, max ?? Infinity)[0]}:1)`);

function hostRow(h: ReportHost): string {
  const vcpuLimit = h.logicalProcessors !== null && h.maxRatio !== null ? h.logicalProcessors * h.maxRatio : h.maxVcpus;
  const meters = [
    meter({ label: 'Virtual processors', value: h.vcpus, limit: vcpuLimit, text: `${h.vcpus}${vcpuLimit !== null ? ` of ${vcpuLimit}` : ''} vCPU${ratio(h.ratio, h.maxRatio)}`, over: h.over.vcpus }),
    meter({
      label: 'Memory committed',
      value: h.committedMemoryGB,
      limit: h.usableMemoryGB,
      reserved: h.reserveGB,
      text: `${h.usableMemoryGB !== null ? fmtOver(h.committedMemoryGB, h.usableMemoryGB).join(' of ') : fmt(h.committedMemoryGB)} GB (${fmt(h.reserveGB)} for the host)`,
      over: h.over.memory,
    }),
    meter({ label: 'VMs', value: h.vms, limit: h.maxVms, text: h.maxVms !== null ? `${h.vms} of ${h.maxVms} VMs` : plural(h.vms, 'VM'), over: h.over.vms }),
    meter({
      label: 'Windows licences',
      value: h.windowsGuests,
      limit: h.licensedWindowsGuests,
      text: h.licensedWindowsGuests !== null ? `${h.windowsGuests} of ${h.licensedWindowsGuests} licences` : `${h.windowsGuests} Windows guests`,
      over: h.over.licences,
    }),
  ];
  const lp = h.logicalProcessors === null ? '—' : `${h.logicalProcessors}${h.maxLogicalProcessors !== null ? ` of ${h.maxLogicalProcessors}` : ''}`;
  const codes = h.codes.length ? `<span class="codes">${h.codes.map((c) => `<code>${escapeHtml(c)}</code>`).join(' ')}</span>` : '';
  return (
    `<tr${Object.values(h.over).some(Boolean) ? ' class="over-row"' : ''}><th scope="row">${escapeHtml(h.name ?? '(unnamed)')}<small>${escapeHtml(h.productName ?? h.product ?? 'unknown product')} · line ${h.line}</small>${codes}</th>` +
    `<td class="num${h.over.processors ? ' over' : ''}">${lp}</td>${meters.map((m) => `<td>${m}</td>`).join('')}</tr>`
  );
}

function clusterBlock(c: ReportCluster): string {
  const state = c.blocked ? 'blocked' : !c.failover ? 'unknown' : c.failover.ok ? 'ok' : 'short';
  const badge = state === 'ok' ? `N+${c.reserve} ok` : state === 'short' ? `N+${c.reserve}: ${plural(c.failover!.unplacedVms.length, 'VM')} short` : state === 'blocked' ? 'no failover' : 'not judged';
  const lost =
    state === 'short' && c.failover
      ? `<p>With <strong>${c.failover.failedNodes.map(escapeHtml).join(' and ')}</strong> down, these VMs (${fmtPositive(c.failover.shortfallGB)} GB) would not restart:</p><ul class="vms">${c.failover.unplacedVms.slice(0, 50).map((v) => `<li>${escapeHtml(v)}</li>`).join('')}${c.failover.unplacedVms.length > 50 ? `<li>and ${c.failover.unplacedVms.length - 50} more</li>` : ''}</ul>`
      : '';
  return `<section class="cluster ${state}"><h3>${escapeHtml(c.name ?? '(unnamed)')} <span class="badge ${state}">${escapeHtml(badge)}</span> <small>line ${c.line} · ${c.nodes.map(escapeHtml).join(', ')}</small></h3><p>${escapeHtml(c.summary)}</p>${lost}</section>`;
}

function diagnosticsBlock(plan: PlanReport, options: HtmlOptions): string {
  if (!plan.diagnostics.length) return '<p class="clean">No diagnostics: the plan is within every limit virtplan checks.</p>';
  const groups = new Map<string, ReportDiagnostic[]>();
  for (const d of plan.diagnostics.slice(0, DIAGNOSTICS_LISTED)) {
    const list = groups.get(d.about) ?? [];
    list.push(d);
    groups.set(d.about, list);
  }
  const where = (d: ReportDiagnostic) => {
    const link = options.lineLink?.(plan, d.line);
    const text = `${d.line}:${d.column}`;
    return link ? `<a href="${escapeHtml(link)}">${text}</a>` : text;
  };
  const more = plan.diagnostics.length > DIAGNOSTICS_LISTED ? `<p>${plan.diagnostics.length - DIAGNOSTICS_LISTED} more are not listed here; <code>virtplan check</code> lists them all.</p>` : '';
  return (
    [...groups]
      .map(
        ([about, list]) =>
          `<details open><summary>${escapeHtml(about)} <small>${plural(list.length, 'diagnostic')}</small></summary><table class="diagnostics"><tbody>${list
            .map((d) => `<tr class="${d.severity}"><td class="num">${where(d)}</td><td><span class="sev ${d.severity}">${d.severity}</span></td><td><code>${escapeHtml(d.code)}</code></td><td>${escapeHtml(d.message)}</td></tr>`)
            .join('')}</tbody></table></details>`,
      )
      .join('') + more
  );
}

function planSection(plan: PlanReport, options: HtmlOptions): string {
  const vcpus = plan.hosts.reduce((n, h) => n + h.vcpus, 0);
  const committed = plan.hosts.reduce((n, h) => n + h.committedMemoryGB, 0);
  const usable = plan.hosts.reduce((n, h) => n + (h.usableMemoryGB ?? 0), 0);
  const { error, warning, information, hint } = plan.counts;
  // The fullest hosts first when not all are drawn: those over a limit, then by memory.
  const fullness = (h: ReportHost) => (Object.values(h.over).some(Boolean) ? 2 : 0) + (h.usableMemoryGB ? h.committedMemoryGB / h.usableMemoryGB : 0);
  const drawn = plan.hosts.length > HOSTS_DRAWN ? [...plan.hosts].sort((a, b) => fullness(b) - fullness(a)).slice(0, HOSTS_DRAWN) : plan.hosts;
  const notDrawn = plan.hosts.length - drawn.length;
  return `<section class="plan">
<header><h1>${escapeHtml(plan.name ?? '(unnamed plan)')}</h1><p class="path">${escapeHtml(plan.path)}</p>
<dl class="totals"><div><dt>Hosts</dt><dd>${plan.hosts.length}</dd></div><div><dt>VMs</dt><dd>${plan.vms.count}</dd></div><div><dt>vCPUs</dt><dd>${vcpus}</dd></div><div><dt>Memory committed</dt><dd>${fmt(committed)} of ${fmt(usable)} GB</dd></div><div><dt>Clusters</dt><dd>${plan.clusters.length}</dd></div><div class="${error ? 'bad' : 'good'}"><dt>Diagnostics</dt><dd>${plural(error, 'error')} · ${plural(warning, 'warning')} · ${information} information · ${plural(hint, 'hint')}</dd></div></dl></header>
<h2>Hosts</h2>
${plan.hosts.length ? `<table class="hosts"><caption>Each host's load against its product's limits; a red bar is over its limit.</caption><thead><tr><th scope="col">host</th><th scope="col">logical processors</th><th scope="col">virtual processors</th><th scope="col">memory</th><th scope="col">VMs</th><th scope="col">licences</th></tr></thead><tbody>${drawn.map(hostRow).join('')}</tbody></table>` : '<p>No host could be read.</p>'}
${notDrawn ? `<p class="note">The ${HOSTS_DRAWN} fullest hosts are drawn; ${plural(notDrawn, 'more host')} within ${notDrawn === 1 ? 'its' : 'their'} limits ${notDrawn === 1 ? 'is' : 'are'} in the JSON report (<code>virtplan report --format json</code>).</p>` : ''}
${plan.clusters.length ? `<h2>Clusters</h2>${plan.clusters.map(clusterBlock).join('')}` : ''}
<h2>Diagnostics</h2>
${diagnosticsBlock(plan, options)}
</section>`;
}

const PAGE_COLOURS = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5d6675; --bg: #ffffff; --panel: #f4f6f9; --line: #d9dee6; --track: #e3e7ee; --fill: #2f6fdb; --reserved: #8aa6d6; --over: #c62828; --ok: #2e7d32; --warn: #b26a00; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --bg: #16191f; --panel: #1f232b; --line: #343a46; --track: #2c313b; --fill: #5b93f0; --reserved: #3f5f94; --over: #ef5350; --ok: #66bb6a; --warn: #ffb74d; } }`;
const VSCODE_COLOURS = `
:root { --fg: var(--vscode-foreground); --muted: var(--vscode-descriptionForeground); --bg: var(--vscode-editor-background); --panel: var(--vscode-sideBar-background, var(--vscode-editor-background)); --line: var(--vscode-panel-border, #8884); --track: var(--vscode-input-background, #8883); --fill: var(--vscode-charts-blue, #3794ff); --reserved: var(--vscode-charts-purple, #b180d7); --over: var(--vscode-charts-red, #f14c4c); --ok: var(--vscode-charts-green, #89d185); --warn: var(--vscode-charts-orange, #d18616); }`;
const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 24px; max-width: 1200px; }
h1 { font-size: 24px; margin: 0; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 0 0 4px; }
.path, small, caption, .note { color: var(--muted); } small { font-weight: normal; margin-left: 6px; } caption { text-align: left; padding: 4px 0; }
.totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0; } .totals div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
.totals dt { font-size: 12px; color: var(--muted); } .totals dd { margin: 0; font-weight: 600; } .totals .bad dd { color: var(--over); } .totals .good dd { color: var(--ok); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
thead th { font-size: 12px; color: var(--muted); font-weight: 600; } tbody th { font-weight: 600; white-space: nowrap; } tbody th small { display: block; margin: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } .over, .figure.over { color: var(--over); font-weight: 600; } tr.over-row th { border-left: 3px solid var(--over); }
.meter { display: flex; flex-direction: column; gap: 3px; } .figure { font-variant-numeric: tabular-nums; font-size: 13px; }
tbody th { white-space: normal; min-width: 180px; } .codes { display: block; margin-top: 4px; line-height: 1.9; } .codes code { white-space: nowrap; color: var(--over); }
.diagnostics td:nth-child(3) code { white-space: nowrap; }
svg .track { fill: var(--track); } svg .fill { fill: var(--fill); } svg .fill.over { fill: var(--over); } svg .reserved { fill: var(--reserved); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel); border-radius: 3px; padding: 1px 4px; }
.cluster { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: 10px 14px; margin: 8px 0; }
.cluster.ok { border-left-color: var(--ok); } .cluster.short, .cluster.blocked { border-left-color: var(--over); } .cluster p { margin: 4px 0; }
.badge { font-size: 12px; border-radius: 10px; padding: 1px 8px; border: 1px solid currentColor; } .badge.ok { color: var(--ok); } .badge.short, .badge.blocked { color: var(--over); } .badge.unknown { color: var(--muted); }
.vms { columns: 3 180px; margin: 4px 0; }
.diagnostics { table-layout: fixed; } .diagnostics td:nth-child(1) { width: 56px; } .diagnostics td:nth-child(2) { width: 96px; } .diagnostics td:nth-child(3) { width: 250px; }
details { margin: 6px 0; } summary { cursor: pointer; font-weight: 600; } .diagnostics td { font-size: 13px; }
.sev { font-size: 11px; text-transform: uppercase; letter-spacing: .03em; font-weight: 700; } .sev.error { color: var(--over); } .sev.warning { color: var(--warn); } .sev.information, .sev.hint { color: var(--muted); }
a { color: var(--fill); } .clean { color: var(--ok); } footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
.plan + .plan { margin-top: 48px; border-top: 2px solid var(--line); padding-top: 24px; }
@media print { body { padding: 0; max-width: none; } details { break-inside: avoid; } .cluster, tr { break-inside: avoid; } }`;

/** One self-contained page: styles inline, charts as inline SVG, no script, nothing fetched. */
export function reportHtml(plans: readonly PlanReport[], options: HtmlOptions = {}): string {
  const title = plans.length === 1 ? `Capacity report: ${plans[0].name ?? plans[0].path}` : `Capacity report: ${plans.length} plans`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.head ?? ''}
<title>${escapeHtml(title)}</title>
<style>${options.theme === 'vscode' ? VSCODE_COLOURS : PAGE_COLOURS}${STYLE}</style>
</head>
<body>
${plans.map((p) => planSection(p, options)).join('\n')}
<footer>Made by virtplan from the plan and its product catalog; limits and their sources: <code>virtplan facts PRODUCT</code>.</footer>
</body>
</html>
`;
}
