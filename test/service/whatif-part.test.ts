import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { parsePlan } from '../../server/src/json/parse';
import { RULES } from '../../server/src/rules/index';
import { buildModel, type PlanModel } from '../../server/src/model/plan';
import { PlanVersion } from '../../server/src/service/plan-version';
import { findDuplicateKeys } from '../../server/src/service/schema';
import { validatePlan, type SeveritySetting } from '../../server/src/service/validate';
import { parseTarget, whatIf, type WhatIfResult } from '../../server/src/service/whatif';
import { partDiagnostics } from '../../server/src/service/whatif-part';
import { retargetActions, whatIfResponse } from '../../server/src/service/whatif-editor';
import { locatePointers } from '../../server/src/json/locate';
import { formatWhatIfJson, formatWhatIfText } from '../../server/src/cli/whatif';
import { plainWhatIf, type Choice } from './whatif-oracle';
import { generatePlan } from '../../bench/generate';

const catalog = loadCatalog();
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

type Json = Record<string, unknown>;
type Plan = { hosts: unknown[]; vms: unknown[]; clusters: unknown[]; suppress?: unknown[] } & Json;

/** Every product, and every product with each of its editions: what `--to` can name. */
const TARGETS = catalog.products().flatMap((p) => [p.id, ...Object.keys(p.editions?.editions ?? {}).map((e) => `${p.id}:${e}`)]);
/** Codes a `suppress` list names: those the generated plans and the edits give most, first; then any. */
const OFTEN = ['schema', 'boot-disk-not-ide', 'edition-required', 'edition-not-applicable', 'too-many-vcpus', 'live-migration-unsupported', 'too-many-snapshots', 'memory-overcommit-unsupported', 'page-sharing-unsupported', 'cluster-mixed-products', 'unknown-host', 'duplicate-name', 'unknown-cluster-node', 'unknown-product', 'host-memory-overcommitted', 'license-instances-exceeded'];
const CODES = [...OFTEN, ...OFTEN, ...RULES.map((r) => r.code), 'no-such-code'];

