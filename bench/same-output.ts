/**
 * Two builds of the CLI, the same answers: `virtplan check --format json` and `--format sarif`,
 * `virtplan report --format json` and `virtplan whatif` in both formats, of the examples and
 * of generated plans (valid, full of mistakes of every rule, with comments, and broken as a
 * planner leaves them while typing) must be byte for byte the same. Run after a change meant to make the check faster, with a
 * build of the code before it:
 *
 *     npx esbuild bench/same-output.ts --bundle --platform=node --outfile=out/bench/same-output.js
 *     node out/bench/same-output.js OLD/dist/cli.js dist/cli.js
 *
 * It exits 1 and names the first plans that differ.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePlan, random } from './generate';
import { typingVariants } from './typing';

type Json = Record<string, unknown>;

/**
 * A generated plan with a share of its hosts, VMs and clusters changed the ways planners get
 * them wrong, so that every rule, the schema and the suggestions have something to say.
 */
function mistaken(vms: number, seed: number, share: number): Json {
  const plan = generatePlan({ vms, seed, mistakes: share });
  const rand = random(seed * 7919);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const hosts = plan.hosts as Json[];
  const list = plan.vms as Json[];
  const clusters = plan.clusters as Json[];
  const products = ['hyperv-2008', 'hyperv-2008-r2', 'vmware-esx-3.5', 'virtual-server-2005-r2-sp1', 'virtual-pc-2007', 'vmware-workstation-6.5', 'hyperv-server-2008', 'hyperv-2008x', 'esx', 'nothing'];
  for (const host of hosts) {
    if (rand() > share) continue;
    const hardware = (host.hardware ?? {}) as Json;
    const change = Math.floor(rand() * 12);
    if (change === 0) host.product = pick(products);
    else if (change === 1) delete host.edition;
    else if (change === 2) host.edition = pick(['standard', 'enterprise', 'datacenter', 'web', 'foundation']);
    else if (change === 3) hardware.sockets = pick([1, 2, 8, 16, 64]);
    else if (change === 4) hardware.coresPerSocket = pick([2, 8, 12, 16]);
    else if (change === 5) hardware.memoryGB = pick([4, 32, 1024, 4096]);
    else if (change === 6) Object.assign(hardware, { arch: pick(['x86', 'x64', 'ia64']), hardwareVirtualization: rand() < 0.5, dataExecutionPrevention: rand() < 0.5 });
    else if (change === 7) host.features = { memoryOvercommit: rand() < 0.7, pageSharing: rand() < 0.7, hotAdd: ['memory', 'disk', 'nic', 'cpu', 'toaster'].filter(() => rand() < 0.5) };
    else if (change === 8) host.updates = pick([['KB956710'], ['kb956710 '], ['KB123'], []]);
    else if (change === 9) host.name = (hosts[Math.floor(rand() * hosts.length)] as Json).name;
    else if (change === 10) host.hardware = pick([7, 'big', null]);
    else delete host.name;
    if (typeof host.hardware === 'object' && host.hardware !== null && change !== 10) host.hardware = hardware;
  }
  for (const vm of list) {
    if (rand() > share) continue;
    const change = Math.floor(rand() * 18);
    const guest = (vm.guest ?? {}) as Json;
    if (change === 0) vm.vcpus = pick([0, 3, 4, 8, 16, 2.5]);
    else if (change === 1) vm.memoryGB = pick([0.5, 32, 64, 300, 1024]);
    else if (change === 2) guest.arch = pick(['x86', 'x64']);
    else if (change === 3) guest.integrationComponents = false;
    else if (change === 4) guest.os = pick(['windows-server-2008', 'windows-vista', 'windows-xp', 'windows-2000-server', 'suse-linux-enterprise-10', 'beos', 'other-linux', 'windows-future']);
    else if (change === 5) vm.disks = [{ sizeGB: pick([60, 200, 2100, 3000]), bus: pick(['ide', 'scsi']) }, { sizeGB: 2500, passthrough: rand() < 0.5, bus: 'scsi' }, 'x'];
    else if (change === 6) vm.nics = pick([0, 4, 8, 12]);
    else if (change === 7) vm.legacyNics = pick([1, 2, 4, 6]);
    else if (change === 8) vm.snapshots = pick([10, 50, 100]);
    else if (change === 9) vm.migration = pick(['none', 'quick', 'live', 'teleport']);
    else if (change === 10) vm.highlyAvailable = rand() < 0.5;
    else if (change === 11) vm.host = `${String(vm.host)}${pick(['x', '-b', ''])}`.replace('host', pick(['host', 'hots', 'hst']));
    else if (change === 12) vm.name = (list[Math.floor(rand() * list.length)] as Json).name;
    else if (change === 13) delete vm.host;
    else if (change === 14) vm.host = pick(['', 7, null]);
    else if (change === 15) vm.disks = [];
    else if (change === 16) delete vm.name;
    else vm.guest = pick(['windows', null, {}]);
    if (change <= 4) vm.guest = guest;
  }
  for (const cluster of clusters) {
    if (rand() > share) continue;
    const nodes = cluster.nodes as unknown[];
    const change = Math.floor(rand() * 6);
    if (change === 0) cluster.sharedStorage = false;
    else if (change === 1) nodes.push((hosts[Math.floor(rand() * hosts.length)] as Json).name);
    else if (change === 2) nodes.push('host-9999x', nodes[0]);
    else if (change === 3) cluster.reserve = pick([0, 1, 2, 3]);
    else if (change === 4) for (let i = 0; i < 12; i++) nodes.push(`extra-${i}`);
    else delete cluster.name;
  }
  if (rand() < 0.5) list.push(7 as never, null as never, { name: 'lonely' });
  plan.suppress = pick([[], ['license-instances-exceeded', 'cpu-oversubscribed'], ['/vms/3/vcpus', 'too-many-vcpus', 'nothing-here']]);
  return plan;
}

