import type AjvClass from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import precompiled, { source as precompiledSource } from 'virtplan:plan-validator';
import { clip, listed } from '../util/format';
import { nearest } from '../util/nearest';
import { schemaRule } from '../rules/file';
import type { Finding } from '../rules/finding';
import { duplicateKeys } from '../json/duplicates';
import { escapeSegment, parsePointer, resolvePointer, toPointer } from '../json/pointer';
import { isObject, own } from '../util/own';
import AJV from './ajv-options.json';
import { PlanVersion } from './plan-version';
import { vmTestOf } from './vm-shape';

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The validator of a plan schema. The build compiles schemas/virtplan.schema.json into code
 * (esbuild.mjs), which saves every process the compile at start; a schema
 * that differs from that one is compiled here, with the same options.
 */
export function planValidator(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = JSON.stringify(schema) === precompiledSource ? precompiled : compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function compile(schema: object): ValidateFunction {
  // Loaded only here, so that a process with the built validator never loads ajv's compiler.
  const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
  const ajv = new Ajv(AJV.options);
  ajv.addVocabulary(AJV.editorKeywords);
  return ajv.compile(schema);
}

const NOUNS: Record<string, string> = { hosts: 'host', vms: 'VM', clusters: 'cluster' };

/** "host "hv-01"", "hardware of host "hv-01"", "disk 2 of VM "web-01"", "the plan". */
export function describeLocation(root: unknown, segments: readonly string[]): string {
  if (segments.length === 0) return 'the plan';
  const [list, index, ...rest] = segments;
  const noun = own(NOUNS, list);
  // Outside hosts, VMs and clusters, the whole path: an item of the plan's `suppress` is "entry 1 of "suppress"", not "0".
  if (!noun || index === undefined) return pathWords(segments);
  const item = resolvePointer(root, toPointer([list, index]));
  const name = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).name : undefined;
  const owner = typeof name === 'string' && name !== '' ? `${noun} "${clip(name)}"` : `${noun} ${Number(index) + 1}`;
  if (rest.length === 0) return owner;
  if (rest[0] === 'disks' && rest.length >= 2) return `disk ${Number(rest[1]) + 1} of ${owner}`;
  return `${pathWords(rest)} of ${owner}`;
}

/** What an item of a list is called in a message. */
const ITEM_NOUNS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  nodes: 'node',
  updates: 'update',
  suppress: 'entry',
  disks: 'disk',
});

/**
 * A path in words, counting list items from 1 as the messages' "VM 1" and "disk 2" do: `"guest.os"`,
 * `entry 2 of "suppress"`, `node 1 of "nodes"`; a path with an index inside it, as written.
 */
function pathWords(segments: readonly string[]): string {
  const last = segments[segments.length - 1];
  const head = segments.slice(0, -1);
  if (segments.length >= 2 && /^(0|[1-9]\d*)$/.test(last) && !head.some((s) => /^\d+$/.test(s))) {
    return `${own(ITEM_NOUNS, head[head.length - 1]) ?? 'item'} ${Number(last) + 1} of "${clip(head.join('.'))}"`;
  }
  return `"${clip(segments.join('.'))}"`;
}

function propertyDescription(error: ErrorObject, property: string): string {
  const props = (error.parentSchema as { properties?: Record<string, { description?: string }> } | undefined)?.properties;
  return own(props, property)?.description ?? '';
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${clip(value)}"` : clip(JSON.stringify(value) ?? String(value));
}

