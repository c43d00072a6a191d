import { writeSync } from 'node:fs';

/*
 * The command line writes its output with writeSync on the descriptor itself, not through
 * process.stdout and process.stderr: making either loads Node's stream modules, a few
 * milliseconds of every start (a twentieth of a check of a small plan). Where writeSync cannot
 * go on, the stream takes over:
 * - a descriptor that does not block (a pipe whose reader set it so) and is full: the rest is
 *   written through the stream, which waits until the reader has room;
 * - Windows, whose console wants UTF-16 (Node's stream converts): the stream from the start.
 * A reader that goes away (`virtplan check … | head`) is no error of the check: what is left
 * is dropped, and the command ends with its own exit code, as other tools do.
 */

/** Writes text to stdout (1) or stderr (2). */
export type Write = (text: string) => void;

function stream(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  return stream;
}

export function output(fd: 1 | 2): Write {
  if (process.platform === 'win32') {
    const to = stream(fd);
    return (text) => to.write(text);
  }
  let to: NodeJS.WriteStream | undefined;
  let closed = false;
  return (text) => {
    if (to) {
      to.write(text);
      return;
    }
    if (closed) return;
    const bytes = Buffer.from(text, 'utf8');
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(fd, bytes, at);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return;
        }
        if (code !== 'EAGAIN') throw error;
        to = stream(fd);
        to.write(bytes.subarray(at));
        return;
      }
    }
  };
}
