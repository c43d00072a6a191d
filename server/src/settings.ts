import { RULES } from './rules/index';
import { adjustable } from './rules/file';
import type { SeveritySetting } from './service/validate';
import { isObject } from './util/own';

/**
 * Every setting the server reads, declared once. `npm run sync-settings` writes these into
 * package.json's contributes.configuration, and a test checks the two agree.
 */
export interface Settings {
  severity: Record<string, SeveritySetting>;
  validationDelay: number;
  maxItemsComputed: number;
  maxFileSizeMB: number;
  /** Check every plan in the workspace folders, not only the open ones. */
  workspaceValidation: boolean;
  inlayHints: boolean;
  codeLens: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  severity: {},
  validationDelay: 150,
  maxItemsComputed: 5000,
  maxFileSizeMB: 20,
  workspaceValidation: false,
  inlayHints: true,
  codeLens: true,
};

const SEVERITIES = ['off', 'hint', 'information', 'warning', 'error'] as const;

/** The package.json configuration properties, generated from the definitions above. */
export function configurationProperties(): Record<string, unknown> {
  return {
    'virtplan.severity': {
      type: 'object',
      scope: 'resource',
      markdownDescription: 'Severity per rule code: `off`, `hint`, `information`, `warning` or `error`. Codes not listed keep their default; `parse-error` is always an error. See docs/rules.md.',
      properties: Object.fromEntries(
        adjustable(RULES).map((rule) => [rule.code, { type: 'string', enum: SEVERITIES, default: rule.severity, description: rule.summary }]),
      ),
      additionalProperties: false,
      default: {},
    },
    'virtplan.validation.delay': {
      type: 'number',
      scope: 'resource',
      minimum: 0,
      maximum: 5000,
      default: DEFAULT_SETTINGS.validationDelay,
      markdownDescription: 'Milliseconds to wait after an edit before checking the plan.',
    },
    'virtplan.validation.workspace': {
      type: 'boolean',
      scope: 'window',
      default: DEFAULT_SETTINGS.workspaceValidation,
      markdownDescription: 'Check every `*.virtplan.json` in the workspace folders, not only the open ones, and update the Problems view when they change on disk (at most 1,000 plans, each up to `#virtplan.maxFileSizeMB#`).',
    },
    'virtplan.outline.maxItemsComputed': {
      type: 'number',
      scope: 'resource',
      minimum: 0,
      default: DEFAULT_SETTINGS.maxItemsComputed,
      markdownDescription: 'The most symbols the outline shows for one plan.',
    },
    'virtplan.maxFileSizeMB': {
      type: 'number',
      scope: 'resource',
      minimum: 1,
      default: DEFAULT_SETTINGS.maxFileSizeMB,
      markdownDescription: 'Plans larger than this many MB are not checked; one diagnostic says so.',
    },
    'virtplan.inlayHints.enabled': {
      type: 'boolean',
      scope: 'resource',
      default: DEFAULT_SETTINGS.inlayHints,
      markdownDescription: "Shows each host's capacity after its name (logical processors, vCPUs, memory committed of usable, VMs, licences) and each cluster's failover result after its name.",
    },
    'virtplan.codeLens.enabled': {
      type: 'boolean',
      scope: 'resource',
      default: DEFAULT_SETTINGS.codeLens,
      markdownDescription: "Shows each cluster's failover result in words above it, and the plan's totals above the plan.",
    },
    'virtplan.trace.server': {
      type: 'string',
      scope: 'window',
      enum: ['off', 'messages', 'verbose'],
      default: 'off',
      markdownDescription: 'Traces the messages between VS Code and the virtplan language server (Output view).',
    },
  };
}

function numberIn(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Checks the shape of the `virtplan` section a client sends; anything malformed falls back to the default. */
export function readSettings(section: unknown): Settings {
  if (!isObject(section)) return DEFAULT_SETTINGS;
  const severity: Record<string, SeveritySetting> = {};
  if (isObject(section.severity)) {
    for (const [code, value] of Object.entries(section.severity)) {
      if (adjustable(RULES).some((r) => r.code === code) && (SEVERITIES as readonly unknown[]).includes(value)) severity[code] = value as SeveritySetting;
    }
  }
  const validation = isObject(section.validation) ? section.validation : {};
  const outline = isObject(section.outline) ? section.outline : {};
  const inlayHints = isObject(section.inlayHints) ? section.inlayHints : {};
  const codeLens = isObject(section.codeLens) ? section.codeLens : {};
  return {
    severity,
    validationDelay: numberIn(validation.delay, DEFAULT_SETTINGS.validationDelay, 0, 5000),
    maxItemsComputed: numberIn(outline.maxItemsComputed, DEFAULT_SETTINGS.maxItemsComputed, 0, Number.MAX_SAFE_INTEGER),
    maxFileSizeMB: numberIn(section.maxFileSizeMB, DEFAULT_SETTINGS.maxFileSizeMB, 1, 1024),
    workspaceValidation: validation.workspace === true,
    inlayHints: typeof inlayHints.enabled === 'boolean' ? inlayHints.enabled : DEFAULT_SETTINGS.inlayHints,
    codeLens: typeof codeLens.enabled === 'boolean' ? codeLens.enabled : DEFAULT_SETTINGS.codeLens,
  };
}
