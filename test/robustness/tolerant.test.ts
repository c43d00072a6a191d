import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { visit, type ParseError } from 'jsonc-parser';
import { generatePlan } from '../../bench/generate';
import { locateInPlaces, locateTolerant } from '../../server/src/json/locate';
import { parsePlan } from '../../server/src/json/parse';
import { blankComments, blankTrailingCommas } from '../../server/src/json/strip';
import { parseTolerantly } from '../../server/src/json/tolerant';
import { escapeSegment } from '../../server/src/json/pointer';

/**
 * The oracle: the value, errors and count of keys stored twice as built from jsonc-parser's
 * own visitor events, the reading of a broken plan the tolerant parser must keep.
 */
function visited(source: string): { value: unknown; errors: ParseError[]; keysStoredTwice: number } {
  const errors: ParseError[] = [];
  const open: Array<{ container: unknown[] | Record<string, unknown>; key: string | undefined }> = [];
  let root: unknown;
  let rooted = false;
  let keysStoredTwice = 0;
  const put = (value: unknown) => {
    const top = open[open.length - 1];
    if (!top) {
      if (!rooted) [root, rooted] = [value, true];
    } else if (Array.isArray(top.container)) {
      top.container.push(value);
    } else if (top.key !== undefined) {
      if (Object.prototype.hasOwnProperty.call(top.container, top.key)) keysStoredTwice++;
      Object.defineProperty(top.container, top.key, { value, enumerable: true, writable: true, configurable: true });
      top.key = undefined;
    }
  };
  visit(
    source,
    {
      onObjectBegin: () => {
        const object = {};
        put(object);
        open.push({ container: object, key: undefined });
      },
      onObjectProperty: (name) => void (open[open.length - 1].key = name),
      onArrayBegin: () => {
        const array: unknown[] = [];
        put(array);
        open.push({ container: array, key: undefined });
      },
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onLiteralValue: put,
      onError: (error, offset, length) => void errors.push({ error, offset, length }),
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return { value: root, errors, keysStoredTwice };
}

/** Every pointer of a value, and a few that name nothing. */
function pointersOf(value: unknown, pointer = '', out: string[] = []): string[] {
  out.push(pointer);
  if (Array.isArray(value)) {
    value.forEach((item, i) => pointersOf(item, `${pointer}/${i}`, out));
    out.push(`${pointer}/${value.length}`, `${pointer}/01`);
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) pointersOf((value as Record<string, unknown>)[key], `${pointer}/${escapeSegment(key)}`, out);
    out.push(`${pointer}/missing`);
  }
  return out;
}

const plan = JSON.stringify(generatePlan({ vms: 3, mistakes: 0.3 }), null, 2);
const SYMBOLS = ['{', '}', '[', ']', ',', ':', '"', '/', '*', '\\', '\n', '\r', '\t', ' ', '-', '0', '1', 'e', '.', 'true', 'nul', 'x', '//', '/*', '*/', '\\u12', '\u0001', '\u001f', '__proto__'];

/** A plan as a planner leaves it mid-edit: characters deleted, doubled, inserted, the end cut off. */
const edited = fc
  .array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'double', 'cut'), fc.constantFrom(...SYMBOLS)), { minLength: 1, maxLength: 4 })
  .map((edits) => {
    let text = plan;
    for (const [at, kind, symbol] of edits) {
      const i = at % (text.length + 1);
      if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
      else if (kind === 'insert') text = text.slice(0, i) + symbol + text.slice(i);
      else if (kind === 'double') text = text.slice(0, i) + text.slice(i, i + 40) + text.slice(i);
      else text = text.slice(0, i);
    }
    return text;
  });

const jsonish = fc.array(fc.constantFrom(...SYMBOLS, '"a"', '"b":', '{"a":', '[1,', '2]'), { maxLength: 40 }).map((parts) => parts.join(''));

function agree(text: string): void {
  const fast = parseTolerantly(text);
  const oracle = visited(text);
  assert.deepStrictEqual(fast.value, oracle.value, 'the value');
  assert.deepStrictEqual(fast.errors, oracle.errors, 'the errors, with their places');
  assert.equal(fast.keysStoredTwice, oracle.keysStoredTwice, 'keys stored twice');
  const pointers = pointersOf(oracle.value);
  assert.deepStrictEqual(locateInPlaces(fast.places, pointers), locateTolerant(text, pointers), 'the places of every pointer');
}

/** How a plan was read before JSON.parse's failure was looked at: blanking tried whatever the failure. */
function readBefore(source: string): { value: unknown; tolerant: boolean } {
  try {
    return { value: JSON.parse(source), tolerant: false };
  } catch {
    // on
  }
  const withoutComments = blankComments(source) ?? source;
  const plain = blankTrailingCommas(withoutComments) ?? withoutComments;
  try {
    return { value: JSON.parse(plain), tolerant: false };
  } catch {
    return { value: visited(source).value, tolerant: true };
  }
}

describe('the tolerant parse', () => {
  it('is used for just the plans that JSON.parse cannot read with comments and trailing commas blanked', () => {
    const commented = fc.constantFrom(plan, plan.replace(/,\n/g, ', // note: a comment\n'), plan.replace(/\n(\s*)\}/g, ',\n$1/* end */ }'), plan.replace(/("name": "[^"]*")/, '$1 /* a/b */'));
    const variants = fc.tuple(commented, fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert'), fc.constantFrom(...SYMBOLS)), { maxLength: 2 })).map(([text, edits]) => {
      for (const [at, kind, symbol] of edits) {
        const i = at % (text.length + 1);
        text = kind === 'delete' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + symbol + text.slice(i);
      }
      return text;
    });
    fc.assert(
      fc.property(variants, (text) => {
        const parsed = parsePlan(text);
        const before = readBefore(parsed.source);
        assert.equal(parsed.syntaxErrors.length > 0 || parsed.places !== undefined, before.tolerant, 'read tolerantly just when it was before');
        assert.deepStrictEqual(parsed.value, before.value);
      }),
      { numRuns: 1500 },
    );
  });

  it('reads an edited plan as jsonc-parser does: value, errors, places', () => {
    fc.assert(fc.property(edited, agree), { numRuns: 1500 });
  });

  it('reads any string of JSON-like pieces as jsonc-parser does', () => {
    fc.assert(fc.property(jsonish, agree), { numRuns: 1500 });
  });

  it('reads the plan unedited, comments and trailing commas too, as jsonc-parser does', () => {
    agree(plan);
    agree(plan.replace(/,\n/g, ', // note: a comment\n').replace(/\n(\s*)\}/g, ',\n$1/* end */ }'));
    agree('');
    agree('   ');
    agree('{"a": 1} /* unclosed');
  });
});
