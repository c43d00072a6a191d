import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot, TestClient } from './lsp-client';

describe('the server introduces itself', () => {
  it('logs its version and its catalog before any diagnostics', async () => {
    const root = repoRoot();
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const ids = readdirSync(join(root, 'schemas', 'products'))
      .filter((file) => file.endsWith('.json'))
      .map((file) => (JSON.parse(readFileSync(join(root, 'schemas', 'products', file), 'utf8')) as { id: string }).id);
    const client = new TestClient();
    try {
      await client.initialize();
      // The line is sent on "initialized", so it is in the log before the opened plan's diagnostics.
      client.open('file:///startup.virtplan.json', '{ "name": "start-up", "hosts": [], "vms": [] }');
      await client.diagnostics('file:///startup.virtplan.json');
      const line = client.logs.find((message) => message.startsWith('virtplan language server'));
      assert.ok(line, `a start-up line among ${JSON.stringify(client.logs)}`);
      assert.ok(line.startsWith(`virtplan language server ${version}, catalog of ${ids.length} products (`), line);
      for (const id of ids) assert.ok(line.includes(id), `${id} in ${line}`);
      assert.ok(line.endsWith(join(root, 'schemas')), line);
    } finally {
      await client.stop();
    }
  });
});
