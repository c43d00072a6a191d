// The plan schema's validator, compiled once at build time into plain code (ajv's standalone
// output), so no process pays for compiling it at start. The build imports it as the module
// `virtplan:plan-validator`; server/src/service/schema.ts falls back to compiling at run time
// if the schema it is given is not the one compiled here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

export function planValidatorPlugin(root) {
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