function toFinding(error: ErrorObject, root: unknown): Finding | undefined {
  const segments = parsePointer(error.instancePath);
  const where = describeLocation(root, segments);
  const base = { code: schemaRule.code, severity: schemaRule.severity, pointer: error.instancePath };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const about = propertyDescription(error, missing);
      return { ...base, message: `${capitalise(where)} needs "${missing}"${about ? `: ${lowerFirst(about)}` : '.'}` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const shown = clip(extra);
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const suggestion = nearest(extra, known);
      return {
        ...base,
        pointer: toPointer([...segments, extra]),
        target: 'key',
        message: suggestion ? `Unknown property "${shown}" in ${where} — did you mean "${suggestion}"?` : `Unknown property "${shown}" in ${where}. Known: ${known.join(', ')}.`,
        ...(suggestion ? { data: { replacement: suggestion, key: true } } : {}),
      };
    }
    case 'type': {
      const wanted = String(params.type);
      if (typeof error.data === 'number' && !Number.isFinite(error.data)) {
        return { ...base, message: `${capitalise(where)} is a number too large to use; write a real value.` };
      }
      if (wanted === 'integer' && typeof error.data === 'number') {
        return { ...base, message: `${capitalise(where)} must be a whole number, not ${error.data}.` };
      }
      const article = /^[aeiou]/.test(wanted) ? 'an' : 'a';
      return { ...base, message: `${capitalise(where)} must be ${article} ${wanted}, not ${describeType(error.data)}.` };
    }
    case 'minimum':
      return { ...base, message: `${capitalise(where)} must be at least ${params.limit}${notThat(error.data)}.` };
    case 'exclusiveMinimum':
      return { ...base, message: `${capitalise(where)} must be more than ${params.limit}${notThat(error.data)}.` };
    case 'maximum':
      // Every count and amount of the plan has the same bound: the largest whole number a
      // number is read as exactly. Beyond it the value read is not the one written, so it is
      // not quoted back.
      return { ...base, message: `${capitalise(where)} must be at most ${params.limit}, the largest whole number that is read exactly.` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? nearest(error.data, allowed) : undefined;
      return {
        ...base,
        message:
          `${capitalise(where)} cannot be ${quote(error.data)}.` +
          (suggestion ? ` Did you mean "${suggestion}"?` : '') +
          // A long list (the rule codes, the guests) is cut: completion offers every value.
          ` Allowed: ${listed(allowed, 12)}.`,
        ...(suggestion ? { data: { replacement: suggestion } } : {}),
      };
    }
    case 'minItems':
      return { ...base, message: `${capitalise(where)} needs at least ${params.limit} ${Number(params.limit) === 1 ? 'entry' : 'entries'}.` };
    case 'minLength':
      return { ...base, message: `${capitalise(where)} must not be empty.` };
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const pointer = toPointer([...segments, String(later)]);
      return { ...base, pointer, message: `${quote(resolvePointer(root, pointer))} is listed twice in ${where}; remove one.` };
    }
    default:
      return { ...base, message: `${capitalise(where)} ${error.message ?? 'is not valid'}.` };
  }
}

