import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, modify } from 'jsonc-parser';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { parsePlan } from '../../server/src/json/parse';
import { PlanVersion } from '../../server/src/service/plan-version';
import { retargetActions } from '../../server/src/service/whatif-editor';
import { planText } from '../helpers';

const catalog = loadCatalog();
const uri = 'file:///p';

function applied(text: string, action: ReturnType<typeof retargetActions>[number]): string {
  const [edit] = action.edit!.changes![uri];
  const parsed = parsePlan(text);
  return text.slice(0, parsed.lines.offsetAt(edit.range.start)) + edit.newText + text.slice(parsed.lines.offsetAt(edit.range.end));
}

describe('retarget code actions: cost', () => {
  it('asked again on the same version, the answer is the one already computed', () => {
    const text = planText();
    const parsed = new PlanVersion(parsePlan(text), catalog);
    const at = text.indexOf('"hyperv-2008"') + 2;
    const first = retargetActions(parsed, uri, at, catalog);
    assert.ok(first.length > 0);
    assert.equal(retargetActions(parsed, uri, at + 3, catalog), first, 'elsewhere in the same value');
    const next = retargetActions(new PlanVersion(parsePlan(text), catalog), uri, at, catalog);
    assert.notEqual(next, first, 'a new version is checked again');
    assert.deepEqual(next, first);
    assert.notEqual(retargetActions(parsed, uri, at, catalog, { severities: { 'boot-disk-not-ide': 'off' } }), first, 'other severities, another answer');
  });

  it('rewrites only the host, as jsonc-parser would rewrite the whole file', () => {
    const layouts = [
      planText(),
      planText().replace(/\n/g, '\r\n'),
      planText((p) => {
        const { edition, ...rest } = p.hosts[0];
        p.hosts[0] = { edition, ...rest };
      }),
      JSON.stringify(JSON.parse(planText())),
      planText((p) => {
        const { edition, ...rest } = p.hosts[0];
        p.hosts[0] = { ...rest, edition };
      }),
    ];
    for (const text of layouts) {
      const actions = retargetActions(parsePlan(text), uri, text.indexOf('"hyperv-2008"') + 2, catalog);
      const changingEdition = actions.filter((a) => !a.title.includes('Windows Server 2008 R2'));
      assert.ok(changingEdition.length > 0);
      for (const action of actions) {
        const to = (action.data as { retarget: { to: string } }).retarget.to;
        const [product, edition] = to.split(':');
        const host = (JSON.parse(text) as { hosts: Array<Record<string, unknown>> }).hosts[0];
        const target = catalog.product(product)!;
        const newEdition = edition ?? (target.editions ? undefined : null);
        let expected = text.replace(/("product":\s*)"hyperv-2008"/, `$1${JSON.stringify(product)}`);
        if ('edition' in host && newEdition !== undefined) expected = applyEdits(expected, modify(expected, ['hosts', 0, 'edition'], newEdition ?? undefined, {}));
        if (!('edition' in host) && newEdition) continue;
        assert.equal(applied(text, action), expected, `${to} in ${JSON.stringify(text.slice(0, 40))}`);
      }
    }
  });
});
