// Writes what is made from the server's own definitions, so each is declared once: the
// settings (server/src/settings.ts) into package.json's contributes.configuration, the
// configuration file's schema (server/src/config/schema.ts) into schemas/, and the lists of
// rule codes (scripts/rule-lists.ts, from server/src/rules/index.ts) into the README, the
// contents of docs/rules.md and the plan schema. `npm test` checks they agree.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { outputFiles } = await esbuild.build({
  stdin: {
    contents:
      "export * from './server/src/settings'; export { configSchema } from './server/src/config/schema';" +
      " export { RULES } from './server/src/rules/index'; export { RULE_LIST_FILES } from './scripts/rule-lists';",
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
});
const module = { exports: {} };
new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.configuration = { title: 'virtplan', properties: module.exports.configurationProperties() };
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${Object.keys(pkg.contributes.configuration.properties).length} settings written`);
writeFileSync('schemas/virtplan.config.schema.json', JSON.stringify(module.exports.configSchema(), null, 2) + '\n');
console.log('schemas/virtplan.config.schema.json written');
for (const file of module.exports.RULE_LIST_FILES) {
  writeFileSync(file.path, file.update(readFileSync(file.path, 'utf8'), module.exports.RULES));
  console.log(`${file.path}: ${module.exports.RULES.length} rule codes written`);
}
