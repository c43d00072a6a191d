import assert from 'node:assert/strict';
import type { PlanDiagnostic } from '../server/src/service/diagnostic';
import { checkText } from '../server/src/service/check';

export type Json = Record<string, any>;

/** A clean plan: two clustered Hyper-V 2008 Enterprise hosts and one VM. Tests mutate a copy. */
export function basePlan(): Json {
  return {
    name: 'Test plan',
    hosts: [
      { name: 'hv-01', product: 'hyperv-2008', edition: 'enterprise', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } },
      { name: 'hv-02', product: 'hyperv-2008', edition: 'enterprise', hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } },
    ],
    clusters: [{ name: 'cl-a', nodes: ['hv-01', 'hv-02'], sharedStorage: true }],
    vms: [
      {
        name: 'web-01',
        host: 'hv-01',
        guest: { os: 'windows-server-2008', arch: 'x64' },
        vcpus: 2,
        memoryGB: 4,
        disks: [{ sizeGB: 60 }, { sizeGB: 200, bus: 'scsi' }],
        migration: 'quick',
        highlyAvailable: true,
      },
    ],
  };
}

export function planText(mutate?: (plan: Json) => void): string {
  const plan = basePlan();
  mutate?.(plan);
  return JSON.stringify(plan, null, 2);
}

export function diagnose(text: string): PlanDiagnostic[] {
  return checkText(text).diagnostics;
}

/** Line/character of an offset, counted here independently of the service's own index. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: breaks.length, character: offset - (lastBreak + 1) };
}

/** The text a diagnostic's LSP range covers, checked against its offsets. */
export function rangeText(text: string, d: PlanDiagnostic): string {
  assert.deepEqual(d.range.start, positionOf(text, d.offset), `range start of ${d.code} agrees with its offset`);
  assert.deepEqual(d.range.end, positionOf(text, d.offset + d.length), `range end of ${d.code} agrees with its offset`);
  return text.slice(d.offset, d.offset + d.length);
}

export interface Expected {
  code: string;
  pointer: string;
  /** The exact text the range covers, or a check on it. */
  covers?: string | ((covered: string) => boolean);
  severity?: PlanDiagnostic['severity'];
}

/** Asserts one diagnostic with this code at this pointer, covering exactly the expected text. */
export function expectDiagnostic(text: string, expected: Expected): PlanDiagnostic {
  const all = diagnose(text);
  const matches = all.filter((d) => d.code === expected.code && d.pointer === expected.pointer);
  assert.equal(matches.length, 1, `one ${expected.code} at ${expected.pointer}; got:\n${all.map((d) => `  ${d.code} ${d.pointer} ${d.message}`).join('\n')}`);
  const [d] = matches;
  const covered = rangeText(text, d);
  if (typeof expected.covers === 'string') assert.equal(covered, expected.covers, `${expected.code} covers the offending text`);
  else if (expected.covers) assert.ok(expected.covers(covered), `${expected.code} covers ${JSON.stringify(covered.slice(0, 80))}`);
  if (expected.severity) assert.equal(d.severity, expected.severity);
  assert.ok(d.message.length > 20, 'the message says something');
  return d;
}

export function expectNo(text: string, code: string): void {
  const found = diagnose(text).filter((d) => d.code === code);
  assert.deepEqual(found.map((d) => `${d.pointer}: ${d.message}`), [], `no ${code}`);
}

export function codes(text: string): string[] {
  return diagnose(text).map((d) => d.code);
}

/** `count` small Linux VMs on a host, named vm-<prefix>-N. */
export function smallVms(host: string, count: number, prefix = host): Json[] {
  return Array.from({ length: count }, (_, i) => ({ name: `vm-${prefix}-${i}`, host, guest: { os: 'other-linux' }, vcpus: 1, memoryGB: 0.25 }));
}

/**
 * A view of `value` that counts every property read on it and on everything reached through
 * it, for tests that hold work to a budget. Maps and Sets are passed through: their methods
 * need the real object, and their look-ups are constant-time anyway.
 */
export function countingReads<T>(value: T, counter: { reads: number }, seen = new WeakMap<object, unknown>()): T {
  if (typeof value !== 'object' || value === null || value instanceof Map || value instanceof Set) return value;
  const cached = seen.get(value as object);
  if (cached) return cached as T;
  const proxy = new Proxy(value as object, {
    get(target, key, receiver) {
      counter.reads++;
      return countingReads(Reflect.get(target, key, receiver), counter, seen);
    },
  });
  seen.set(value as object, proxy);
  return proxy as T;
}

/** Whether an offset is inside a string literal: counts unescaped quotes from the start. */
export function insideString(text: string, offset: number): boolean {
  let inside = false;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\\' && inside) i++;
    else if (text[i] === '"') inside = !inside;
  }
  return inside;
}
