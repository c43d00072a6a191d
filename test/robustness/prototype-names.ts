import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { basePlan, type Json } from '../helpers';

/** Names Object.prototype answers to: plan text looked up in a plain object finds these. */
export const PROTOTYPE_NAMES = [
  'valueOf',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
] as const;

/** What a message, a hover or a fix would show had a prototype member been taken for a catalog value. */
const LEAKS = [/function\s*\w*\s*\(/, /\[native code\]/, /\[object /, /\bundefined\b/, /\bNaN\b/, /\bObject\b/];

/** Every place of a plan where a name or an id goes, and a way to put a value there. */
const SLOTS: Record<string, (plan: Json, value: string) => void> = {
  'plan name': (p, v) => (p.name = v),
  'host name': (p, v) => {
    p.hosts[0].name = v;
    p.clusters[0].nodes[0] = v;
    p.vms[0].host = v;
  },
  product: (p, v) => (p.hosts[0].product = v),
  edition: (p, v) => (p.hosts[1].edition = v),
  update: (p, v) => (p.hosts[0].updates = [v]),
  'hot add item': (p, v) => (p.hosts[0].features = { hotAdd: [v, 'memory'] }),
  'guest os': (p, v) => (p.vms[0].guest.os = v),
  'guest arch': (p, v) => (p.vms[0].guest.arch = v),
  'vm name': (p, v) => (p.vms[0].name = v),
  'vm host': (p, v) => (p.vms[0].host = v),
  migration: (p, v) => (p.vms[0].migration = v),
  'disk bus': (p, v) => (p.vms[0].disks[0].bus = v),
  'cluster name': (p, v) => (p.clusters[0].name = v),
  'cluster node': (p, v) => (p.clusters[0].nodes[1] = v),
  suppress: (p, v) => (p.suppress = [v]),
  'key in a VM': (p, v) => (p.vms[0][v] = 4),
  'key in hardware': (p, v) => (p.hosts[0].hardware[v] = { vcpus: 64 }),
  'key in features': (p, v) => (p.hosts[0].features = { [v]: true }),
  'key in the plan': (p, v) => (p[v] = { hosts: [] }),
};
export const SLOT_NAMES = Object.keys(SLOTS);

/**
 * A plan that trips the rules whose limits are looked up by plan text (guest vCPUs, editions,
 * hot add), so a prototype member taken for a limit would show in a message.
 */
function stressedPlan(): Json {
  const plan = basePlan();
  plan.vms[0].vcpus = 4;
  plan.vms[0].guest.os = 'windows-server-2003';
  plan.hosts[0].product = 'hyperv-2008';
  plan.hosts[0].hardware.sockets = 4;
  plan.hosts[0].hardware.coresPerSocket = 5;
  return plan;
}

/** Plan text with prototype names in some of its name and id slots, keys included (JSON.stringify writes `__proto__` as a key). */
export function prototypePlanText(slots: ReadonlyArray<readonly [string, string]>): string {
  const plan = stressedPlan();
  for (const [slot, name] of slots) SLOTS[slot](plan, name);
  // A `__proto__` key set by assignment would change the object's prototype, not add a key.
  return JSON.stringify(plan, null, 2).replace(/"__proto_x__"/g, '"__proto__"');
}

/** Plans with prototype names from `names` in one to five random slots. */
export function prototypePlans(names: readonly string[] = PROTOTYPE_NAMES): fc.Arbitrary<string> {
  const written = names.map((n) => (n === '__proto__' ? '__proto_x__' : n));
  return fc.array(fc.tuple(fc.constantFrom(...SLOT_NAMES), fc.constantFrom(...written)), { minLength: 1, maxLength: 5 }).map((slots) => prototypePlanText(slots));
}

export const prototypePlan = prototypePlans();

const service = new PlanLanguageService();

function hoverText(hover: Hover | null): string {
  if (!hover) return '';
  const contents = hover.contents;
  return typeof contents === 'string' ? contents : Array.isArray(contents) ? contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n') : (contents as MarkupContent).value;
}

/**
 * No message, hover or fix shows a prototype member: every diagnostic, every quick fix of the
 * plan, and (unless `hovers` is false) the hover at every string of the text.
 */
export function assertNothingLeaks(text: string, hovers = true): void {
  // A word the plan itself writes (a name "undefined") is quoted back, not leaked.
  const LEAKED = new RegExp(LEAKS.filter((leak) => !leak.test(text)).map((leak) => leak.source).join('|') || '(?!)');
  const parsed = service.parse(text);
  const diagnostics = service.validate(parsed);
  for (const d of diagnostics) {
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    assert.doesNotMatch(message, LEAKED, `${String(d.code)}: ${message}`);
  }
  for (const action of service.codeActions(parsed, 'file:///p', diagnostics)) {
    assert.doesNotMatch(action.title, LEAKED, action.title);
    for (const edit of Object.values(action.edit?.changes ?? {}).flat()) assert.doesNotMatch(edit.newText, LEAKED, `${action.title}: ${edit.newText}`);
  }
  if (!hovers) return;
  for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    const hover = service.hover(parsed, parsed.lines.positionAt(match.index + 1));
    assert.doesNotMatch(hoverText(hover), LEAKED, `hover on ${match[0]}`);
  }
}
