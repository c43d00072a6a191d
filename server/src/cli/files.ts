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
  /** Each real folder walked, with the plan files found in it and below it. */
  const seenFolders = new Map<string, number>();
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

  /** Adds the plans in `folder` and below it; returns how many there are, those added before too. */
  const walk = (folder: string): number => {
    let real: string;
    try {
      real = realpathSync(folder);
    } catch (error) {
      problems.push(`${display(folder)}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`);
      return 0;
    }
    const seen = seenFolders.get(real);
    if (seen !== undefined) return seen;
    seenFolders.set(real, 0);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      problems.push(`${display(folder)}: cannot list the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return 0;
    }
    let plans = 0;
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
        if (!SKIPPED_FOLDERS.has(entry.name)) plans += walk(path);
      } else if (isFile && entry.name.endsWith(PLAN_SUFFIX)) {
        plans++;
        addFile(path);
      }
    }
    seenFolders.set(real, plans);
    return plans;
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
    if (stats.isDirectory()) {
      const problemsBefore = problems.length;
      // A folder named in CI that holds no plan is almost always the wrong folder.
      if (walk(path) === 0 && problems.length === problemsBefore) problems.push(`${display(path)}: no *${PLAN_SUFFIX} file in this folder or below it`);
    } else {
      addFile(path);
    }
  }
  return { files, problems };
}
