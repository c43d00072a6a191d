import { join } from 'node:path';
import { launch } from './launch';

interface Commands {
  runCommandLine: () => void;
  checkedPlans: () => boolean;
}

// The command line's command: the commands themselves are dist/cli-main.js, started from V8's
// code cache (server/src/launch.ts), which holds the check's code once a run has checked plans.
let commands: Commands | undefined;
commands = launch(join(__dirname, 'cli-main.js'), require, () => commands?.checkedPlans() === true) as Commands;
commands.runCommandLine();
