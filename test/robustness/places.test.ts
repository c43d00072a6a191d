import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { parsePlan, parseTolerant } from '../../server/src/json/parse';
import { apply, checkFixes, checkPlaces, isDuplicate, offsetsOf, URI } from './place-oracle';
import { damagedPlanArb, jsonTextArb } from './typed-plans';

/**
 * Places and quick fixes on plans as they are while being typed: random plans, with and
 * without syntax damage, checked against jsonc-parser's tolerant tree (for places) and
 * JSON.parse (for values), which virtplan's own scanners must agree with.
 */

/** A quarter of the fuzz test's count: each case here also checks every fix and a second tree. */
const RUNS = Math.ceil(Number(process.env.FUZZ_RUNS ?? 2000) / 4);
const service = new PlanLanguageService();

/**
 * Cases these properties found in earlier versions (fast-check's shrunk counterexamples),
 * run first every time: a missing comma after the plan's name, text before the plan, and
 * the update fix on a multi-line host.
 */
const host = (sockets: number, cores: number, product = 'hyperv-2008') =>
  `{\n      "name": "hv-01",\n      "product": "${product}",\n      "hardware": {\n        "sockets": ${sockets},\n        "coresPerSocket": ${cores},\n        "memoryGB": 16\n      }\n    }`;
const FOUND: Array<[string]> = [
  [`{\n  "name": "p"\n  "hosts": [\n    ${host(1, 2)}\n  ],\n  "vms": []\n}`],
  [`{\n  "name": "p"\n  "hosts": [\n    ${host(1, 2, 'hyperv-2008r2')}\n  ],\n  "vms": []\n}`],
  [`x{\n  "name": "p",\n  "hosts": [\n    ${host(1, 2)}\n  ],\n  "vms": [\n    {\n      "name": "web-01",\n      "host": "hv-01",\n      "guest": {\n        "os": "windows-server-2008"\n      },\n      "memoryGB": 1,\n      "migration": "live"\n    }\n  ]\n}`],
  [`{\n  "name": "p",\n  "hosts": [\n    ${host(4, 6)}\n  ],\n  "vms": []\n}`],
  [`{\n  "name": "p",\n  "hosts": [\n    ${host(4, 5)},\n    ${host(1, 2)}\n  ],\n  "vms": []\n}`],
  [`{\n  "name": "p",\n  "hosts": [\n    ${host(1, 2).replace('16\n', '16,\n')}\n  ],\n  "vms": []\n}`],
];

