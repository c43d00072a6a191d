import { loadCatalog } from '../server/src/catalog/catalog';
import { capacityOf } from '../server/src/model/capacity';
import { buildModel } from '../server/src/model/plan';
import { parsePlan } from '../server/src/json/parse';
import { PlanVersion } from '../server/src/service/plan-version';
import { validatePlan } from '../server/src/service/validate';
import { parseTarget, whatIf } from '../server/src/service/whatif';
import { retargetActions } from '../server/src/service/whatif-editor';
import { generateClusterPlan } from './generate';
import { metrics, ms, say, time, timePaired } from './measure';

/** The failover check on its own: a fresh model each run, so nothing is cached. */
export function failover(): void {
  say('## Capacity and failover (the model behind cluster-failover-capacity, hints and lenses)');
  say();
  say('| hosts | clusters × nodes | VMs | reserve | sets of failed nodes | exact | capacity on the built model |');
  say('|---:|---:|---:|---:|---:|:---:|---:|');
  const catalog = loadCatalog();
  const cases = [
    { hosts: 500, nodesPerCluster: 10, vmsPerHost: 20, reserve: 1 },
    { hosts: 500, nodesPerCluster: 10, vmsPerHost: 20, reserve: 2 },
    { hosts: 512, nodesPerCluster: 16, vmsPerHost: 20, reserve: 2 },
    { hosts: 64, nodesPerCluster: 32, vmsPerHost: 4, reserve: 3 },
    { hosts: 64, nodesPerCluster: 32, vmsPerHost: 20, reserve: 3 },
  ];
  for (const options of cases) {
    const plan = generateClusterPlan(options);
    const sets = Array.from({ length: options.reserve }, (_, i) => (options.nodesPerCluster - i) / (i + 1)).reduce((a, b) => a * b, 1);
    let exact = true;
    // The model is built for the rules anyway; only the capacity on top of it is timed, each run on
    // a fresh model. A server computes it at every version, so it runs warm: fifteen runs, not five
    // still half in the interpreter (five gave 48 ms where thirty give 10.5 ms, same hour).
    const models = Array.from({ length: 16 }, () => buildModel(plan, catalog)!);
    const took = time(15, () => {
      const capacity = capacityOf(models.pop()!);
      exact = capacity.clusters.every((c) => c.failover?.exact);
    });
    if (options.hosts === 500 && options.reserve === 1) metrics.failover500 = took;
    say(
      `| ${options.hosts} | ${options.hosts / options.nodesPerCluster} × ${options.nodesPerCluster} | ${(options.hosts * options.vmsPerHost).toLocaleString('en')} | ${options.reserve} | ${Math.round(sets).toLocaleString('en')} per cluster | ${exact ? 'yes' : 'no'} | ${ms(took)} ms |`,
    );
  }
  say();
}

/**
 * What-if against a full check, and the retarget code actions on a host's product value: the
 * first answer on a new version, and the answer asked again on it (as an editor does at each
 * cursor move).
 */
export function retargeting(text5k: string, text10k: string): void {
  say('## What-if and the retarget code actions');
  say();
  const catalog = loadCatalog();
  const parsed10k = parsePlan(text10k);
  const target = parseTarget('hyperv-2008-r2', catalog);
  // Paired run by run, so a check and the what-if after it meet the same load.
  const { floor: check, work: what, ratio } = timePaired(9, () => validatePlan(parsed10k, { catalog }), () => whatIf(parsed10k, target, { catalog }));
  metrics.whatifChecks = ratio;
  say(`- \`whatif\` of every host to Hyper-V on Windows Server 2008 R2, 10,000 VMs: ${ms(what)} ms, ×${ratio.toFixed(2)} a full check (${ms(check)} ms; the median of each pair's ratio)`);
  const at = text5k.indexOf('"product": "') + 13;
  // One version per text, as the server keeps them: what a version derives is asked again of it.
  const versions = Array.from({ length: 6 }, () => new PlanVersion(parsePlan(text5k), catalog));
  let offered = 0;
  const first = time(5, () => (offered = retargetActions(versions.pop()!, 'file:///bench/plan.virtplan.json', at, catalog).length));
  const parsed5k = new PlanVersion(parsePlan(text5k), catalog);
  retargetActions(parsed5k, 'file:///bench/plan.virtplan.json', at, catalog);
  const again = time(9, () => retargetActions(parsed5k, 'file:///bench/plan.virtplan.json', at + 2, catalog));
  metrics.retargetFirst = first;
  metrics.retargetAgain = again;
  say(`- retarget code actions on a host's product value, 5,000 VMs (${offered} offered): first on a version ${ms(first)} ms, asked again on it ${ms(again)} ms`);
  say();
}
