import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RULES } from '../rules/index';
import { FIXED_SEVERITY } from '../rules/file';
import { locatePointers } from '../json/locate';
import { parsePlan } from '../json/parse';
import { escapeSegment } from '../json/pointer';
import type { Position } from '../json/text';
import type { SeveritySetting } from '../service/validate';
import { nearest } from '../util/nearest';
import { readPlanFile } from '../util/read-file';
import { CONFIG_FILE, SEVERITIES } from './schema';
import { isObject } from '../util/own';

/** What a virtplan.config.json says, read and checked. */
export interface PlanConfig {
  /** The file it came from; undefined for the defaults. */
  path?: string;
  severity: Record<string, SeveritySetting>;
  policy: { failoverReserve?: number };
}

/** A mistake in a configuration file, with where it is. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** The key or value at fault, as a JSON pointer into the file. */
  pointer: string;
  range: { start: Position; end: Position };
  /** The file as a whole could not be read: the problem has no line or column. */
  unread?: true;
}

export interface LoadedConfig {
  config: PlanConfig;
  problems: ConfigProblem[];
}

export const NO_CONFIG: PlanConfig = { severity: {}, policy: {} };

const CODES = RULES.map((r) => r.code);
const TOP_KEYS = ['$schema', 'severity', 'policy'];
const POLICY_KEYS = ['failoverReserve'];

function suggest(value: string, candidates: readonly string[]): string {
  const close = nearest(value, candidates);
  return close ? ` Did you mean "${close}"?` : '';
}

/** Reads a configuration file's text: every bad key or value is a problem located in it. */
export function parseConfig(text: string, path: string): LoadedConfig {
  const parsed = parsePlan(text);
  const found: Array<{ message: string; pointer: string; key?: boolean; offset?: number; length?: number }> = [];
  for (const error of parsed.syntaxErrors) found.push({ message: `${error.message}.`, pointer: '', offset: error.offset, length: error.length });
  const config: PlanConfig = { path, severity: {}, policy: {} };
  const value = parsed.value;
  if (parsed.syntaxErrors.length === 0 && !isObject(value)) found.push({ message: 'The configuration must be a JSON object.', pointer: '' });
  if (isObject(value)) {
    for (const key of Object.keys(value)) {
      if (!TOP_KEYS.includes(key)) found.push({ message: `Unknown key "${key}": the configuration has "severity" and "policy".${suggest(key, TOP_KEYS)}`, pointer: `/${escapeSegment(key)}`, key: true });
    }
    if (value.$schema !== undefined && typeof value.$schema !== 'string') found.push({ message: '"$schema" must be a string.', pointer: '/$schema' });
    const severity = value.severity;
    if (severity !== undefined && !isObject(severity)) found.push({ message: '"severity" must be an object of rule codes and severities.', pointer: '/severity' });
    if (isObject(severity)) {
      for (const [code, level] of Object.entries(severity)) {
        const pointer = `/severity/${escapeSegment(code)}`;
        if (!CODES.includes(code)) found.push({ message: `"${code}" is not a virtplan rule code.${suggest(code, CODES)}`, pointer, key: true });
        else if (FIXED_SEVERITY.has(code)) found.push({ message: `The severity of "${code}" cannot be changed: a plan that is not valid JSON is always an error.`, pointer, key: true });
        else if (typeof level !== 'string' || !(SEVERITIES as readonly string[]).includes(level)) found.push({ message: `The severity of "${code}" must be one of ${SEVERITIES.join(', ')}.`, pointer });
        else config.severity[code] = level as SeveritySetting;
      }
    }
    const policy = value.policy;
    if (policy !== undefined && !isObject(policy)) found.push({ message: '"policy" must be an object.', pointer: '/policy' });
    if (isObject(policy)) {
      for (const [key, setting] of Object.entries(policy)) {
        const pointer = `/policy/${escapeSegment(key)}`;
        if (!POLICY_KEYS.includes(key)) found.push({ message: `Unknown policy "${key}": the policies are ${POLICY_KEYS.join(', ')}.${suggest(key, POLICY_KEYS)}`, pointer, key: true });
        else if (typeof setting !== 'number' || !Number.isInteger(setting) || setting < 0) found.push({ message: '"failoverReserve" must be a whole number of nodes, 0 or more.', pointer });
        else config.policy.failoverReserve = setting;
      }
    }
  }
  const located = locatePointers(parsed, found.filter((f) => f.offset === undefined).map((f) => f.pointer));
  const problems = found.map((f): ConfigProblem => {
    const at = located.get(f.pointer);
    const offset = f.offset ?? (f.key && at?.keyOffset !== undefined ? at.keyOffset : (at?.offset ?? 0));
    const length = f.length ?? (f.key && at?.keyLength !== undefined ? at.keyLength : (at?.length ?? 0));
    return { path, message: f.message, pointer: f.pointer, range: parsed.lines.rangeAt(offset, length) };
  });
  return { config, problems };
}

