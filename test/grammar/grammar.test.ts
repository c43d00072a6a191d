import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../protocol/lsp-client';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const SCOPE = 'source.json.virtplan';

const root = repoRoot();
const grammarPath = join(root, 'syntaxes', 'virtplan.tmLanguage.json');
const samplePath = join(root, 'test', 'grammar', 'sample.virtplan.json');
const snapshotPath = join(root, 'test', 'grammar', 'sample.scopes.txt');

interface Token {
  line: number; // 1-based, as editors show it
  col: number; // 1-based
  text: string;
  scopes: string[]; // outermost first, without the grammar's own scope
}

let grammar: textmate.IGrammar;

before(async () => {
  // Resolved from the root rather than by a bare require.resolve, which esbuild would try to bundle.
  const wasm = readFileSync(createRequire(join(root, 'package.json')).resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === SCOPE ? textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar(SCOPE);
  assert.ok(loaded, `the grammar ${SCOPE} loads`);
  grammar = loaded;
});

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((lineText, index) => {
    const result = grammar.tokenizeLine(lineText, state);
    for (const token of result.tokens) {
      const tokenText = lineText.slice(token.startIndex, token.endIndex);
      if (tokenText.trim() === '') continue;
      assert.equal(token.scopes[0], SCOPE);
      tokens.push({ line: index + 1, col: token.startIndex + 1, text: tokenText, scopes: token.scopes.slice(1) });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** The nesting scopes, shortened so a dump line shows the structure at a glance. */
const SHORT: Record<string, string> = {
  'meta.structure.dictionary.json': '{',
  'meta.structure.dictionary.value.json': ':',
  'meta.structure.array.json': '[',
};

function dump(tokens: Token[]): string {
  const header = [
    '# Scopes of test/grammar/sample.virtplan.json, one token per line: line:col text  scopes.',
    `# Whitespace tokens and ${SCOPE} are left out; ${Object.entries(SHORT).map(([scope, short]) => `${short} = ${scope}`).join(', ')}.`,
    '# Regenerate with UPDATE_SNAPSHOTS=1 and read the diff.',
  ];
  const lines = tokens.map((t) => `${`${t.line}:${t.col}`.padEnd(7)} ${t.text.padEnd(18)}  ${t.scopes.map((s) => SHORT[s] ?? s).join(' ')}`);
  return [...header, ...lines].join('\n') + '\n';
}

/** The one token with this text on the first line containing `lineContains`. */
function tokenOn(tokens: Token[], text: string, lineContains: string, tokenText: string): Token {
  const lineIndex = text.split(/\r?\n/).findIndex((line) => line.includes(lineContains));
  assert.notEqual(lineIndex, -1, `a line contains ${lineContains}`);
  const found = tokens.filter((t) => t.line === lineIndex + 1 && t.text === tokenText);
  assert.equal(found.length, 1, `one token ${JSON.stringify(tokenText)} on line ${lineIndex + 1}; got ${JSON.stringify(tokens.filter((t) => t.line === lineIndex + 1))}`);
  return found[0];
}

function scopesOf(text: string, lineContains: string, tokenText: string, tokens = tokenize(text)): string[] {
  return tokenOn(tokens, text, lineContains, tokenText).scopes;
}

const PRODUCT_ID = 'constant.language.product-id.virtplan';
const GUEST_ID = 'constant.language.guest-id.virtplan';
const RULE_CODE = 'constant.language.rule-code.virtplan';
const UPDATE_ID = 'constant.other.update-id.virtplan';
const UNIT_GB = 'keyword.other.unit.gb.virtplan';
const ENUM = 'support.constant.virtplan';
const SPECIAL = [PRODUCT_ID, GUEST_ID, RULE_CODE, UPDATE_ID, UNIT_GB, ENUM];

describe('the virtplan grammar on the sample plan', () => {
  const sample = readFileSync(samplePath, 'utf8');
  let sampleTokens: Token[] | undefined;
  const of = (lineContains: string, tokenText: string) => scopesOf(sample, lineContains, tokenText, (sampleTokens ??= tokenize(sample)));

  it('matches the scope snapshot', () => {
    const actual = dump(tokenize(sample));
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      writeFileSync(snapshotPath, actual);
      return;
    }
    assert.ok(existsSync(snapshotPath), 'the snapshot exists; create it with UPDATE_SNAPSHOTS=1');
    assert.equal(actual, readFileSync(snapshotPath, 'utf8'));
  });

  it('scopes a product id by the property it is in', () => {
    const scopes = of('"product": "hyperv-2008-r2"', 'hyperv-2008-r2');
    assert.ok(scopes.includes('string.quoted.double.json'));
    assert.ok(scopes.includes(PRODUCT_ID));
    assert.ok(of('"vmware-esx-3.5"', 'vmware-esx-3.5').includes(PRODUCT_ID), 'also with a comment and line breaks between key and value');
  });

  it('does not scope a name as a product id, even when it looks like one', () => {
    for (const [line, token] of [
      ['"name": "hyperv-2008"', 'hyperv-2008'],
      ['"host": "hyperv-2008"', 'hyperv-2008'],
      ['"nodes": ["hyperv-2008"]', 'hyperv-2008'],
    ]) {
      const scopes = of(line, token);
      assert.ok(scopes.includes('string.quoted.double.json'), `${line} is a string`);
      assert.deepEqual(scopes.filter((s) => SPECIAL.includes(s)), [], `${line} has no virtplan scope`);
    }
  });

  it('scopes comments', () => {
    assert.ok(of('// a name that looks like an id', ' a name that looks like an id is still a name').includes('comment.line.double-slash.json'));
    assert.deepEqual(of('// data', '//').slice(-2), ['comment.line.double-slash.json', 'punctuation.definition.comment.json']);
    assert.ok(of('"product": "not-a-product"', '   * trailing commas. "product": "not-a-product" in a comment stays a comment.').includes('comment.block.documentation.json'));
    assert.ok(of('/* the key and its value', '/*').includes('comment.block.json'));
  });

  it('scopes keys as property names', () => {
    assert.ok(of('"memoryGB": 128', 'memoryGB').includes('support.type.property-name.json'));
    assert.ok(of('"product": "hyperv-2008-r2"', 'product').includes('support.type.property-name.json'));
  });

  it('gives numbers in GB the unit scope, and only those', () => {
    assert.deepEqual(of('"memoryGB": 128', '128').slice(-2), ['constant.numeric.json', UNIT_GB]);
    assert.ok(of('"memoryGB": 31.5e0', '31.5e0').includes(UNIT_GB));
    assert.ok(of('{ "sizeGB": 1500', '1500').includes(UNIT_GB), 'in an object inside an array inside a VM');
    assert.ok(!of('"vcpus": 4', '4').includes(UNIT_GB));
    assert.ok(!of('"coresPerSocket": 6', '6').includes(UNIT_GB));
  });

  it('scopes guest ids, rule codes, update ids and enum values', () => {
    assert.ok(of('"os": "windows-server-2008"', 'windows-server-2008').includes(GUEST_ID));
    assert.ok(of('"license-instances-exceeded"', 'license-instances-exceeded').includes(RULE_CODE));
    assert.ok(of('"cpu-oversubscribed"', 'cpu-oversubscribed').includes(RULE_CODE), 'after a comment inside the list');
    assert.ok(of('"KB956710", "KB950050"', 'KB950050').includes(UPDATE_ID));
    for (const [line, token] of [
      ['"edition": "datacenter"', 'datacenter'],
      ['"migration": "live"', 'live'],
      ['"bus": "scsi"', 'scsi'],
      ['"os": "windows-server-2008", "arch": "x64"', 'x64'],
      ['"hotAdd": ["disk"]', 'disk'],
    ]) {
      assert.ok(of(line, token).includes(ENUM), `${token} in ${line}`);
    }
  });
});

describe('the virtplan grammar on small plans', () => {
  const special = (scopes: string[]) => scopes.filter((s) => SPECIAL.includes(s));

  it('ends a special property at its comma, so the next value is ordinary', () => {
    const text = '{ "product": "hyperv-2008", "name": "hyperv-2008", "os": "x" }';
    const tokens = tokenize(text).filter((t) => t.text === 'hyperv-2008');
    assert.deepEqual(tokens.map((t) => special(t.scopes)), [[PRODUCT_ID], []]);
    assert.deepEqual(special(scopesOf(text, text, 'x')), [GUEST_ID]);
  });

  it('ends a special property at the closing brace, without a comma', () => {
    const text = '[{ "product": "a" }, { "name": "b" }]';
    assert.deepEqual(special(scopesOf(text, text, 'a')), [PRODUCT_ID]);
    assert.deepEqual(special(scopesOf(text, text, 'b')), []);
    assert.ok(scopesOf(text, text, ']').includes('punctuation.definition.array.end.json'));
  });

  it('reads values of the wrong type as ordinary JSON, nested structures included', () => {
    const text = '{ "product": { "name": "n", "list": ["p"] }, "suppress": [["nested"], "code"], "memoryGB": "64" }';
    assert.deepEqual(special(scopesOf(text, text, 'n')), []);
    assert.deepEqual(special(scopesOf(text, text, 'p')), []);
    assert.deepEqual(special(scopesOf(text, text, 'nested')), [], 'a list inside the suppress list holds no rule codes');
    assert.deepEqual(special(scopesOf(text, text, 'code')), [RULE_CODE]);
    assert.deepEqual(special(scopesOf(text, text, '64')), []);
    assert.ok(scopesOf(text, text, '64').includes('string.quoted.double.json'));
  });

  it('keeps escapes and constants as JSON does', () => {
    const text = '{ "product": "a\\"b", "x": [true, false, null] }';
    assert.ok(scopesOf(text, text, '\\"').includes('constant.character.escape.json'));
    assert.ok(scopesOf(text, text, '\\"').includes(PRODUCT_ID));
    for (const constant of ['true', 'false', 'null']) {
      assert.ok(scopesOf(text, text, constant).includes('constant.language.json'), constant);
    }
  });

  it('accepts trailing commas and marks a missing comma', () => {
    const trailing = '{ "updates": ["KB1",], "name": "x", }';
    assert.deepEqual(tokenize(trailing).filter((t) => t.scopes.some((s) => s.startsWith('invalid'))), []);
    const missing = '{ "a": 1 "b": 2 }';
    assert.ok(tokenize(missing).some((t) => t.scopes.some((s) => s.startsWith('invalid.illegal'))));
  });
});
