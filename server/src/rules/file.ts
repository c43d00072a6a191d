import { defineRule } from './rule';

/*
 * The codes no check of the model reports: the parser, the schema, the editor and the
 * suppressions report them, each with its rule's code and severity.
 */

export const parseErrorRule = defineRule({
  code: 'parse-error',
  severity: 'error',
  summary: 'The file is not valid JSON with comments.',
});

export const schemaRule = defineRule({
  code: 'schema',
  severity: 'error',
  summary: 'The plan structure is wrong: a missing or unknown property, a wrong type, a value out of range, an unknown guest id.',
  fixes: { replace: (v) => `Change to ${v}`, rename: (name) => `Rename to ${name}` },
});

export const fileTooLargeRule = defineRule({
  code: 'file-too-large',
  severity: 'warning',
  summary: 'The editor skipped checking a plan larger than the virtplan.maxFileSizeMB setting.',
});

export const suppressionUnusedRule = defineRule({
  code: 'suppression-unused',
  severity: 'hint',
  summary: 'A suppress entry or virtplan-disable-next-line comment silences nothing.',
});

/**
 * Codes whose severity no setting or configuration file changes: a plan that is not JSON is
 * always an error, or a broken plan would pass a check.
 */
export const FIXED_SEVERITY: ReadonlySet<string> = new Set([parseErrorRule.code]);

/** The rules whose severity a setting or configuration file may change. */
export const adjustable = <R extends { code: string }>(rules: readonly R[]): R[] => rules.filter((r) => !FIXED_SEVERITY.has(r.code));

/** Reported before the model is read: the text and its structure. */
export const structureRules = [parseErrorRule, schemaRule];

/** About the checking itself, not the plan. */
export const checkingRules = [fileTooLargeRule, suppressionUnusedRule];
