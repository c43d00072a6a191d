import { join } from 'node:path';
import { answerInitializeFirst } from './early-initialize';
import { launch } from './launch';

// The language server's command: the server itself is dist/server-main.js, started from V8's
// code cache once the client's `initialize` has been answered.
answerInitializeFirst(process.argv, () => launch(join(__dirname, 'server-main.js'), require));
