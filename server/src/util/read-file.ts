import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export const DEFAULT_MAX_FILE_SIZE_MB = 256;
const MB = 1024 * 1024;

export type ReadResult = { bytes: Buffer } | { problem: string };

function sizeText(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${bytes} bytes`;
}

/**
 * Reads a plan file, refusing what cannot be a plan before reading a byte: a FIFO or a device
 * would block or never end (`/dev/zero`), and a file above the limit would fill memory. The file
 * is opened without blocking (a FIFO with no writer would otherwise hang the open) and checked
 * with fstat, so what is read is what was checked.
 */
export function readPlanFile(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot be read (${code === 'EISDIR' ? 'a folder' : (code ?? 'error')})` };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { problem: 'cannot be read (a folder)' };
    if (!stats.isFile()) return { problem: `not a regular file (${stats.isFIFO() ? 'a pipe' : stats.isSocket() ? 'a socket' : 'a device'}); name a plan file` };
    if (stats.size > maxBytes) {
      return { problem: `too large (${sizeText(stats.size)}; the limit is ${sizeText(maxBytes)}): raise it with --max-file-size MB to check it` };
    }
    const bytes = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: filled === bytes.length ? bytes : bytes.subarray(0, filled) };
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of each plan file in turn, read as `readPlanFile` reads them (UTF-8, bytes that are
 * not UTF-8 replaced); a file that cannot be read adds a `path: why` line to `problems`.
 */
export function* planTexts(files: readonly string[], problems: string[], maxBytes = DEFAULT_MAX_FILE_SIZE_MB * MB): Generator<{ path: string; text: string }> {
  for (const path of files) {
    const read = readPlanFile(path, maxBytes);
    if ('problem' in read) problems.push(`${path}: ${read.problem}`);
    else yield { path, text: new TextDecoder('utf-8').decode(read.bytes) };
  }
}
