import { join } from 'node:path';
import { answerInitializeFirst } from './early-initialize';
import { launch } from './launch';

declare const VIRTPLAN_VERSION: string | undefined;

const USAGE = `Usage: virtplan-language-server --stdio
  The virtplan language server, for an editor to start: it speaks the Language Server Protocol
  on stdin and stdout (--stdio), or over --node-ipc, --socket=PORT or --pipe=NAME.
  virtplan-language-server --version | --help
`;

/** Whether the arguments name a way to talk to the client, as vscode-languageserver reads them. */
const TRANSPORT = /^--(stdio|node-ipc|socket=|pipe=)/;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (args.includes('--version')) {
  process.stdout.write(`${typeof VIRTPLAN_VERSION === 'string' ? VIRTPLAN_VERSION : '0.0.0'}\n`);
} else if (!args.some((arg) => TRANSPORT.test(arg))) {
  process.stderr.write('virtplan-language-server: an editor starts it, with --stdio (or --node-ipc, --socket=PORT, --pipe=NAME); see --help.\n');
  process.exitCode = 2;
} else {
  // The language server's command: the server itself is dist/server-main.js, started from V8's
  // code cache once the client's `initialize` has been answered.
  answerInitializeFirst(process.argv, () => launch(join(__dirname, 'server-main.js'), require));
}
