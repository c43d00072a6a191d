import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { diagnose, planText, type Json } from '../helpers';
import { repoRoot } from '../protocol/lsp-client';

const service = new PlanLanguageService();
const URI = 'file:///plan.virtplan.json';

/** Two VMs with five virtual processors each: too-many-vcpus on both. */
function twoBigVms(mutate?: (plan: Json) => void): string {
  return planText((p) => {
    p.vms[0].vcpus = 5;
    p.vms.push({ ...p.vms[0], name: 'web-02', vcpus: 5 });
    mutate?.(p);
  });
}

const where = (text: string) => diagnose(text).map((d) => `${d.code} ${d.pointer}`);

function applyEdits(text: string, edits: TextEdit[], offsetAt: (p: TextEdit['range']['start']) => number): string {
  const sorted = [...edits].sort((a, b) => offsetAt(b.range.start) - offsetAt(a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(e.range.start)) + e.newText + text.slice(offsetAt(e.range.end));
  return text;
}

/** The text after the quick fix titled `title` for the first diagnostic matching `pick`. */
function fixed(text: string, pick: (d: Diagnostic) => boolean, title: RegExp): string {
  const parsed = service.parse(text);
  const diagnostic = service.validate(parsed).find(pick);
  assert.ok(diagnostic, 'the diagnostic to fix is there');
  const action = service.codeActions(parsed, URI, [diagnostic]).find((a) => title.test(a.title));
  assert.ok(action, `a fix titled ${title}`);
  return applyEdits(text, action.edit!.changes![URI], (p) => parsed.lines.offsetAt(p));
}

describe('suppression', () => {
  it('a VM suppress list silences that VM only', () => {
    const text = twoBigVms((p) => (p.vms[0].suppress = ['too-many-vcpus']));
    assert.deepEqual(where(text).filter((w) => w.startsWith('too-many-vcpus')), ['too-many-vcpus /vms/1/vcpus']);
  });

  it('a host suppress list covers what is reported inside the host, not its VMs', () => {
    const text = planText((p) => {
      p.hosts[0].edition = 'standard';
      p.hosts[0].hardware.sockets = 5;
      p.hosts[0].suppress = ['too-many-sockets', 'too-many-vcpus'];
      p.vms[0].vcpus = 5;
    });
    const found = diagnose(text);
    assert.ok(!found.some((d) => d.code === 'too-many-sockets'));
    assert.ok(found.some((d) => d.code === 'too-many-vcpus' && d.pointer === '/vms/0/vcpus'), 'the VM is not inside the host');
    assert.deepEqual(found.filter((d) => d.code === 'suppression-unused').map((d) => d.pointer), ['/hosts/0/suppress/1']);
  });

  it('the plan suppress list covers the whole file', () => {
    assert.deepEqual(where(twoBigVms((p) => (p.suppress = ['too-many-vcpus']))).filter((w) => w.startsWith('too-many')), []);
  });

  it('a comment silences the codes it names on the next line only', () => {
    const text = twoBigVms().replace(/( *)"vcpus": 5/, '$1// virtplan-disable-next-line too-many-vcpus, cpu-oversubscribed\n$1"vcpus": 5');
    const found = diagnose(text);
    assert.deepEqual(found.filter((d) => d.code === 'too-many-vcpus').map((d) => d.pointer), ['/vms/1/vcpus']);
    const unused = found.filter((d) => d.code === 'suppression-unused');
    assert.deepEqual(unused.map((d) => text.slice(d.offset, d.offset + d.length)), ['cpu-oversubscribed']);
  });

  it('a comment without codes silences every code on the next line, and never a syntax error', () => {
    const text = twoBigVms().replace(/( *)"vcpus": 5/, '$1// virtplan-disable-next-line\n$1"vcpus": 5');
    assert.deepEqual(where(text).filter((w) => w.endsWith('/vms/0/vcpus')), []);
    const broken = '{\n  // virtplan-disable-next-line\n  "name": "x" "hosts": []\n}';
    assert.ok(diagnose(broken).some((d) => d.code === 'parse-error'));
  });

  it('a reason may follow the codes after --, and its words are no codes', () => {
    for (const reason of ['-- legacy VM, agreed with ops', '--- test host', '--']) {
      const text = twoBigVms().replace(/( *)"vcpus": 5/, `$1// virtplan-disable-next-line too-many-vcpus ${reason}\n$1"vcpus": 5`);
      const found = diagnose(text);
      assert.deepEqual(found.filter((d) => d.code === 'too-many-vcpus').map((d) => d.pointer), ['/vms/1/vcpus'], reason);
      assert.deepEqual(found.filter((d) => d.code === 'suppression-unused'), [], reason);
    }
    // A code written as --x is still a word of the list, and an unknown one.
    const dashed = twoBigVms().replace(/( *)"vcpus": 5/, '$1// virtplan-disable-next-line --x\n$1"vcpus": 5');
    assert.match(diagnose(dashed).find((d) => d.code === 'suppression-unused')?.message ?? '', /"--x" is not a virtplan rule code/);
  });

  it('an unknown code in a comment is pointed out', () => {
    const text = twoBigVms().replace(/( *)"vcpus": 5/, '$1// virtplan-disable-next-line too-many-cpus\n$1"vcpus": 5');
    const hint = diagnose(text).find((d) => d.code === 'suppression-unused');
    assert.match(hint?.message ?? '', /"too-many-cpus" is not a virtplan rule code/);
  });

  it('an entry or comment naming a code no suppression reaches says so, not that nothing reports it', () => {
    const listed = planText((p) => (p.suppress = ['parse-error', 'suppression-unused', 'file-too-large']));
    const hints = diagnose(listed).filter((d) => d.code === 'suppression-unused');
    assert.equal(hints.length, 3);
    for (const hint of hints) {
      assert.match(hint.message, /cannot be suppressed/, hint.message);
      assert.doesNotMatch(hint.message, /nothing in this plan reports it/, hint.message);
    }
    const commented = twoBigVms().replace(/( *)"vcpus": 5/, '$1// virtplan-disable-next-line parse-error\n$1"vcpus": 5');
    const comment = diagnose(commented).find((d) => d.code === 'suppression-unused');
    assert.match(comment?.message ?? '', /"parse-error" cannot be suppressed/);
  });

  it('an entry counts as used when a setting turns its code off', () => {
    const text = twoBigVms((p) => (p.vms[0].suppress = ['too-many-vcpus']));
    const found = service.validate(service.parse(text), { severities: { 'too-many-vcpus': 'off' } });
    assert.deepEqual(found.map((d) => d.code).filter((c) => c === 'suppression-unused' || c === 'too-many-vcpus'), []);
  });

  it('gives no unused hints while the plan has a syntax error', () => {
    const text = planText((p) => (p.vms[0].suppress = ['too-many-vcpus'])).replace('"memoryGB": 4', '"memoryGB": 4 oops');
    const found = diagnose(text);
    assert.ok(found.some((d) => d.code === 'parse-error'));
    assert.ok(!found.some((d) => d.code === 'suppression-unused'));
  });
});

describe('suppression quick fixes', () => {
  it('remove an unused entry with its comma, wherever it stands in the list', () => {
    const base = (list: string) => planText().replace('"highlyAvailable": true', `"highlyAvailable": true, "suppress": ${list}`);
    const unused = (d: Diagnostic) => d.code === 'suppression-unused';
    const cases: Array<[string, string]> = [
      ['["too-many-vcpus"]', '[]'],
      ['["too-many-vcpus", "too-many-nics"]', '["too-many-nics"]'],
      ['["too-many-nics","too-many-vcpus"]', '["too-many-nics"]'],
    ];
    for (const [list, left] of cases) {
      // too-many-nics is unused too; fix the vcpus one by picking it.
      const text = base(list);
      const after = fixed(text, (d) => unused(d) && String(d.message).includes('too-many-vcpus'), /Remove the unused suppression/);
      assert.equal(after, base(left), list);
    }
  });

  it('remove an unused comment with its line', () => {
    const text = '{\n  // virtplan-disable-next-line too-many-vcpus\n  "name": "x",\n  "hosts": [{"name": "h", "product": "vmware-esx-3.5", "hardware": {"sockets": 1, "coresPerSocket": 2, "memoryGB": 8}}]\n}\n';
    const after = fixed(text, (d) => d.code === 'suppression-unused', /Remove/);
    assert.equal(after, text.replace('  // virtplan-disable-next-line too-many-vcpus\n', ''));
  });

  it('remove an unused code from a comment with a reason, keeping the reason', () => {
    const line = (codes: string) => `  // virtplan-disable-next-line ${codes} -- sized for the pilot\n`;
    const text = (codes: string) => `{\n${line(codes)}  "name": "x",\n  "hosts": [{"name": "h", "product": "vmware-esx-3.5", "hardware": {"sockets": 1, "coresPerSocket": 2, "memoryGB": 8}}]\n}\n`;
    const pick = (code: string) => (d: Diagnostic) => d.code === 'suppression-unused' && String(d.message).includes(code);
    assert.equal(fixed(text('too-many-vcpus, too-many-nics'), pick('too-many-nics'), /Remove/), text('too-many-vcpus'));
    assert.equal(fixed(text('too-many-vcpus, too-many-nics'), pick('too-many-vcpus'), /Remove/), text('too-many-nics'));
    assert.equal(fixed(text('too-many-vcpus'), pick('too-many-vcpus'), /Remove/), text('').replace(line(''), ''));
  });

  it('suppress a diagnostic for its VM, in the style of the file', () => {
    const oneLine = '{"name": "p", "hosts": [{"name": "h", "product": "hyperv-2008", "edition": "enterprise", "hardware": {"sockets": 2, "coresPerSocket": 4, "memoryGB": 64}}],\n "vms": [{"name": "v", "host": "h", "guest": {"os": "windows-server-2008"}, "vcpus": 5, "memoryGB": 2}]}';
    const after = fixed(oneLine, (d) => d.code === 'too-many-vcpus', /Suppress too-many-vcpus for VM "v"/);
    assert.equal(after, oneLine.replace('"memoryGB": 2}', '"memoryGB": 2, "suppress": ["too-many-vcpus"]}'));
    const multi = twoBigVms();
    const fixedMulti = fixed(multi, (d) => d.code === 'too-many-vcpus', /Suppress too-many-vcpus for VM "web-01"/);
    assert.match(fixedMulti, /"highlyAvailable": true,\n {6}"suppress": \["too-many-vcpus"\]\n {4}\}/);
    const existing = twoBigVms((p) => (p.vms[0].suppress = ['too-many-nics']));
    assert.match(fixed(existing, (d) => d.code === 'too-many-vcpus', /Suppress/), /"suppress": \[\n {8}"too-many-nics",\n {8}"too-many-vcpus"\n {6}\]/);
  });

  it('every suppress fix on the bundled examples silences its diagnostic and nothing else', () => {
    const folder = join(repoRoot(), 'examples');
    let tried = 0;
    for (const file of readdirSync(folder)) {
      const text = readFileSync(join(folder, file), 'utf8');
      const parsed = service.parse(text);
      const before = service.validate(parsed);
      for (const diagnostic of before) {
        for (const action of service.codeActions(parsed, URI, [diagnostic]).filter((a) => a.title.startsWith('Suppress'))) {
          tried++;
          const after = applyEdits(text, action.edit!.changes![URI], (p) => parsed.lines.offsetAt(p));
          const now = service.validate(service.parse(after)).map((d) => `${d.code} ${(d.data as { pointer: string }).pointer}`);
          const was = before.map((d) => `${d.code} ${(d.data as { pointer: string }).pointer}`);
          const gone = was.filter((w) => !now.includes(w));
          assert.ok(gone.includes(`${diagnostic.code} ${(diagnostic.data as { pointer: string }).pointer}`), `${file}: ${action.title}`);
          assert.ok(!now.some((w) => w.startsWith('parse-error') || w.startsWith('schema')), `${file}: ${action.title} leaves a valid plan`);
          assert.ok(gone.every((w) => w.startsWith(`${diagnostic.code} `)), `${file}: ${action.title} silences only its code: ${gone}`);
        }
      }
    }
    assert.ok(tried >= 10, `the examples offer suppress fixes (${tried})`);
  });
});
