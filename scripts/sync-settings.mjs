// Writes the server's settings definitions (server/src/settings.ts) into package.json's
// contributes.configuration, so they are declared once. `npm test` checks the two agree.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { outputFiles } = await esbuild.build({
  entryPoints: ['server/src/settings.ts'],
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
