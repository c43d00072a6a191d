// The bugs language-server code tends to have: promises nobody awaits, value imports used only
// as types, loose equality, and bodies without braces that grow a second line.
import tseslint from 'typescript-eslint';

// The layers of the server, lowest first: a folder imports only from its own layer and the
// ones before it, so the JSON layer knows nothing of plans, rules know nothing of editors, and
// the language service knows nothing of the wire. docs/architecture.md draws them.
const LAYERS = [['util'], ['json'], ['catalog'], ['model'], ['rules'], ['service', 'report'], ['config'], ['cli']];
const layerRules = LAYERS.flatMap((folders, index) => {
  const above = LAYERS.slice(index + 1).flat();
  return folders.map((folder) => ({
    files: [`server/src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...(above.length ? [{ regex: `^\\.\\./(${above.join('|')})/`, message: `${folder}/ is below ${above.join(', ')}: move what both need down, not the import up.` }] : []),
          { regex: '^\\.\\./(server|server-runtime|settings|workspace|cli)$', message: `${folder}/ is below the server's own files.` },
        ],
      }],
    },
  }));
});

export default tseslint.config(
  { ignores: ['dist/', 'out/', '.cache/', 'node_modules/', 'test-results/'] },
  {
    files: ['src/**/*.ts', 'server/src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: 'error',
      curly: ['error', 'multi-line'],
    },
  },
  {
    // node:test's describe and it return promises that the runner itself awaits.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'before', 'after'] }] }] },
  },
  ...layerRules,
);
