import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import equal from '../../server/src/util/json-equal';
import { checkText } from '../../server/src/service/check';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** A JSON value written with its keys in order: two values are equal when these are. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// Keys a deep-equal may take for the object's own methods.
const KEYS = fc.constantFrom('toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty', 'a', 'b', '');
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constantFrom(null, true, false, 0, 1, 'x', ''), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(KEYS, tie('value'), { maxKeys: 3 })),
})).value;

describe('equality of plan values (uniqueItems)', () => {
  it('is equality of the JSON text, keys in any order, whatever the keys are called', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        // Through the parser, as plans arrive: own keys such as "__proto__" and "toString".
        const [x, y] = [JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))];
        assert.equal(equal(x, y), canonical(x) === canonical(y));
        assert.equal(equal(x, JSON.parse(JSON.stringify(x))), true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a list of objects named like methods is a structure error, not a stopped check', () => {
    for (const items of ['{}, {"toString": []}', '{"valueOf": 1}, {"valueOf": 1}', '{"toString": "a"}, {"toString": "a"}', '[], {"valueOf": {}}']) {
      for (const text of [
        `{"name": "p", "suppress": [${items}], "hosts": [], "vms": []}`,
        `{"name": "p", "hosts": [{"name": "h", "product": "hyperv-2008", "edition": "enterprise", "suppress": [${items}], "hardware": {"sockets": 1, "coresPerSocket": 2, "memoryGB": 8}}], "vms": [{"name": "v", "host": "h", "guest": {"os": "windows-xp"}, "vcpus": 1, "memoryGB": 1, "suppress": [${items}]}], "clusters": [{"name": "c", "nodes": [${items}]}]}`,
      ]) {
        const found = checkText(text).diagnostics;
        assert.ok(found.some((d) => d.code === 'schema'), text);
      }
    }
    const twice = checkText('{"name": "p", "suppress": ["too-many-nics", "too-many-nics"], "hosts": [], "vms": []}').diagnostics;
    assert.ok(twice.some((d) => d.code === 'schema' && /is listed twice in "suppress"/.test(d.message)), JSON.stringify(twice.map((d) => d.message)));
  });
});