/** A planner's edit of item `a` (and `b`): names shared or missing, lists silenced, products and editions wrong, items that are not objects. */
const EDITS = {
  vmNamedLikeAnother: (p: Plan, a: number, b: number) => item(p.vms, a) && item(p.vms, b) && (item(p.vms, a)!.name = item(p.vms, b)!.name),
  hostNamedLikeAnother: (p: Plan, a: number, b: number) => item(p.hosts, a) && item(p.hosts, b) && (item(p.hosts, a)!.name = item(p.hosts, b)!.name),
  clusterNamedLikeAnother: (p: Plan, a: number, b: number) => item(p.clusters, a) && item(p.clusters, b) && (item(p.clusters, a)!.name = item(p.clusters, b)!.name),
  unknownHost: (p: Plan, a: number, b: number) => item(p.vms, a) && (item(p.vms, a)!.host = `host-${String(b).padStart(5, '0')}x`),
  // A typo of a host's name: the suggestion is looked for among every host of the plan.
  unknownNode: (p: Plan, a: number, b: number) => item(p.clusters, a) && (item(p.clusters, a)!.nodes as unknown[]).push(`host-${String(b).padStart(5, '0')}x`),
  nodeOfAnotherCluster: (p: Plan, a: number, b: number) => item(p.clusters, a) && item(p.hosts, b) && (item(p.clusters, a)!.nodes as unknown[]).push(item(p.hosts, b)!.name),
  hostWithoutName: (p: Plan, a: number) => item(p.hosts, a) && delete item(p.hosts, a)!.name,
  vmWithoutName: (p: Plan, a: number) => item(p.vms, a) && delete item(p.vms, a)!.name,
  vmWithoutHost: (p: Plan, a: number) => item(p.vms, a) && delete item(p.vms, a)!.host,
  hostSuppress: (p: Plan, a: number, b: number) => item(p.hosts, a) && (item(p.hosts, a)!.suppress = [CODES[b % CODES.length]]),
  vmSuppress: (p: Plan, a: number, b: number) => item(p.vms, a) && (item(p.vms, a)!.suppress = [CODES[b % CODES.length], 'boot-disk-not-ide']),
  clusterSuppress: (p: Plan, a: number, b: number) => item(p.clusters, a) && (item(p.clusters, a)!.suppress = [CODES[b % CODES.length]]),
  planSuppress: (p: Plan, _a: number, b: number) => (p.suppress = [...(p.suppress ?? []), CODES[b % CODES.length]]),
  noPlanSuppress: (p: Plan) => delete p.suppress,
  // A host whose wrong product or edition is silenced: the retargeting may leave nothing to silence.
  silencedSchema: (p: Plan, a: number, b: number) => item(p.hosts, a) && Object.assign(item(p.hosts, a)!, b % 2 ? { product: 2008 } : { edition: 'ultimate' }, { suppress: ['schema'] }),
  productNotString: (p: Plan, a: number) => item(p.hosts, a) && (item(p.hosts, a)!.product = 2008),
  noProduct: (p: Plan, a: number) => item(p.hosts, a) && delete item(p.hosts, a)!.product,
  unknownProduct: (p: Plan, a: number) => item(p.hosts, a) && (item(p.hosts, a)!.product = 'hyperv-2009'),
  otherProduct: (p: Plan, a: number, b: number) => item(p.hosts, a) && (item(p.hosts, a)!.product = catalog.products()[b % catalog.products().length].id),
  wrongEdition: (p: Plan, a: number) => item(p.hosts, a) && (item(p.hosts, a)!.edition = 'ultimate'),
  standardEdition: (p: Plan, a: number) => item(p.hosts, a) && (item(p.hosts, a)!.edition = 'standard'),
  misspeltKey: (p: Plan, a: number) => item(p.hosts, a) && (item(p.hosts, a)!.prodcut = 'hyperv-2008'),
  noHardware: (p: Plan, a: number) => item(p.hosts, a) && delete item(p.hosts, a)!.hardware,
  smallHost: (p: Plan, a: number) => item(p.hosts, a) && (item(p.hosts, a)!.hardware = { sockets: 1, coresPerSocket: 2, memoryGB: 8, arch: 'x86' }),
  bigVm: (p: Plan, a: number) => item(p.vms, a) && Object.assign(item(p.vms, a)!, { vcpus: 8, memoryGB: 64, snapshots: 70, guest: { os: 'windows-server-2008', arch: 'x64' } }),
  hostNotObject: (p: Plan, a: number) => p.hosts.length > 1 && (p.hosts[a % p.hosts.length] = 'host'),
  vmNotObject: (p: Plan, a: number) => p.vms.length && (p.vms[a % p.vms.length] = 42),
  reserve: (p: Plan, a: number) => item(p.clusters, a) && (item(p.clusters, a)!.reserve = 2),
};

function item(list: unknown[], at: number): Json | undefined {
  const found = list.length ? list[at % list.length] : undefined;
  return typeof found === 'object' && found !== null && !Array.isArray(found) ? (found as Json) : undefined;
}

