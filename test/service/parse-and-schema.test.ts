import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from '../../server/src/service/check';
import { locatePointers } from '../../server/src/json/locate';
import { codes, diagnose, expectDiagnostic, expectNo, planText, rangeText } from '../helpers';

describe('parsing', () => {
  it('accepts comments and trailing commas', () => {
    const text = `{
  // the plan
  "name": "p", /* inline */
  "hosts": [
    { "name": "h", "product": "hyperv-2008", "edition": "datacenter", "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 64, }, },
  ],
}`;
    assert.deepEqual(diagnose(text), []);
  });

  it('reports a syntax error where it is and still checks the readable part', () => {
    const text = planText((p) => (p.vms[0].migration = 'live')).replace('"vcpus": 2,', '"vcpus": 2');
    const all = diagnose(text);
    const parse = all.filter((d) => d.code === 'parse-error');
    assert.equal(parse.length, 1);
    assert.match(parse[0].message, /comma/i);
    const at = text.indexOf('"memoryGB": 4');
    assert.equal(parse[0].offset, at, 'at the token where the comma was expected');
    assert.ok(all.some((d) => d.code === 'live-migration-unsupported'), 'the rest is still checked');
  });

  it('a truncated file gets a parse error at its end and the readable diagnostics', () => {
    const full = planText((p) => (p.hosts[0].hardware.arch = 'x86'));
    const text = full.slice(0, full.indexOf('"clusters"'));
    const found = codes(text);
    assert.ok(found.includes('parse-error'));
    assert.ok(found.includes('host-arch-unsupported'));
  });

  it('an empty file is one parse error', () => {
    const [d] = diagnose('');
    assert.equal(d.code, 'parse-error');
    assert.match(d.message, /empty/);
    assert.deepEqual(codes('  \n'), ['parse-error']);
  });

  it('keeps ranges right with CRLF line endings', () => {
    const lf = planText((p) => (p.vms[0].migration = 'live'));
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = expectDiagnostic(lf, { code: 'live-migration-unsupported', pointer: '/vms/0/migration', covers: '"live"' });
    const b = expectDiagnostic(crlf, { code: 'live-migration-unsupported', pointer: '/vms/0/migration', covers: '"live"' });
    assert.deepEqual(a.range, b.range, 'same line and character either way');
  });

  it('counts characters in UTF-16 code units after non-ASCII names', () => {
    const text = planText((p) => {
      p.name = 'Zürich 🚀 wave';
      p.vms[0].name = 'wéb-😀-01';
      p.vms[0].migration = 'live';
    }).replace(/\n/g, ' ');
    const d = expectDiagnostic(text, { code: 'live-migration-unsupported', pointer: '/vms/0/migration', covers: '"live"' });
    assert.equal(d.range.start.line, 0);
    assert.equal(d.range.start.character, text.indexOf('"live"'), 'JavaScript string offsets are UTF-16 units');
    assert.ok(text.indexOf('"live"') > [...text.slice(0, text.indexOf('"live"'))].length, 'the emoji take two units each');
  });

  it('ignores a byte-order mark', () => {
    const text = '\uFEFF' + planText((p) => (p.vms[0].migration = 'live'));
    expectDiagnostic(text, { code: 'live-migration-unsupported', pointer: '/vms/0/migration', covers: '"live"' });
  });
});

describe('schema', () => {
  it('a missing required property is on the object that lacks it', () => {
    const text = planText((p) => delete p.hosts[0].hardware);
    const d = expectDiagnostic(text, { code: 'schema', pointer: '/hosts/0', covers: (c) => c.startsWith('{') && c.endsWith('}') && c.includes('"hv-01"') });
    assert.match(d.message, /host "hv-01" needs "hardware"/i);
  });

  it('an unknown property is on its key, with a suggestion', () => {
    const text = planText((p) => (p.hosts[0].edtion = 'enterprise'));
    const d = expectDiagnostic(text, { code: 'schema', pointer: '/hosts/0/edtion', covers: '"edtion"' });
    assert.match(d.message, /did you mean "edition"\?$/);
  });

  it('a fractional number where a whole one is needed', () => {
    const d = expectDiagnostic(planText((p) => (p.vms[0].vcpus = 1.5)), { code: 'schema', pointer: '/vms/0/vcpus', covers: '1.5' });
    assert.match(d.message, /whole number/);
  });

  it('values out of range', () => {
    expectDiagnostic(planText((p) => (p.hosts[0].hardware.sockets = 0)), { code: 'schema', pointer: '/hosts/0/hardware/sockets', covers: '0' });
    expectDiagnostic(planText((p) => (p.vms[0].memoryGB = 0)), { code: 'schema', pointer: '/vms/0/memoryGB', covers: '0' });
    expectDiagnostic(planText((p) => (p.hosts = [])), { code: 'schema', pointer: '/hosts', covers: '[]' });
  });

  it('an unknown guest id is a schema error with the nearest id', () => {
    const d = expectDiagnostic(planText((p) => (p.vms[0].guest.os = 'windows-server-2009')), {
      code: 'schema',
      pointer: '/vms/0/guest/os',
      covers: '"windows-server-2009"',
    });
    assert.match(d.message, /windows-server-2008/);
  });

  it('a wrong type', () => {
    expectDiagnostic(planText((p) => (p.hosts[0].hardware = 'big')), { code: 'schema', pointer: '/hosts/0/hardware', covers: '"big"' });
    expectDiagnostic('[]', { code: 'schema', pointer: '', covers: '[]' });
  });

  it('an unknown code in suppress', () => {
    const d = expectDiagnostic(planText((p) => (p.suppress = ['too-many-cores'])), { code: 'schema', pointer: '/suppress/0', covers: '"too-many-cores"' });
    assert.match(d.message, /^Entry 1 of "suppress" cannot be "too-many-cores"/, 'the message names the list, and counts its items from 1 as "VM 1" does');
  });
});

