import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { findSchemasDir, loadCatalog } from '../../server/src/catalog/catalog';
import { RULES } from '../../server/src/rules/index';

const schemas = findSchemasDir(__dirname);
const root = dirname(schemas);
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('catalog', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(readJson(join(schemas, 'product.schema.json')));
  ajv.addSchema(readJson(join(schemas, 'edition.schema.json')));
  const sources = readJson(join(schemas, 'sources.json'));

  const productFiles = readdirSync(join(schemas, 'products')).filter((f) => f.endsWith('.json'));
  for (const file of productFiles) {
    it(`products/${file} follows product.schema.json and cites known sources`, () => {
      const product = readJson(join(schemas, 'products', file));
      const valid = ajv.validate('virtplan:product.schema.json', product);
      assert.ok(valid, ajv.errorsText(ajv.errors));
      assert.equal(`${product.id}.json`, file, 'the file is named after the id');
      const cited = JSON.stringify(product).match(/"sources":\[[^\]]*\]/g) ?? [];
      for (const list of cited) for (const id of JSON.parse(list.slice('"sources":'.length))) assert.ok(id in sources, `source ${id} is listed`);
      if (product.editions) assert.ok(existsSync(join(schemas, 'editions', `${product.editions}.json`)));
      if (product.successor) assert.ok(existsSync(join(schemas, 'products', `${product.successor}.json`)), 'the successor is in the catalog');
    });
  }

  for (const file of readdirSync(join(schemas, 'editions'))) {
    it(`editions/${file} follows edition.schema.json`, () => {
      assert.ok(ajv.validate('virtplan:edition.schema.json', readJson(join(schemas, 'editions', file))), ajv.errorsText(ajv.errors));
    });
  }

  it('holds every product the contract names', () => {
    const ids = loadCatalog().productIds();
    for (const id of ['virtual-pc-2007', 'virtual-server-2005-r2-sp1', 'hyperv-2008', 'hyperv-server-2008', 'hyperv-2008-r2', 'vmware-esx-3.5']) {
      assert.ok(ids.includes(id), id);
    }
  });

  it('carries the headline facts', () => {
    const catalog = loadCatalog();
    const v1 = catalog.product('hyperv-2008')!;
    assert.equal(v1.host.logicalProcessors?.value, 16);
    assert.deepEqual(v1.updates[0].raises, { logicalProcessors: 24, runningVMs: 192 });
    assert.equal(v1.features.liveMigration.value, false);
    assert.equal(catalog.product('hyperv-2008-r2')!.features.liveMigration.value, true);
    assert.equal(catalog.product('virtual-server-2005-r2-sp1')!.vm.guest64Bit?.value, false);
    assert.equal(catalog.product('hyperv-server-2008')!.features.clustering.value, false);
    assert.equal(v1.editions?.editions.standard?.licensedWindowsGuests?.value, 1);
    assert.equal(v1.editions?.editions.datacenter?.licensedWindowsGuests?.value, 'unlimited');
  });

  it('carries the second check of the facts against their sources', () => {
    const catalog = loadCatalog();
    const server2 = catalog.product('vmware-server-2')!;
    assert.deepEqual(server2.features.hotAdd.value, ['disk'], 'VMware Server 2.0 hot adds SCSI disks (user\'s guide p. 61)');
    assert.ok(server2.features.hotAdd.sources?.includes('S23'));
    assert.equal(server2.features.memoryOvercommit.value, true, 'its VMs may be given more than the host sets aside, the rest swapped (p. 276)');
    assert.equal(server2.features.pageSharing.value, false);
    for (const id of ['virtual-pc-2004', 'virtual-pc-2007']) {
      const disks = catalog.product(id)!.vm.ideDevices;
      assert.equal(disks?.value, 3, id);
      assert.ok(disks?.sources?.includes('S18'), id);
    }
    assert.ok(catalog.product('hyperv-2008-r2')!.features.liveMigration.sources?.includes('S45'));
    assert.ok(catalog.product('hyperv-2008-r2')!.features.clusterNodes?.sources?.includes('S43'));
    assert.match(catalog.product('virtual-server-2005-r2-sp1')!.features.quickMigration?.note ?? '', /interpretation/);
    // 64-bit guests on VMware: Intel needs EM64T and VT, AMD an Opteron of revision E or later, no AMD-V.
    for (const id of ['vmware-esx-3.5', 'vmware-server-2', 'vmware-workstation-6.5']) {
      const note = catalog.product(id)!.host.requiresHardwareVirtualization?.note ?? '';
      assert.doesNotMatch(note, /64-bit guests need (Intel VT or AMD-V|it)/, id);
      assert.match(note, /EM64T and VT.*Opteron revision E.*AMD-V is not needed/, id);
    }
  });

  it("a guest's family is windows exactly when its id starts with windows-, as the format says", () => {
    const guests = [...loadCatalog().guests.values()];
    assert.ok(guests.some((g) => g.family === 'windows'));
    for (const guest of guests) assert.equal(guest.family === 'windows', guest.id.startsWith('windows-'), guest.id);
  });

  it('the plan schema lists the guest ids of guests.json and every rule code', () => {
    const plan = readJson(join(schemas, 'virtplan.schema.json'));
    assert.deepEqual(plan.definitions.guest.properties.os.enum, Object.keys(readJson(join(schemas, 'guests.json'))).filter((k) => !k.startsWith('$')));
    assert.deepEqual(plan.definitions.ruleCode.enum, RULES.map((r) => r.code));
  });

  it('every plan schema property has a description and a markdownDescription; enums are described', () => {
    const plan = readJson(join(schemas, 'virtplan.schema.json'));
    const visit = (node: any, path: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [name, prop] of Object.entries<any>(node.properties ?? {})) {
        const where = `${path}.${name}`;
        if (!prop.$ref) {
          assert.ok(prop.description, `${where} has a description`);
          assert.ok(prop.markdownDescription, `${where} has a markdownDescription`);
        }
        const enumOwner = prop.enum ? prop : prop.items?.enum ? prop.items : undefined;
        if (enumOwner && name !== 'os' && path !== '#.suppress') {
          assert.equal(enumOwner.enumDescriptions?.length, enumOwner.enum.length, `${where} describes each enum value`);
        }
        visit(prop, where);
      }
    };
    visit(plan, '#');
    for (const [name, def] of Object.entries<any>(plan.definitions)) visit(def, `#${name}`);
  });

  it('migration paths lead to other products of the catalog, and legacy Microsoft products reach Hyper-V one way', () => {
    const catalog = loadCatalog();
    const ids = new Set(catalog.productIds());
    for (const product of catalog.products()) {
      for (const path of product.migration?.paths ?? []) {
        for (const to of path.to) {
          assert.ok(ids.has(to), `${product.id} → ${to} is a catalog id`);
          assert.notEqual(to, product.id, `${product.id} has no path to itself`);
        }
        assert.ok(path.sources?.length || path.confidence, `${product.id} → ${path.to.join(', ')} says where it comes from`);
      }
    }
    const toHyperV = (id: string) => catalog.product(id)!.migration!.paths.find((p) => p.to.includes('hyperv-2008-r2'))!;
    for (const legacy of ['virtual-pc-2007', 'virtual-server-2005-r2-sp1']) {
      assert.match(toHyperV(legacy).note, /\.vhd/);
      assert.match(toHyperV(legacy).note, /integration components/);
      assert.match(toHyperV(legacy).note, /cannot go back/);
    }
    assert.match(catalog.product('vmware-esx-3.5')!.migration!.paths.find((p) => p.to.includes('hyperv-2008'))!.note, /convert/);
    assert.match(catalog.product('hyperv-2008')!.migration!.paths.find((p) => p.to.includes('vmware-esx-3.5'))!.note, /convert/);
  });

  it("a migration note names the guest software of the products it leads to, not another family's", () => {
    const catalog = loadCatalog();
    for (const product of catalog.products()) {
      for (const path of product.migration?.paths ?? []) {
        // What the guests get instead: "… replaced by the VM Additions.", "… and the integration components installed".
        const gets = /replaced by (.*?)\.|the ((?:Hyper-V )?integration components) installed/.exec(path.note);
        if (!gets) continue;
        const software = gets[1] ?? gets[2];
        const family = software.includes('VM Additions') ? 'virtual-' : software.includes('integration components') ? 'hyperv-' : 'vmware-';
        assert.ok(path.to.every((id) => id.startsWith(family)), `${product.id} → ${path.to.join(', ')}: ${path.note}`);
      }
    }
  });

  it('docs/rules.md documents every code', () => {
    const docs = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
    for (const { code } of RULES) assert.match(docs, new RegExp(`^## \`${code}\``, 'm'), code);
  });

  it('rule code holds no limit numbers and no product ids: they come from the catalog', () => {
    const ids = loadCatalog().productIds();
    const dir = join(root, 'server', 'src', 'rules');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      const code = source.replace(/'[^'\n]*'|"[^"\n]*"/g, "''").replace(/`[^`]*`/g, '``');
      const numbers = (code.match(/(?<![\w.$])\d+(\.\d+)?(?![\w])/g) ?? []).filter((n) => Number(n) > 1);
      assert.deepEqual(numbers, [], `${file} has no number literals above 1`);
      for (const id of ids) assert.ok(!source.includes(`'${id}'`), `${file} does not name ${id}`);
    }
  });
});
