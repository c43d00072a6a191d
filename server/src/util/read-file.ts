import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { holdForPlan } from '../heap';

export const DEFAULT_MAX_FILE_SIZE_MB = 256;
const MB = 1024 * 1024;

export type ReadResult = { bytes: Buffer } | { problem: string };

function sizeText(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${bytes} bytes`;
}

type Opened = { fd: number; size: number } | { problem: string };

/** What the file is read as, named in the message that refuses it. */
export type FileKind = 'plan' | 'configuration';

/**
 * Opens a plan file, refusing what cannot be a plan before reading a byte: a FIFO or a device
 * would block or never end (`/dev/zero`), and a file above the limit would fill memory. The file
 * is opened without blocking (a FIFO with no writer would otherwise hang the open) and checked
 * with fstat, so what is read is what was checked. The caller closes the descriptor.
 */
function openPlanFile(path: string, maxBytes: number, kind: FileKind): Opened {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : `cannot be read (${code === 'EISDIR' ? 'a folder' : (code ?? 'error')})` };
  }
  try {
    const stats = fstatSync(fd);
    let problem: string | undefined;
    if (stats.isDirectory()) problem = 'cannot be read (a folder)';
    else if (!stats.isFile()) problem = `not a regular file (${stats.isFIFO() ? 'a pipe' : stats.isSocket() ? 'a socket' : 'a device'}); name a ${kind} file`;
    else if (stats.size > maxBytes) {
      problem = `too large (${sizeText(stats.size)}; the limit is ${sizeText(maxBytes)})`;
      // Only a plan's limit can be raised; a configuration file's is fixed.
      if (kind === 'plan') problem += ': raise it with --max-file-size MB to check it';
    }
    if (problem === undefined) return { fd, size: stats.size };
    closeSync(fd);
    return { problem };
  } catch (error) {
    closeSync(fd);
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/** The first `size` bytes of an open file. */
function readBytes(fd: number, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let filled = 0;
  while (filled < bytes.length) {
    const n = readSync(fd, bytes, filled, bytes.length - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === bytes.length ? bytes : bytes.subarray(0, filled);
}

/** Reads a plan file's bytes (or a configuration file's), refusing what cannot be one (see `openPlanFile`). */
export function readPlanFile(path: string, maxBytes: number, kind: FileKind = 'plan'): ReadResult {
  const opened = openPlanFile(path, maxBytes, kind);
  if ('problem' in opened) return opened;
  try {
    return { bytes: readBytes(opened.fd, opened.size) };
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * A plan's text, where its bytes first stop being UTF-8 if they do, and whether it began with a
 * byte-order mark (dropped from the text; `format` writes it back).
 */
export type TextResult = { text: string; invalidAt?: number; bom?: boolean } | { problem: string };

/** Decodes a plan as a UTF-8 decoder does (a leading BOM dropped); where the bytes are not UTF-8, says where, and reads on with replacement characters. */
export function decodePlan(bytes: Uint8Array): { text: string; invalidAt?: number; bom?: boolean } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? { bom: true } : {};
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), ...bom };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { text, invalidAt: Math.max(0, text.indexOf('\uFFFD')), ...bom };
  }
}

/**
 * Reads a plan file as text: `decodePlan` of `readPlanFile`'s bytes. The bytes are garbage as
 * soon as the text is made, before the check builds anything on it.
 */
export function readPlanText(path: string, maxBytes: number): TextResult {
  const read = readPlanFile(path, maxBytes);
  if ('problem' in read) return read;
  holdForPlan(read.bytes.length);
  return decodePlan(read.bytes);
}

/**
 * The text of each plan file in turn, read as `readPlanFile` reads them (UTF-8, bytes that are
 * not UTF-8 replaced); a file that cannot be read adds a `path: why` line to `problems`.
 */
export function* planTexts(files: readonly string[], problems: string[], maxBytes = DEFAULT_MAX_FILE_SIZE_MB * MB): Generator<{ path: string; text: string; bom: boolean }> {
  for (const path of files) {
    const read = readPlanText(path, maxBytes);
    if ('problem' in read) problems.push(`${path}: ${read.problem}`);
    else yield { path, text: read.text, bom: read.bom === true };
  }
}
