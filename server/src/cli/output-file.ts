import { closeSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PLAN_SUFFIX } from './files';

/*
 * Where a command writes a file of its own (`report --output`), never into a plan. The name
 * is followed through symbolic links and refused when it ends at a plan or at one of the
 * plans read. A regular file is then replaced, not written into: the new text goes to a file
 * beside it that takes its name, so an existing file that is a second name (a hard link) of
 * a plan leaves that plan as it was.
 */

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Where `path` ends after its symbolic links; where it would be when it does not exist yet. */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Why `output` may not be written when `inputs` are the plans read; undefined when it may. */
export function outputRefusal(output: string, inputs: readonly string[]): string | undefined {
  const target = realOrResolved(output);
  const stats = statOrUndefined(target);
  const sameFile = (input: string) => {
    const other = statOrUndefined(input);
    return other !== undefined && stats !== undefined && other.dev === stats.dev && other.ino === stats.ino;
  };
  if (output.endsWith(PLAN_SUFFIX) || target.endsWith(PLAN_SUFFIX) || inputs.some((f) => realOrResolved(f) === target || sameFile(f))) {
    return `--output ${output} would overwrite a plan; write the report to another file`;
  }
  return undefined;
}

/**
 * Writes `text` to `output` (after `outputRefusal`): a regular file or a new name is replaced
 * by a file written beside it; a terminal, a pipe or another device is written to as it is.
 */
export function writeOutput(output: string, text: string): void {
  const target = realOrResolved(output);
  const stats = statOrUndefined(target);
  if (stats && !stats.isFile()) {
    const fd = openSync(target, 'w');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'wx', stats ? stats.mode & 0o777 : 0o666);
  let open = true;
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(temporary, target);
  } catch (error) {
    if (open) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // Never written, or renamed already.
    }
    throw error;
  }
}