/** ", not -3": the value as written, where it is read exactly; beyond that, nothing (it would read as 1e+23, which is not what was written). */
function notThat(value: unknown): string {
  return typeof value === 'number' && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? `, not ${value}` : '';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * Structure problems (code `schema`), one per place: the first error ajv gives at each pointer.
 * A misspelt key is one mistake, said once: where an unknown key's nearest name is a
 * missing required property of the same object ("vcpu" for "vcpus"), the unknown key says
 * so and the object is not also reported as lacking the property.
 */
export function validateSchema(value: unknown, schema: object, everyVm = false): Finding[] {
  const errors = everyVm ? schemaErrors(value, schema) : quickSchemaErrors(value, schema);
  if (errors.length === 0) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const missing = new Map<Finding, string>();
  for (const error of errors) {
    const finding = toFinding(error, value);
    if (!finding) continue;
    const property = error.keyword === 'required' ? String((error.params as Record<string, unknown>).missingProperty) : '';
    const key = `${finding.pointer}\u0000${finding.target ?? ''}\u0000${property}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
    if (property) missing.set(finding, property);
  }
  const misspelt = new Set<string>();
  for (const finding of findings) {
    if (finding.target === 'key' && typeof finding.data?.replacement === 'string') {
      misspelt.add(toPointer([...parsePointer(finding.pointer).slice(0, -1), finding.data.replacement]));
    }
  }
  if (misspelt.size === 0) return findings;
  return findings.filter((f) => !missing.has(f) || !misspelt.has(toPointer([...parsePointer(f.pointer), missing.get(f)!])));
}

/** The validator's errors for the whole value, in its order. */
function schemaErrors(value: unknown, schema: object): readonly ErrorObject[] {
  const validate = planValidator(schema);
  return validate(value) ? [] : (validate.errors ?? []);
}

/** Whether the schema's `vms` is a list of `vm` items and nothing more, so that which items it holds changes nothing but their own errors. */
function vmsAreItems(schema: object): boolean {
  const vms = own((schema as { properties?: Record<string, unknown> }).properties, 'vms');
  if (!isObject(vms) || vms.type !== 'array' || !isObject(vms.items) || vms.items.$ref !== '#/definitions/vm' || Object.keys(vms.items).length !== 1) return false;
  return Object.keys(vms).every((keyword) => keyword === 'type' || keyword === 'items' || keyword === 'description' || keyword === 'markdownDescription');
}

/**
 * `schemaErrors`, where the VMs a quick test passes (nearly all of a large plan) are not given
 * to the validator: it reads the plan with a list of the other VMs, and their errors are put
 * back at their VMs' places. The validator reads each VM on its own, in order, so the errors
 * and their order are the same as for the whole plan.
 */
function quickSchemaErrors(value: unknown, schema: object): readonly ErrorObject[] {
  const test = vmTestOf(schema);
  if (!test || !isObject(value) || Object.getPrototypeOf(value) !== Object.prototype || !Object.hasOwn(value, 'vms') || !vmsAreItems(schema)) return schemaErrors(value, schema);
  const vms = value.vms;
  if (!Array.isArray(vms)) return schemaErrors(value, schema);
  const kept: unknown[] = [];
  const at: number[] = [];
  for (let i = 0; i < vms.length; i++) {
    if (test(vms[i])) continue;
    kept.push(vms[i]);
    at.push(i);
  }
  if (kept.length === vms.length) return schemaErrors(value, schema);
  // A copy of the plan's own properties in their order (a key `__proto__` too, as JSON.parse made it).
  const shown: Record<string, unknown> = { ...value, vms: kept };
  const errors = schemaErrors(shown, schema);
  const prefix = '/vms/';
  return errors.map((error) => {
    if (error.data === shown) return { ...error, data: value };
    if (!error.instancePath.startsWith(prefix)) return error;
    const end = error.instancePath.indexOf('/', prefix.length);
    const index = Number(error.instancePath.slice(prefix.length, end === -1 ? undefined : end));
    return { ...error, instancePath: prefix + at[index] + (end === -1 ? '' : error.instancePath.slice(end)) };
  });
}

/** What `findDuplicateKeys` found for a version, kept with it under this key. */
export const DUPLICATE_KEYS = 'duplicate keys';

/**
 * Keys written twice in one object, where JSON.parse silently keeps only the later one. Found
 * once per version: features that read the text as JSON.parse does ask whether a key is.
 */
export function findDuplicateKeys(parsed: { readonly source: string; readonly value: unknown; readonly keysStoredTwice?: number }): Finding[] {
  return parsed instanceof PlanVersion ? parsed.derived(DUPLICATE_KEYS, () => duplicateFindings(parsed)) : duplicateFindings(parsed);
}

function duplicateFindings(parsed: { readonly source: string; readonly value: unknown; readonly keysStoredTwice?: number }): Finding[] {
  return duplicateKeys(parsed).map((duplicate) => ({
    code: schemaRule.code,
    severity: schemaRule.severity,
    message: `"${clip(duplicate.name)}" is written twice in ${describeLocation(parsed.value, parsePointer(duplicate.objectPointer))}; only the later one counts. Remove or rename the other.`,
    pointer: `${duplicate.objectPointer}/${escapeSegment(duplicate.name)}`,
    span: { offset: duplicate.offset, length: duplicate.length },
  }));
}