describe(`places and quick fixes on plans being typed (${RUNS} cases a property)`, () => {
  it('every diagnostic stands where the tolerant tree puts its pointer, with and without syntax damage', () => {
    fc.assert(
      fc.property(damagedPlanArb, (text) => checkPlaces(text, service.validate(service.parse(text)))),
      { numRuns: RUNS, examples: FOUND },
    );
  });

  it('every quick fix replaces exactly what its diagnostic points at', () => {
    let fixes = 0;
    fc.assert(
      fc.property(damagedPlanArb, (text) => {
        fixes += checkFixes(text);
      }),
      { numRuns: RUNS, examples: FOUND },
    );
    assert.ok(fixes > RUNS / 4, `quick fixes were tried (${fixes})`);
  });

  it('the recovering parser builds what JSON.parse builds, prototype names and repeated keys included', () => {
    fc.assert(
      fc.property(jsonTextArb, (text) => {
        const expected: unknown = JSON.parse(text);
        assert.deepStrictEqual(parseTolerant(text).value, expected);
        assert.deepStrictEqual(parsePlan(text).value, expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('places after a syntax error', () => {
  const vm = (name: string, snapshots: number) => `{"name": "${name}", "host": "hv-01", "guest": {"os": "other-linux"}, "vcpus": 1, "memoryGB": 1, "snapshots": ${snapshots}}`;
  const plan = (vms: string) =>
    `{\n  "name": "p",\n  "hosts": [{"name": "hv-01", "product": "hyperv-2008", "edition": "enterprise", "hardware": {"sockets": 1, "coresPerSocket": 2, "memoryGB": 16}}],\n  "vms": [\n    ${vms}\n  ]\n}`;

  function snapshotsDiagnostic(text: string) {
    const parsed = service.parse(text);
    const diagnostics = service.validate(parsed);
    const d = diagnostics.find((x) => x.code === 'too-many-snapshots');
    assert.ok(d, `too-many-snapshots reported; got ${diagnostics.map((x) => x.code).join(', ')}`);
    return { parsed, d, actions: service.codeActions(parsed, URI, [d]) };
  }

  it('a missing comma between two VMs leaves the snapshots diagnostic on its own value', () => {
    const text = plan(`${vm('a', 0)},\n    ${vm('b', 0)}\n    ${vm('c', 600)}`);
    const { parsed, d, actions } = snapshotsDiagnostic(text);
    const start = parsed.lines.offsetAt(d.range.start);
    assert.equal(text.slice(start, parsed.lines.offsetAt(d.range.end)), '600');
    assert.equal(start, text.indexOf('600'));
    assert.equal(apply(text, actions[0].edit!.changes![URI]), text.replace('600', '50'));
  });

  it('a doubled comma does not shift the items after it', () => {
    const text = plan(`${vm('a', 0)},,\n    ${vm('b', 600)}`);
    const { parsed, d } = snapshotsDiagnostic(text);
    assert.equal(parsed.lines.offsetAt(d.range.start), text.indexOf('600'));
  });

  it('no fix overwrites an object when the value it names is not there', () => {
    // __proto__ is an ordinary key: the VM has no vcpus, so nothing may set them by replacing the VM.
    const text =
      '{"name": "p" oops, "hosts":[{"name":"h1","product":"hyperv-2008","edition":"enterprise","hardware":{"sockets":1,"coresPerSocket":2,"memoryGB":16}}], "vms":[{"name":"v1","host":"h1","guest":{"os":"windows-server-2008"},"__proto__":{"vcpus":64}}]}';
    const parsed = service.parse(text);
    const diagnostics = service.validate(parsed);
    const codes = diagnostics.map((d) => `${d.code} ${(d.data as { pointer: string }).pointer}`);
    assert.ok(!codes.includes('too-many-vcpus /vms/0/vcpus'), codes.join('; '));
    assert.ok(diagnostics.some((d) => String(d.message).includes('"__proto__"')), `the unknown __proto__ property is reported: ${codes.join('; ')}`);
    assert.ok(diagnostics.some((d) => String(d.message).includes('"vcpus"')), `the missing vcpus is reported: ${codes.join('; ')}`);
    checkPlaces(text, diagnostics);
    checkFixes(text);
  });
});

describe('duplicate keys', () => {
  function duplicates(text: string) {
    return service
      .validate(service.parse(text))
      .filter(isDuplicate)
      .map((d) => {
        const { offset, end } = offsetsOf(text, d);
        return text.slice(offset, end) + '@' + offset;
      });
  }

  it('the dropped key is highlighted with its own length', () => {
    assert.deepEqual(duplicates('{"name":"x","\\u006eame":"y"}'), ['"name"@1']);
    assert.deepEqual(duplicates('{"\\u006eame":"x","name":"y"}'), ['"\\u006eame"@1']);
  });

  it('a key left without a value drops nothing', () => {
    assert.deepEqual(duplicates('{"a":1,"a":2,"a'), ['"a"@1']);
    assert.deepEqual(duplicates('{"a":1,"a":2,"a":'), ['"a"@1']);
  });

  it('nothing inside a dropped value is reported', () => {
    assert.deepEqual(duplicates('{"a":{"b":1,"b":2},"a":3}'), ['"a"@1']);
  });
});

describe('the update fix touches only what it adds', () => {
  const hardware = '{"sockets": 4, "coresPerSocket": 6, "memoryGB": 64}';
  const plan = (host: string) => `{\n  "name": "p",\n  "hosts": [\n    ${host}\n  ]\n}\n`;

  function fixed(text: string): string {
    const parsed = service.parse(text);
    const action = service.codeActions(parsed, URI, service.validate(parsed)).find((a) => a.title === 'Add update KB956710 to the host');
    assert.ok(action, 'the update fix is offered');
    return apply(text, action.edit!.changes![URI]);
  }

  it('a one-line host stays one line', () => {
    const host = `{"name": "hv-01", "product": "hyperv-2008", "edition": "enterprise", "hardware": ${hardware}}`;
    assert.equal(fixed(plan(host)), plan(host.replace(/}$/, ', "updates": ["KB956710"]}')));
  });

  it('a compact host stays compact', () => {
    const host = `{"name":"hv-01","product":"hyperv-2008","edition":"enterprise","hardware":${hardware.replace(/ /g, '')}}`;
    assert.equal(fixed(plan(host)), plan(host.replace(/}$/, ',"updates":["KB956710"]}')));
  });

  it('a multi-line host gets one new line, indented as its others, and its one-line hardware is left alone', () => {
    const host = `{\n      "name": "hv-01",\n      "product": "hyperv-2008",\n      "edition": "enterprise",\n      "hardware": ${hardware}\n    }`;
    assert.equal(fixed(plan(host)), plan(host.replace(`${hardware}\n`, `${hardware},\n      "updates": ["KB956710"]\n`)));
  });

  it('an existing list gets one more item', () => {
    const host = `{"name": "hv-01", "product": "hyperv-2008", "edition": "enterprise", "updates": ["KB000001"], "hardware": ${hardware}}`;
    assert.equal(fixed(plan(host)), plan(host.replace('["KB000001"]', '["KB000001", "KB956710"]')));
    const empty = host.replace('["KB000001"]', '[]');
    assert.equal(fixed(plan(empty)), plan(host.replace('["KB000001"]', '["KB956710"]')));
  });

  it('tabs and CRLF are kept', () => {
    const text = `{\r\n\t"name": "p",\r\n\t"hosts": [{\r\n\t\t"name": "hv-01",\r\n\t\t"product": "hyperv-2008",\r\n\t\t"edition": "enterprise",\r\n\t\t"hardware": ${hardware}\r\n\t}]\r\n}`;
    assert.equal(fixed(text), text.replace(`${hardware}\r\n`, `${hardware},\r\n\t\t"updates": ["KB956710"]\r\n`));
  });
});

describe('a comma that stands for a missing value', () => {
  it('is a syntax error, not a trailing comma', () => {
    for (const text of ['{"name": "p", "hosts": [,]}', '{"name": "p", "hosts": {,}}', '{"name": "p", "hosts": [1,,]}', '{"name": "p", "hosts": [ /* none */ , ]}']) {
      assert.notDeepEqual(parsePlan(text).syntaxErrors, [], text);
    }
    assert.deepEqual(parsePlan('{"name": "p", "hosts": [1, /* more */ ], "vms": {"a": 1,}}').syntaxErrors, []);
  });
});