describe('suppress and severities', () => {
  const noisy = (p: Record<string, any>) => {
    p.vms = Array.from({ length: 5 }, (_, i) => ({ ...p.vms[0], name: `w-${i}` }));
  };

  it('suppress silences a code for the file', () => {
    assert.ok(codes(planText(noisy)).includes('license-instances-exceeded'));
    expectNo(planText((p) => {
      noisy(p);
      p.suppress = ['license-instances-exceeded'];
    }), 'license-instances-exceeded');
  });

  it('a severity setting changes or drops a code', () => {
    const text = planText(noisy);
    const raised = checkText(text, { severities: { 'license-instances-exceeded': 'error' } }).diagnostics;
    assert.equal(raised.find((d) => d.code === 'license-instances-exceeded')?.severity, 'error');
    const off = checkText(text, { severities: { 'license-instances-exceeded': 'off' } }).diagnostics;
    assert.equal(off.filter((d) => d.code === 'license-instances-exceeded').length, 0);
  });

  it('no severity setting silences or lowers parse-error', () => {
    for (const setting of ['off', 'hint', 'warning'] as const) {
      const found = checkText('{"hosts": [', { severities: { 'parse-error': setting } }).diagnostics.filter((d) => d.code === 'parse-error');
      assert.ok(found.length > 0 && found.every((d) => d.severity === 'error'), setting);
    }
  });
});

describe('locating pointers', () => {
  it('finds values and keys in one pass, with the last duplicate key winning', () => {
    const text = '{"a": {"b": [1, {"c": "x"}]}, "a2": 1, "a2": 22}';
    const found = locatePointers({ source: text }, ['/a/b/1/c', '/a/b/0', '/a2', '/missing']);
    const slice = (p: string) => {
      const at = found.get(p)!;
      return text.slice(at.offset, at.offset + at.length);
    };
    assert.equal(slice('/a/b/1/c'), '"x"');
    assert.equal(slice('/a/b/0'), '1');
    assert.equal(slice('/a2'), '22');
    assert.equal(found.has('/missing'), false);
    const key = found.get('/a/b/1/c')!;
    assert.equal(text.slice(key.keyOffset!, key.keyOffset! + key.keyLength!), '"c"');
  });

  it('survives deep nesting without recursion', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    const found = locatePointers({ source: text }, ['/0/0/0']);
    assert.equal(found.get('/0/0/0')?.offset, 3);
  });

  it('escaped pointer segments', () => {
    const text = '{"a/b": {"m~n": 1}}';
    const d = diagnose(text).find((x) => x.pointer === '/a~1b');
    assert.ok(d, 'unknown property a/b reported with an escaped pointer');
    assert.equal(rangeText(text, d), '"a/b"');
  });
});

describe('blanking comments and trailing commas for the fast parser', () => {
  it('keeps strings that look like comments or trailing commas, and every offset', async () => {
    const { blankComments, blankTrailingCommas } = await import('../../server/src/json/strip');
    const text = '{ "a": "x // not a comment, ]", /* c */ "b": "q\\"/*", // end\n "c": [1, 2, ], }';
    const plain = blankTrailingCommas(blankComments(text)!)!;
    assert.equal(plain.length, text.length);
    assert.deepEqual(JSON.parse(plain), { a: 'x // not a comment, ]', b: 'q"/*', c: [1, 2] });
    assert.equal(blankComments('{"a": 1}'), undefined);
    assert.equal(blankComments('{ /* open'), undefined, 'an unclosed comment is left to the tolerant parser');
  });

  it('a plan with comments gives the same diagnostics as without, at the same places', () => {
    const plain = planText((p) => (p.vms[0].migration = 'live'));
    const commented = plain.replace('"name": "web-01",', '"name": "web-01", // the web server').replace('"vcpus": 2,', '/* two */ "vcpus": 2,');
    const d = expectDiagnostic(commented, { code: 'live-migration-unsupported', pointer: '/vms/0/migration', covers: '"live"' });
    assert.equal(d.code, 'live-migration-unsupported');
    assert.deepEqual(codes(commented), codes(plain));
  });
});
