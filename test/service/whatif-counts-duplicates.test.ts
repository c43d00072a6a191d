import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { parsePlan } from '../../server/src/json/parse';
import { PlanVersion } from '../../server/src/service/plan-version';
import { retargetActions } from '../../server/src/service/whatif-editor';
import { plainWhatIf } from './whatif-oracle';

const catalog = loadCatalog();

const host = (i: number, edition: string) => ({ name: `hv-${i}`, product: 'hyperv-2008', edition, hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 } });

/**
 * A plan whose host `twice` has its product written twice, with `schema` silenced on that host
 * or for the file: the key written twice keeps the entry used, whatever the retargeting does.
 */
function planOf(hosts: number, twice: number, wrongEdition: boolean, silenced: 'host' | 'file'): string {
  const plan = {
    name: 'p',
    ...(silenced === 'file' ? { suppress: ['schema'] } : {}),
    hosts: Array.from({ length: hosts }, (_, i) => ({ ...host(i, wrongEdition && i === twice ? 'ultimate' : 'enterprise'), ...(silenced === 'host' && i === twice ? { suppress: ['schema'] } : {}) })),
    clusters: [{ name: 'c', nodes: Array.from({ length: hosts }, (_, i) => `hv-${i}`) }],
    vms: [],
  };
  const text = JSON.stringify(plan, null, 2);
  const at = text.indexOf(`"name": "hv-${twice}"`);
  const product = text.indexOf('"product": ', at);
  return `${text.slice(0, product)}"product": "vmware-server-2", ${text.slice(product)}`;
}

describe('retarget code actions on a plan with a key written twice and silenced', () => {
  it('count what checking the whole retargeted plan counts', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.nat(3), fc.nat(3), fc.boolean(), fc.constantFrom<'host' | 'file'>('host', 'file'), (hosts, twiceAt, chosenAt, wrongEdition, silenced) => {
        const [twice, chosen] = [twiceAt % hosts, chosenAt % hosts];
        const text = planOf(hosts, twice, wrongEdition, silenced);
        const parsed = parsePlan(text);
        const at = text.indexOf('"hyperv-2008"', text.indexOf(`"name": "hv-${chosen}"`));
        for (const action of retargetActions(new PlanVersion(parsed, catalog), 'file:///plan', at + 1, catalog)) {
          const to = (action.data as { retarget: { to: string } }).retarget.to;
          const plain = plainWhatIf(text, to, { hostIndexes: [chosen] }, catalog);
          assert.match(action.title, new RegExp(`: fixes ${plain.fixed.length}, introduces ${plain.introduced.length}$`), `${to} on ${text}`);
          checked++;
        }
      }),
      { numRuns: 200 },
    );
    assert.ok(checked > 200, `only ${checked} actions`);
  });
});
