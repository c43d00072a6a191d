import { join } from 'node:path';
import { launch } from './launch';

// The language server's command: the server itself is dist/server-main.js, started from V8's code cache.
launch(join(__dirname, 'server-main.js'));