/** The plans both builds check: each a name and a text. */
function plans(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const vms of [100, 1000, 10_000]) {
    const valid = JSON.stringify(generatePlan({ vms }), null, 2);
    for (const [kind, text] of typingVariants(valid)) out.push([`generated ${vms} ${kind}`, text]);
    out.push([`generated ${vms} with comments`, valid.replace(/("memoryGB": \d+)(,?)\n/g, '$1$2 // GB\n')]);
  }
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    for (const share of [0.05, 0.3, 0.9]) {
      const text = JSON.stringify(mistaken(seed % 2 ? 400 : 2000, seed, share), null, seed % 3 ? 2 : undefined);
      out.push([`mistakes seed ${seed} share ${share}`, text]);
      if (share === 0.3) for (const [kind, broken] of typingVariants(text).slice(1)) out.push([`mistakes seed ${seed} share ${share} ${kind}`, broken]);
    }
  }
  return out;
}

/**
 * `json` and `sarif` are the check's formats; `report` is the capacity report as JSON, which
 * reads the capacity model whole; the `whatif` ones retarget every host, or one, in each format.
 */
const COMMANDS: Record<string, string[]> = {
  json: ['check', '--no-config', '--format', 'json'],
  sarif: ['check', '--no-config', '--format', 'sarif'],
  report: ['report', '--no-config', '--format', 'json'],
  'whatif to R2, json': ['whatif', '--no-config', '--to', 'hyperv-2008-r2', '--format', 'json'],
  'whatif to ESX, text': ['whatif', '--no-config', '--to', 'vmware-esx-3.5'],
  'whatif of one host to Hyper-V Standard, text': ['whatif', '--no-config', '--to', 'hyperv-2008:standard', '--host', 'host-00003'],
};

function run(cli: string, format: string, file: string): string {
  const args = [...COMMANDS[format], file];
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return `exit ${result.status}\n${result.stdout}\n${result.stderr}`;
}

const [oldCli, newCli] = process.argv.slice(2);
if (!oldCli || !newCli) {
  console.error('usage: node out/bench/same-output.js OLD/dist/cli.js NEW/dist/cli.js');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'virtplan-same-'));
const files: Array<[string, string]> = readdirSync('examples').filter((f) => f.endsWith('.json')).map((f) => [`examples/${f}`, join('examples', f)]);
for (const [i, [name, text]] of plans().entries()) {
  const file = join(dir, `plan-${i}.virtplan.json`);
  writeFileSync(file, text);
  files.push([name, file]);
}
let differ = 0;
let diagnostics = 0;
for (const [name, file] of files) {
  for (const format of Object.keys(COMMANDS)) {
    const before = run(oldCli, format, file);
    const after = run(newCli, format, file);
    if (format === 'json') diagnostics += (before.match(/"code":/g) ?? []).length;
    if (before !== after) {
      differ++;
      console.log(`differs: ${name} (${format}), ${file}`);
    }
  }
}
console.log(`${files.length} plans, ${diagnostics} diagnostics; ${differ ? `${differ} outputs differ` : 'every output the same'}`);
process.exit(differ ? 1 : 0);
