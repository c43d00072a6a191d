import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';

const root = repoRoot();
const TEXT = /\.(md|ts|mjs|js|json|lua|el|yaml|yml)$/;
const SKIP = new Set(['node_modules', '.git', '.cache', 'out', 'dist', 'test-results']);

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(path);
    else if (entry.isFile() && TEXT.test(entry.name)) yield path;
  }
}

describe('the sources and docs as shipped', () => {
  it('hold no unresolved merge: no conflict markers left in a file', () => {
    const found: string[] = [];
    for (const path of textFiles(root)) {
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^(<{7}|>{7})( |$)/.test(line)) found.push(`${relative(root, path)}:${i + 1}`);
        });
    }
    assert.deepEqual(found, []);
  });
});
