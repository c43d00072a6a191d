import { RULES } from '../rules/index';
import { adjustable } from '../rules/file';

export const CONFIG_FILE = 'virtplan.config.json';
export const SEVERITIES = ['off', 'hint', 'information', 'warning', 'error'] as const;

/**
 * The JSON Schema of virtplan.config.json, generated from the rule list so a new code is
 * known to the file at once. `npm run sync-settings` writes it to schemas/; VS Code reads it
 * there for completion and hovers in the file, and a test checks the two agree.
 */
export function configSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://virtplan.dev/schemas/virtplan.config.schema.json',
    title: 'virtplan configuration',
    description: 'Settings shared by the virtplan command line and editor for every plan in this folder and below.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file.' },
      severity: {
        type: 'object',
        description: 'Severity per rule code: off, hint, information, warning or error. Codes not listed keep their default; parse-error is always an error.',
        markdownDescription: 'Severity per rule code: `off`, `hint`, `information`, `warning` or `error`. Codes not listed keep their default; `parse-error` is always an error. The editor setting `virtplan.severity` wins for the codes it names.',
        additionalProperties: false,
        properties: Object.fromEntries(
          adjustable(RULES).map((rule) => [rule.code, { enum: [...SEVERITIES], default: rule.severity, description: `${rule.summary} Default: ${rule.severity}.` }]),
        ),
      },
      policy: {
        type: 'object',
        description: 'Planning policy.',
        additionalProperties: false,
        properties: {
          failoverReserve: {
            type: 'integer',
            minimum: 0,
            default: 1,
            description: 'Node failures a cluster must absorb when it gives no reserve of its own. Default 1.',
          },
        },
      },
    },
  };
}
