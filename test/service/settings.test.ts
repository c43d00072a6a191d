import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/rules/index';
import { configurationProperties, DEFAULT_SETTINGS, readSettings } from '../../server/src/settings';
import { repoRoot } from '../protocol/lsp-client';

describe('settings', () => {
  it('package.json declares exactly the settings the server reads (npm run sync-settings)', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.configuration.properties, JSON.parse(JSON.stringify(configurationProperties())));
  });

  it('every rule code has a severity setting with its default', () => {
    const severity = configurationProperties()['virtplan.severity'] as { properties: Record<string, { default: string }> };
    // parse-error is always an error: it has no setting.
    assert.deepEqual(Object.keys(severity.properties), RULES.map((r) => r.code).filter((code) => code !== 'parse-error'));
    for (const rule of RULES) if (rule.code !== 'parse-error') assert.equal(severity.properties[rule.code].default, rule.severity);
  });

  it('reads what a client sends and drops what is malformed', () => {
    const settings = readSettings({
      severity: { 'too-many-vcpus': 'warning', 'no-such-code': 'error', 'too-many-nics': 'loud', 'parse-error': 'off' },
      validation: { delay: 40 },
      outline: { maxItemsComputed: 10 },
    });
    assert.deepEqual(settings.severity, { 'too-many-vcpus': 'warning' });
    assert.equal(settings.validationDelay, 40);
    assert.equal(settings.maxItemsComputed, 10);
    assert.deepEqual(readSettings(null), DEFAULT_SETTINGS);
    assert.deepEqual(readSettings('nonsense'), DEFAULT_SETTINGS);
    assert.equal(readSettings({ validation: { delay: -5 } }).validationDelay, 0);
    assert.equal(readSettings({ validation: { delay: 'soon' } }).validationDelay, DEFAULT_SETTINGS.validationDelay);
  });
});
