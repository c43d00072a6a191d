import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export const PLAN_SUFFIX = '.virtplan.json';
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export interface Collected {
  files: string[];
  /** Paths that could not be read, with why: each makes the exit code 2. */
  problems: string[];
}

function display(path: string): string {
  return path.split(sep).join('/');
}

/**
 * The plan files a list of paths names: files as given, folders searched for *.virtplan.json
 * (skipping node_modules and .git, following each real folder once so link loops end).
 */
export function collectPlanFiles(paths: string[]): Collected {
  const files: string[] = [];
  const problems: string[] = [];
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();

  const addFile = (path: string) => {
    let real = path;
    try {
      real = realpathSync(path);
    } catch {
      // Keep the given path; reading it will say what is wrong.
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(display(path));
  };

  const walk = (folder: string) => {
    let real: string;
    try {
      real = realpathSync(folder);
    } catch (error) {
      problems.push(`${display(folder)}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
      return;
    }
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      problems.push(`${display(folder)}: cannot list the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stats = statSync(path);
          isDirectory = stats.isDirectory();
          isFile = stats.isFile();
        } catch {
          if (entry.name.endsWith(PLAN_SUFFIX)) problems.push(`${display(path)}: a broken link`);
          continue;
        }
      }
      if (isDirectory) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (isFile && entry.name.endsWith(PLAN_SUFFIX)) {
        addFile(path);
      }
    }
  };

  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(`${display(path)}: ${code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? 'error'})`}`);
      continue;
    }
    if (stats.isDirectory()) walk(path);
    else addFile(path);
  }
  return { files, problems };
}
