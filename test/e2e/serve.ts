import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../protocol/lsp-client';
import { installCodeServer, startCodeServer } from './code-server';

/** `npm run editor`: code-server with the packaged extension and examples/ open, left running. */
async function main(): Promise<void> {
  const root = repoRoot();
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  if (packaged.status !== 0) process.exit(1);
  const bin = installCodeServer(root);
  const server = await startCodeServer({ root, bin, vsix: join(root, 'virtplan.vsix'), files: {}, copy: ['examples'] });
  process.stdout.write(`virtplan in VS Code: ${server.url}/?folder=${encodeURIComponent(server.workspace)}\nPress Ctrl+C to stop.\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
