import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { planText } from '../helpers';
import { TestClient } from './lsp-client';

const URI = 'file:///work/lens.virtplan.json';

/** Starts the built server as a client that says `initializationOptions`, opens a plan, and returns its answers. */
async function lensesFor(client: TestClient, initializationOptions?: unknown) {
  const { capabilities } = await client.initialize({ textDocument: { codeLens: {} }, workspace: { configuration: true } }, initializationOptions);
  client.settings = { validation: { delay: 0 } };
  client.open(URI, planText());
  await client.diagnostics(URI);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
  assert.ok(lenses.length >= 2, 'a lens above the plan and above its cluster');
  return { capabilities, lenses };
}

describe('code lens commands', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.stop())));
  const client = () => {
    const c = new TestClient();
    clients.push(c);
    return c;
  };

  it('a lens names a command the server declares and runs, so a client that runs it (Neovim) has no warning', async () => {
    const c = client();
    const { capabilities, lenses } = await lensesFor(c);
    const declared: string[] = capabilities.executeCommandProvider?.commands ?? [];
    for (const lens of lenses) {
      const command = lens.command!;
      assert.ok(command.title.length > 0);
      assert.ok(declared.includes(command.command), `"${command.command}" among the server's commands ${JSON.stringify(declared)}`);
      assert.equal(await c.request('workspace/executeCommand', { command: command.command, arguments: command.arguments ?? [] }), null);
    }
  });

  it('a client that shows a lens with no command id as plain text (VS Code) gets that, and no command to register', async () => {
    const { capabilities, lenses } = await lensesFor(client(), { triggerSuggest: true, plainLenses: true });
    assert.equal(capabilities.executeCommandProvider, undefined);
    assert.deepEqual(new Set(lenses.map((l) => l.command!.command)), new Set(['']));
  });
});
