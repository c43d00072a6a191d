import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver-types';
import { PlanLanguageService } from '../../server/src/service/language-service';
import { nearest } from '../../server/src/util/nearest';
import { diagnose, planText, rangeText, type Json } from '../helpers';

const service = new PlanLanguageService();
const URI = 'file:///plan.virtplan.json';

/** The plan after applying the quick fix with this title to the first diagnostic with this code. */
function fixed(text: string, code: string, title: string): string {
  const parsed = service.parse(text);
  const diagnostics = service.validate(parsed).filter((d) => d.code === code);
  assert.ok(diagnostics.length, `a ${code} diagnostic`);
  const action = service.codeActions(parsed, URI, diagnostics).find((a) => a.title === title);
  assert.ok(action, `a fix "${title}"`);
  const edits = [...action.edit!.changes![URI]].sort((a: TextEdit, b: TextEdit) => parsed.lines.offsetAt(b.range.start) - parsed.lines.offsetAt(a.range.start));
  let out = text;
  for (const e of edits) out = out.slice(0, parsed.lines.offsetAt(e.range.start)) + e.newText + out.slice(parsed.lines.offsetAt(e.range.end));
  return out;
}

const misspelt = (p: Json) => {
  p.vms[0].vcpu = p.vms[0].vcpus;
  delete p.vms[0].vcpus;
};

describe('a misspelt property is one mistake, said once', () => {
  it('"vcpu": unknown property on the key, with the name meant, and no missing "vcpus" over the VM', () => {
    for (const text of [planText(misspelt), JSON.stringify(JSON.parse(planText(misspelt)))]) {
      const schema = diagnose(text).filter((d) => d.code === 'schema');
      assert.deepEqual(schema.map((d) => d.pointer), ['/vms/0/vcpu']);
      assert.equal(rangeText(text, schema[0]), '"vcpu"');
      assert.equal(schema[0].message, 'Unknown property "vcpu" in VM "web-01" — did you mean "vcpus"?');
    }
  });

  it('the quick fix renames the key and leaves the value', () => {
    const text = planText(misspelt);
    const after = fixed(text, 'schema', 'Rename to "vcpus"');
    assert.equal(after, text.replace('"vcpu":', '"vcpus":'));
    assert.deepEqual(diagnose(after).filter((d) => d.code === 'schema'), []);
  });

  it('a missing property is still reported when the unknown key is not a near miss of it', () => {
    const text = planText((p) => {
      delete p.vms[0].vcpus;
      p.vms[0].colour = 'blue';
    });
    assert.deepEqual(diagnose(text).filter((d) => d.code === 'schema').map((d) => d.pointer).sort(), ['/vms/0', '/vms/0/colour']);
  });
});

describe('suggestions rank shared words before spelling', () => {
  it('nearest names', () => {
    const guests = ['windows-server-2008', 'windows-server-2003', 'windows-2000-server', 'windows-vista', 'windows-xp', 'other'];
    assert.equal(nearest('windows-2008', guests), 'windows-server-2008');
    assert.equal(nearest('windows-2003', guests), 'windows-server-2003');
    assert.equal(nearest('windows-xpp', guests), 'windows-xp');
    assert.equal(nearest('hyperv-2008-r3', ['hyperv-2008', 'hyperv-2008-r2', 'hyperv-server-2008']), 'hyperv-2008-r2');
    assert.equal(nearest('hv-1', ['hv-01', 'hv-02']), 'hv-01');
    assert.equal(nearest('memorygb', ['memoryGB', 'memoryOvercommit']), 'memoryGB');
    assert.equal(nearest('vcpu', ['vcpus', 'name']), 'vcpus');
    assert.equal(nearest('zzzz', ['vcpus', 'name']), undefined);
  });

  it('"windows-2008" is answered with windows-server-2008, and the fix puts it', () => {
    const text = planText((p) => (p.vms[0].guest.os = 'windows-2008'));
    const d = diagnose(text).find((x) => x.pointer === '/vms/0/guest/os')!;
    assert.match(d.message, /Did you mean "windows-server-2008"\?/);
    assert.equal(fixed(text, 'schema', 'Change to "windows-server-2008"'), planText());
  });
});

describe('edition-not-applicable has the fix its message promises', () => {
  const esx = (p: Json) => {
    p.hosts = [{ ...p.hosts[0], product: 'vmware-esx-3.5' }];
    p.clusters = [];
    p.vms[0].migration = 'none';
    p.vms[0].highlyAvailable = false;
  };
  const withoutEdition = (p: Json) => {
    esx(p);
    delete p.hosts[0].edition;
  };

  it('"Remove the edition" removes the property and its comma, and nothing else', () => {
    const text = planText(esx);
    assert.equal(fixed(text, 'edition-not-applicable', 'Remove the edition'), planText(withoutEdition));
    const packed = JSON.stringify(JSON.parse(text));
    assert.equal(fixed(packed, 'edition-not-applicable', 'Remove the edition'), JSON.stringify(JSON.parse(planText(withoutEdition))));
  });

  it('also as the last property of its host', () => {
    const text = planText(esx).replace(/"edition": "enterprise",\n(\s*)("hardware": \{[^}]*\})/, '$2,\n$1"edition": "enterprise"');
    assert.match(text, /"edition": "enterprise"\n\s*\}/);
    const after = fixed(text, 'edition-not-applicable', 'Remove the edition');
    assert.equal(after, text.replace(/,\n\s*"edition": "enterprise"/, ''));
    assert.deepEqual(diagnose(after).map((d) => d.code), []);
  });
});
