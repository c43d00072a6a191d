import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/rules/index';
import { codes, diagnose, expectDiagnostic, expectNo, planText } from '../helpers';
import { host0, vm0, type Case } from './rule-cases-common';
import { HOST_CASES } from './rule-cases-hosts';
import { VM_CASES } from './rule-cases-vms';

const CASES: Case[] = [...HOST_CASES, ...VM_CASES];


describe('rules: each code at its pointer and range, and a near miss', () => {
  it('the base plan is clean', () => {
    assert.deepEqual(diagnose(planText()), []);
  });

  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, () => {
      expectDiagnostic(planText(c.trigger), c);
      expectNo(planText(c.nearMiss), c.code);
    });
  }

  it('a count of one takes the singular in every message', () => {
    const wrong = /(?<![\d.,])1 (VMs|hosts|nodes|disks|adapters|sockets|virtual processors|logical processors|Windows guests)\b|\b1 VM are\b/;
    for (const c of CASES) for (const d of diagnose(planText(c.trigger))) assert.doesNotMatch(d.message, wrong, `${c.name}: ${d.message}`);
    const oneVm = diagnose(planText((p) => {
      host0(p).hardware.memoryGB = 4;
      p.vms = [{ ...vm0(p), memoryGB: 8 }];
    })).find((d) => d.code === 'host-memory-overcommitted');
    assert.match(oneVm?.message ?? '', /its 1 VM is given 8 GB/);
  });

  it('every code with a check has a case', () => {
    const covered = new Set(CASES.map((c) => c.code));
    // The codes without a check are tested with the parser, the schema, the server and the suppression tests.
    const missing = RULES.filter((r) => r.check || r.checkEachVm).map((r) => r.code).filter((code) => !covered.has(code));
    assert.deepEqual(missing, []);
  });
});

describe('rules: one mistake, one diagnostic', () => {
  it('an unknown product gives unknown-product only', () => {
    assert.deepEqual(codes(planText((p) => (host0(p).product = 'hyper-v'))), ['unknown-product']);
  });

  it('live migration on Hyper-V 2008 off any cluster is not also migration-requires-cluster', () => {
    assert.deepEqual(codes(planText((p) => {
      p.clusters = [];
      vm0(p).migration = 'live';
      vm0(p).highlyAvailable = false;
    })), ['live-migration-unsupported']);
  });

  it('five vCPUs on a Windows Server 2003 guest is too-many-vcpus, not also the guest warning', () => {
    assert.deepEqual(codes(planText((p) => Object.assign(vm0(p), { vcpus: 5, guest: { os: 'windows-server-2003' } }))), ['too-many-vcpus']);
  });

  it('a missing value silences the rules that need it', () => {
    assert.deepEqual(codes(planText((p) => delete host0(p).hardware.sockets)), ['schema']);
    assert.deepEqual(codes(planText((p) => (vm0(p).vcpus = '5'))), ['schema']);
  });

  it('says when KB956710 would lift the limit, with fix data', () => {
    const d = expectDiagnostic(planText((p) => Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 5 })), {
      code: 'too-many-logical-processors',
      pointer: '/hosts/0/name',
    });
    assert.match(d.message, /KB956710/);
    assert.match(d.message, /16/);
    assert.equal(d.data?.update, 'KB956710');
  });

  it('names the limit, the product and the fix for live migration', () => {
    const d = expectDiagnostic(planText((p) => (vm0(p).migration = 'live')), { code: 'live-migration-unsupported', pointer: '/vms/0/migration' });
    assert.match(d.message, /Hyper-V on Windows Server 2008/);
    assert.match(d.message, /quick migration/);
    assert.match(d.message, /R2/);
    assert.equal(d.data?.replacement, 'quick');
  });

  it('too many Windows guests for the edition: the smallest edition that licenses them is named, beside the unlimited one', () => {
    const guests = (edition: string, count: number) =>
      planText((p) => {
        host0(p).edition = edition;
        p.vms = Array.from({ length: count }, (_, i) => ({ ...vm0(p), name: `w-${i}` }));
      });
    const standard = expectDiagnostic(guests('standard', 3), { code: 'license-instances-exceeded', pointer: '/hosts/0/name' });
    assert.match(standard.message, /License 2 more separately or use the Enterprise edition \(4\) or the Datacenter edition \(unlimited\)\./);
    const enterprise = expectDiagnostic(guests('enterprise', 5), { code: 'license-instances-exceeded', pointer: '/hosts/0/name' });
    assert.match(enterprise.message, /License 1 more separately or use the Datacenter edition \(unlimited\)\./);
    const many = expectDiagnostic(guests('standard', 5), { code: 'license-instances-exceeded', pointer: '/hosts/0/name' });
    assert.match(many.message, /License 4 more separately or use the Datacenter edition \(unlimited\)\./);
  });

  it('update ids match case-insensitively', () => {
    expectNo(planText((p) => {
      host0(p).updates = ['kb956710'];
      Object.assign(host0(p).hardware, { sockets: 4, coresPerSocket: 6 });
    }), 'too-many-logical-processors');
  });
});
