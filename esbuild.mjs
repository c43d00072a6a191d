// One build script for every bundle: the VS Code client, the language server, the CLI and,
// with --tests, the test files. Types are checked separately by `tsc --noEmit`.
import * as esbuild from 'esbuild';
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

// The plan schema's validator, compiled once at build time into plain code (ajv's standalone
// output), so no process pays for compiling it at start. The bundles import it as the module
// `virtplan:plan-validator`; server/src/service/schema.ts falls back to compiling at run time
// if the schema it is given is not the one compiled here.
function planValidatorPlugin(root) {
  const schemaPath = join(root, 'schemas', 'virtplan.schema.json');
  const optionsPath = join(root, 'server', 'src', 'service', 'ajv-options.json');
  return {
    name: 'plan-validator',
    setup(build) {
      build.onResolve({ filter: /^virtplan:plan-validator$/ }, () => ({ path: 'plan-validator', namespace: 'virtplan' }));
      build.onLoad({ filter: /.*/, namespace: 'virtplan' }, () => {
        const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
        const { options, editorKeywords } = JSON.parse(readFileSync(optionsPath, 'utf8'));
        const ajv = new Ajv({ ...options, code: { source: true } });
        ajv.addVocabulary(editorKeywords);
        const code = standaloneCode(ajv, ajv.compile(schema));
        return {
          contents: `${code}\nmodule.exports.source = ${JSON.stringify(JSON.stringify(schema))};\n`,
          loader: 'js',
          resolveDir: root,
          watchFiles: [schemaPath, optionsPath],
        };
      });
    },
  };
}

// ajv's uniqueItems compares items with its runtime/equal (fast-deep-equal), which calls an
// item's own `toString` or `valueOf` key: `"suppress": [{}, {"toString": []}]` threw. Plan data
// is compared by server/src/util/json-equal.ts instead, which reads only own keys and calls
// nothing: the generated validator requires `ajv/dist/runtime/equal`, ajv's compiler a path
// relative to it.
function jsonEqualPlugin(root) {
  return {
    name: 'json-equal',
    setup(build) {
      build.onResolve({ filter: /(^|\/)runtime\/equal(\.js)?$/ }, (args) =>
        args.path.startsWith('ajv/') || /[\\/]ajv[\\/]/.test(args.importer) ? { path: join(root, 'server', 'src', 'util', 'json-equal.ts') } : undefined,
      );
    },
  };
}

const common = {
  define: { VIRTPLAN_VERSION: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build does not.
  mainFields: ['module', 'main'],
  loader: { '.json': 'json' },
  plugins: [planValidatorPlugin(process.cwd()), jsonEqualPlugin(process.cwd())],
};

const bin = { js: '#!/usr/bin/env node' };

// ajv's compiler is needed only for a plan schema other than the one compiled at build time
// (server/src/service/schema.ts requires it then, and only then). The commands leave it in a
// file of its own, dist/ajv.js, so that every start reads and parses a third less code.
const ajvApart = {
  name: 'ajv-apart',
  setup(build) {
    build.onResolve({ filter: /^ajv$/ }, () => ({ path: './ajv.js', external: true }));
  },
};

// vscode-jsonrpc and vscode-languageserver require crypto (for pipe names) and child_process (to
// find global node_modules) at load, and neither is used over stdio or IPC. Each is loaded at
// its first use instead: Node's crypto alone is some forty modules to compile at every start.
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(crypto|child_process)$/ }, (args) => ({ path: args.path, namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let loaded;\nmodule.exports = new Proxy({}, { get: (_, key) => (loaded ??= require('node:${args.path}'))[key] });\n`,
      loader: 'js',
    }));
  },
};

// The protocol package pins its own patch release of vscode-languageserver-types; one copy
// of the types serves both, instead of two in every bundle.
const oneTypesPackage = { 'vscode-languageserver-types': './node_modules/vscode-languageserver-types/lib/esm/main.js' };

// esbuild writes a new file with the default mode, so a fresh dist/ (a production build
// empties it) would hold commands that cannot run. Every build of a command marks it executable.
const executable = {
  name: 'executable',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) chmodSync(build.initialOptions.outfile, 0o755);
    });
  },
};

function testEntries(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testEntries(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const builds = args.has('--tests')
  ? [{ ...common, entryPoints: testEntries('test'), outdir: 'out/test', outbase: 'test', sourcemap: 'inline', external: ['vscode', 'playwright-core'] }]
  : args.has('--bench')
  ? [{ ...common, entryPoints: ['bench/run.ts'], outfile: 'out/bench/run.js', sourcemap: false }]
  : args.has('--e2e')
  ? [{ ...common, entryPoints: [...readdirSync('test/e2e').filter((name) => name.endsWith('.e2e.ts')).map((name) => `test/e2e/${name}`), 'test/e2e/serve.ts'], outdir: 'out/e2e', sourcemap: 'inline', external: ['playwright-core'] }]
  : [
      { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
      // The server's command is a launcher that runs the server's bundle from V8's code cache.
      { ...common, entryPoints: ['server/src/server-launch.ts'], outfile: 'dist/server.js', banner: bin, plugins: [executable] },
      { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', alias: oneTypesPackage, plugins: [...common.plugins, ajvApart, lazyBuiltins] },
      // The command line's command is a launcher too, for the same reason.
      { ...common, entryPoints: ['server/src/cli-launch.ts'], outfile: 'dist/cli.js', banner: bin, plugins: [executable] },
      { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js', alias: oneTypesPackage, plugins: [...common.plugins, ajvApart] },
      { ...common, entryPoints: ['ajv'], outfile: 'dist/ajv.js' },
    ];

// A production build starts from an empty dist/, so no stale source map is packaged.
if (production) rmSync('dist', { recursive: true, force: true });

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