/** A configuration file is a few lines; anything much larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function loadConfig(path: string): LoadedConfig {
  // Read as plans are: a pipe or a device named by --config is refused, never waited on.
  const read = readPlanFile(path, MAX_CONFIG_BYTES, 'configuration');
  if ('problem' in read) {
    const zero = { line: 0, character: 0 };
    return { config: { ...NO_CONFIG, path }, problems: [{ path, message: read.problem, pointer: '', range: { start: zero, end: zero }, unread: true }] };
  }
  return parseConfig(new TextDecoder('utf-8').decode(read.bytes), path);
}

/** The nearest virtplan.config.json in `folder` or above it: on disk, or `open` in an editor. */
export function findConfig(folder: string, open: ReadonlyMap<string, string> = new Map()): string | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (open.has(candidate)) return candidate;
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here: look further up.
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The severities to apply: the configuration's, then the editor's setting for the codes it names. */
export function mergeSeverities(config: PlanConfig, editor: Readonly<Record<string, SeveritySetting>> = {}): Record<string, SeveritySetting> {
  return { ...config.severity, ...editor };
}

/** A problem as one line for a terminal: `path:line:col: message`, or `path: message` for a file that cannot be read. */
export function problemLine(problem: ConfigProblem): string {
  if (problem.unread) return `${problem.path}: ${problem.message}`;
  const { line, character } = problem.range.start;
  const key = problem.pointer ? ` (${problem.pointer.slice(1).split('/').join('.')})` : '';
  return `${problem.path}:${line + 1}:${character + 1}: ${problem.message}${key}`;
}

/**
 * Finds and reads the configuration of each plan, each folder and file once. `explicit` names
 * one file for every plan (`--config`); `false` ignores configuration files (`--no-config`).
 */
export class ConfigResolver {
  private readonly folders = new Map<string, string | undefined>();
  private readonly files = new Map<string, LoadedConfig>();
  /** The text of configuration files open in an editor, which stands for the file on disk. */
  private readonly edited = new Map<string, string>();

  constructor(private readonly explicit?: string | false) {}

  /** A configuration file open in the editor has this text; undefined when it is closed. */
  edit(path: string, text: string | undefined): void {
    // A file opened before it is saved, or closed unsaved, may change which file is nearest.
    if (this.edited.has(path) !== (text !== undefined)) this.folders.clear();
    if (text === undefined) this.edited.delete(path);
    else this.edited.set(path, text);
    this.files.delete(path);
  }

  /** The configuration file for a plan, if one applies. */
  fileFor(planPath: string): string | undefined {
    if (this.explicit === false) return undefined;
    if (this.explicit !== undefined) return this.explicit;
    const folder = dirname(planPath);
    if (!this.folders.has(folder)) this.folders.set(folder, findConfig(folder, this.edited));
    return this.folders.get(folder);
  }

  /** The configuration for a plan, with the problems of its file (reported once per file by the caller). */
  forPlan(planPath: string): LoadedConfig {
    const file = this.fileFor(planPath);
    if (file === undefined) return { config: NO_CONFIG, problems: [] };
    let loaded = this.files.get(file);
    if (!loaded) {
      const text = this.edited.get(file);
      this.files.set(file, (loaded = text === undefined ? loadConfig(file) : parseConfig(text, file)));
    }
    return loaded;
  }

  /** Forgets what was read, after a configuration file changed. */
  clear(): void {
    this.folders.clear();
    this.files.clear();
  }
}
