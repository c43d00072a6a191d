import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { RULES } from '../../server/src/rules/index';
import { repoRoot } from '../protocol/lsp-client';

/**
 * The anchor the Markdown preview gives a heading (VS Code's GitHub-style slugifier): lower
 * case, spaces to dashes, punctuation dropped; a repeated slug gets `-1`, `-2`….
 */
function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[\][!/'"#$%&()*+,.:;<=>?@\\^{|}~`]/g, '')
    .replace(/^-+|-+$/g, '');
}

describe('rule links', () => {
  it('each code is the anchor of exactly one heading of docs/rules.md, so a link to rules.md#code lands on its section', () => {
    const html = new MarkdownIt().render(readFileSync(join(repoRoot(), 'docs', 'rules.md'), 'utf8'));
    const headings = [...html.matchAll(/<h(\d)>(.*?)<\/h\1>/g)].map(([, , inner]) => slug(inner.replace(/<[^>]*>/g, '')));
    for (const { code } of RULES) assert.equal(headings.filter((h) => h === code).length, 1, code);
  });
});