const caseArb = fc.record({
  vms: fc.integer({ min: 0, max: 800 }),
  /** Every how many of the generated VMs is kept: many hosts, few VMs each. */
  sparse: fc.integer({ min: 1, max: 12 }),
  seed: fc.nat(1000),
  mistakes: fc.constantFrom(0, 0.05, 0.3),
  edits: fc.array(fc.tuple(fc.constantFrom(...(Object.keys(EDITS) as Array<keyof typeof EDITS>)), fc.nat(40), fc.nat(40)), { maxLength: 10 }),
  layout: fc.constantFrom('indented', 'flat', 'duplicate key'),
  to: fc.constantFrom(...TARGETS),
  choose: fc.oneof(fc.constant(undefined), fc.record({ names: fc.array(fc.nat(40), { minLength: 1, maxLength: 3 }) }), fc.record({ indexes: fc.array(fc.nat(40), { minLength: 1, maxLength: 3 }) })),
  severities: fc.option(fc.constantFrom<Record<string, SeveritySetting>>({ 'boot-disk-not-ide': 'off' }, { 'edition-required': 'warning', schema: 'information' }, { 'suppression-unused': 'error', 'duplicate-name': 'off' }), { nil: undefined }),
  defaultReserve: fc.option(fc.constantFrom(0, 2), { nil: undefined }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function planFor(c: Case): string {
  const plan = generatePlan({ vms: c.vms, seed: c.seed, mistakes: c.mistakes }) as Plan;
  plan.vms = plan.vms.filter((_vm, i) => i % c.sparse === 0);
  for (const [edit, a, b] of c.edits) EDITS[edit](plan, a, b);
  const text = JSON.stringify(plan, null, c.layout === 'flat' ? undefined : 2);
  // A key written twice in the first host: JSON.parse keeps the later one.
  return c.layout === 'duplicate key' ? text.replace('"product": ', '"product": "vmware-server-2", "product": ') : text;
}


function choiceOf(c: Case): Choice {
  return {
    ...(c.choose && 'names' in c.choose ? { hosts: c.choose.names.map((i) => `host-${String(i).padStart(5, '0')}`) } : {}),
    ...(c.choose && 'indexes' in c.choose ? { hostIndexes: c.choose.indexes } : {}),
    ...(c.severities ? { severities: c.severities } : {}),
    ...(c.defaultReserve !== undefined ? { defaultReserve: c.defaultReserve } : {}),
  };
}


/**
 * A model as its fields say, each link to a host, VM or cluster by its index; the disks a VM
 * makes when a rule first asks for them are left out.
 */
function modelView(model: PlanModel): unknown {
  return {
    hosts: model.hosts.map(({ vms, clusters, ...host }) => ({ ...host, vms: vms.map((vm) => vm.index), clusters: clusters.map((cluster) => cluster.index) })),
    vms: model.vms.map((vm) => {
      const { host, ...fields } = { ...vm, diskList: undefined };
      return { ...fields, host: host?.index };
    }),
    clusters: model.clusters.map((cluster) => ({ ...cluster, nodes: cluster.nodes.map((node) => ({ ...node, host: node.host?.index })) })),
    hostsByName: [...model.hostsByName].map(([name, host]) => [name, host.index]),
    suppress: [...model.suppress],
  };
}

describe("what-if from the moved hosts' neighbourhood", () => {
  it('says what checking the whole retargeted plan says, in every output, on generated plans a planner has edited', () => {
    let byPart = 0;
    let moves = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const text = planFor(c);
        const choice = choiceOf(c);
        const expected = plainWhatIf(text, c.to, choice, catalog);
        for (const parsed of [parsePlan(text), new PlanVersion(parsePlan(text), catalog)]) {
          const actual = whatIf(parsed, parseTarget(c.to, catalog), { ...choice, catalog });
          assert.deepEqual(actual.fixed, expected.fixed);
          assert.deepEqual(actual.introduced, expected.introduced);
          assert.deepEqual(actual.kept, expected.kept);
          assert.deepEqual([...actual.keptFrom], [...expected.keptFrom]);
          assert.deepEqual(actual.moved, expected.moved);
          assert.deepEqual(actual.unmatched, expected.unmatched);
          assert.equal(actual.hasError, expected.hasError);
          const reports = (result: WhatIfResult) => [{ path: 'plan.virtplan.json', result: { ...result, notes: [] } }];
          assert.equal(formatWhatIfText(reports(actual)), formatWhatIfText(reports(expected)));
          assert.equal(formatWhatIfJson(reports(actual)), formatWhatIfJson(reports(expected)));
          assert.deepEqual(whatIfResponse({ ...actual, notes: [] }, 'plan'), whatIfResponse(expected, 'plan'));
        }
        // How often the neighbourhood answered, rather than a check of the whole plan.
        if (expected.moved.length) {
          moves++;
          const version = new PlanVersion(parsePlan(text), catalog);
          const options = { catalog, ...(choice.severities ? { severities: choice.severities } : {}), ...(choice.defaultReserve !== undefined ? { defaultReserve: choice.defaultReserve } : {}) };
          const duplicateKeys = findDuplicateKeys(version);
          const before = validatePlan(version, { ...options, duplicateKeys });
          if (partDiagnostics(version, expected.after, new Set(expected.moved.map((h) => h.index)), before, duplicateKeys, options)) byPart++;
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(byPart >= moves * 0.6, `the neighbourhood answered ${byPart} of ${moves} retargetings`);
  });

  it("leaves the plan's own model as a fresh reading of the plan has it, for the editor's features that read it next", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const text = planFor(c);
        const version = new PlanVersion(parsePlan(text), catalog);
        // Built before, as an editor's version has it when a what-if is asked of it.
        const model = version.model;
        whatIf(version, parseTarget(c.to, catalog), { ...choiceOf(c), catalog });
        assert.equal(version.model, model);
        assert.deepStrictEqual(modelView(model!), modelView(buildModel(parsePlan(text).value, catalog)!));
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it("retarget code actions count what checking the whole retargeted plan counts, and rank by it", () => {
    let offered = 0;
    fc.assert(
      fc.property(caseArb, fc.nat(40), (c, pick) => {
        const text = planFor(c);
        const parsed = parsePlan(text);
        const hosts = (parsed.value as Plan).hosts;
        const index = pick % hosts.length;
        const at = locatePointers(parsed, [`/hosts/${index}/product`]).get(`/hosts/${index}/product`);
        const host = hosts[index] as Json;
        if (!at || typeof host?.product !== 'string') return;
        const options = { ...(c.severities ? { severities: c.severities } : {}), ...(c.defaultReserve !== undefined ? { defaultReserve: c.defaultReserve } : {}) };
        const actions = retargetActions(new PlanVersion(parsed, catalog), 'file:///plan', at.offset + 1, catalog, options);
        const counts = (to: string) => {
          const plain = plainWhatIf(text, to, { ...options, hostIndexes: [index] }, catalog);
          return [plain.introduced.filter((d) => d.severity === 'error').length, plain.introduced.length, -plain.fixed.length];
        };
        const ranks: number[][] = [];
        for (const action of actions) {
          const to = (action.data as { retarget: { to: string } }).retarget.to;
          const [errors, introduced, fixed] = counts(to);
          assert.match(action.title, new RegExp(`: fixes ${-fixed}, introduces ${introduced}$`), to);
          ranks.push([errors, introduced, fixed]);
          // Of a product's editions, the one offered is one no other betters.
          const [product, edition] = to.split(':');
          if (edition && host.edition === undefined) {
            for (const other of Object.keys(catalog.product(product)!.editions!.editions)) {
              const rank = counts(`${product}:${other}`);
              assert.ok(rank[0] > errors || (rank[0] === errors && (rank[1] > introduced || (rank[1] === introduced && rank[2] >= fixed))), `${to} against ${other}`);
            }
          }
        }
        for (let i = 1; i < ranks.length; i++) {
          const [a, b] = [ranks[i - 1], ranks[i]];
          assert.ok(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2]))), 'best first');
        }
        offered += actions.length;
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    assert.ok(offered > 0);
  });

  it('retarget code actions count a suppress entry of "schema" as used by a key written twice in its host', () => {
    const plan = generatePlan({ vms: 0, seed: 0, mistakes: 0 }) as Plan;
    // The edition no target keeps, silenced: after the move, only the key written twice uses the entry.
    Object.assign(plan.hosts[0] as Json, { edition: 'ultimate', suppress: ['schema'] });
    const text = JSON.stringify(plan, null, 2).replace('"product": ', '"product": "vmware-server-2", "product": ');
    const parsed = parsePlan(text);
    const at = locatePointers(parsed, ['/hosts/0/product']).get('/hosts/0/product')!;
    const actions = retargetActions(new PlanVersion(parsed, catalog), 'file:///plan', at.offset + 1, catalog);
    assert.ok(actions.length > 0);
    for (const action of actions) {
      const to = (action.data as { retarget: { to: string } }).retarget.to;
      const plain = plainWhatIf(text, to, { hostIndexes: [0] }, catalog);
      assert.match(action.title, new RegExp(`: fixes ${plain.fixed.length}, introduces ${plain.introduced.length}$`), to);
    }
  });
});
