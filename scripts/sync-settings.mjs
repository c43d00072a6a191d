// Writes the server's settings definitions (server/src/settings.ts) into package.json's
// contributes.configuration, and the configuration file's schema (server/src/config/schema.ts)
// into schemas/, so each is declared once. `npm test` checks they agree.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { outputFiles } = await esbuild.build({
  stdin: { contents: "export * from './server/src/settings'; export { configSchema } from './server/src/config/schema';", resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.configuration = { title: 'virtplan', properties: module.exports.configurationProperties() };
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${Object.keys(pkg.contributes.configuration.properties).length} settings written`);
writeFileSync('schemas/virtplan.config.schema.json', JSON.stringify(module.exports.configSchema(), null, 2) + '\n');
console.log('schemas/virtplan.config.schema.json written');
