import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

/**
 * Whether an editor binary is on the PATH. Outside CI a missing editor skips the test with
 * the package to install; in CI (where .ci/run installs it) it fails the test.
 */
export function editorAvailable(t: TestContext, binary: string): boolean {
  const found = spawnSync(binary, ['--version'], { encoding: 'utf8' }).status === 0;
  if (found) return true;
  if (process.env.CI) throw new Error(`${binary} is not installed; .ci/run should install it`);
  t.skip(`${binary} is not installed (apt-get install ${binary === 'nvim' ? 'neovim' : binary})`);
  return false;
}
