import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** A code-server on loopback with fresh user data, the packaged extension and a workspace. */
export interface EditorServer {
  url: string;
  workspace: string;
  /** Where the extension is installed: its language server runs from here. */
  extensions: string;
  process: ChildProcess;
  log: string[];
  stop(): Promise<void>;
}

export function installCodeServer(root: string): string {
  const result = spawnSync('bash', [join(root, 'scripts', 'editor', 'install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error('installing code-server failed (see above)');
  return join(root, result.stdout.trim().split('\n').pop()!);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startCodeServer(options: { root: string; bin: string; vsix: string; files: Record<string, string>; copy?: string[] }): Promise<EditorServer> {
  const home = mkdtempSync(join(tmpdir(), 'virtplan-code-server-'));
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  const workspace = join(home, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  for (const folder of options.copy ?? []) cpSync(join(options.root, folder), join(workspace, folder), { recursive: true });
  for (const [name, text] of Object.entries(options.files)) writeFileSync(join(workspace, name), text);
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'security.workspace.trust.enabled': false,
      'editor.hover.delay': 150,
      // Sticky scroll draws the enclosing lines over the top of the editor, so the text the
      // tests point the mouse at can sit under it; no test is about sticky scroll.
      'editor.stickyScroll.enabled': false,
      'editor.quickSuggestionsDelay': 50,
      'files.autoSave': 'off',
      'window.restoreWindows': 'none',
      'chat.commandCenter.enabled': false,
      'virtplan.validation.delay': 50,
    }),
  );
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    TMPDIR: join(home, 'tmp'),
  };
  mkdirSync(env.TMPDIR, { recursive: true });
  const install = spawnSync(options.bin, ['--install-extension', options.vsix, '--extensions-dir', extensions, '--user-data-dir', userData], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing the extension failed: ${install.stderr || install.stdout}`);
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(
    options.bin,
    [
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      workspace,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout!.on('data', (chunk) => log.push(String(chunk)));
  child.stderr!.on('data', (chunk) => log.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited: ${log.join('')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz: ${log.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    workspace,
    extensions,
    process: child,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
        setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // Gone.
          }
          resolve();
        }, 5000).unref();
      }),
  };
}

/** code-server with the freshly packaged extension, open in headless Chromium on the workspace. */
export interface OpenEditor {
  server: EditorServer;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Packages the extension, starts code-server on a workspace holding `files` (and copies of the
 * repository folders in `copy`), and opens it in Debian's Chromium, as the editor tests need.
 */
export async function openEditor(root: string, options: { files: Record<string, string>; copy?: string[]; width?: number }): Promise<OpenEditor> {
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: root, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`npm run package: ${packaged.stderr}`);
  const server = await startCodeServer({ root, bin: installCodeServer(root), vsix: join(root, 'virtplan.vsix'), files: options.files, ...(options.copy ? { copy: options.copy } : {}) });
  const context = await chromium.launchPersistentContext(join(server.workspace, '..', 'browser'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: options.width ?? 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    server,
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      await server.stop();
    },
  };
}
