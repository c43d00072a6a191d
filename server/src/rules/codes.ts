import type { Severity } from './finding';

export interface RuleInfo {
  code: string;
  severity: Severity;
  /** One line for rule lists, SARIF and settings. */
  summary: string;
}

/** Every diagnostic code virtplan reports, with its default severity. Stable: codes are never renamed. */
export const RULES: readonly RuleInfo[] = [
  { code: 'parse-error', severity: 'error', summary: 'The file is not valid JSON with comments.' },
  { code: 'schema', severity: 'error', summary: 'The plan structure is wrong: a missing or unknown property, a wrong type, a value out of range, an unknown guest id.' },
  { code: 'unknown-product', severity: 'error', summary: 'A host names a product that is not in the catalog.' },
  { code: 'duplicate-name', severity: 'error', summary: 'A host, VM or cluster name is used twice.' },
  { code: 'unknown-host', severity: 'error', summary: "A VM's host names no host of the plan." },
  { code: 'unknown-cluster-node', severity: 'error', summary: 'A cluster node names no host of the plan.' },
  { code: 'edition-required', severity: 'error', summary: 'A product that comes in editions is missing its edition.' },
  { code: 'edition-not-applicable', severity: 'warning', summary: 'An edition is given for a product without editions.' },
  { code: 'host-arch-unsupported', severity: 'error', summary: "The product does not install on the host's processor architecture." },
  { code: 'hardware-virtualization-required', severity: 'error', summary: 'The product needs hardware virtualisation and DEP, and the host lacks one.' },
  { code: 'too-many-logical-processors', severity: 'error', summary: "The host has more logical processors than the product supports." },
  { code: 'too-many-sockets', severity: 'error', summary: "The host has more sockets than the product or edition supports." },
  { code: 'host-memory-exceeds-limit', severity: 'warning', summary: 'The host has more memory than the product or edition can use.' },
  { code: 'too-many-vms', severity: 'error', summary: 'More VMs on the host than the product runs.' },
  { code: 'host-memory-overcommitted', severity: 'error', summary: "The VMs' memory and the host's reserve exceed the memory the host's product and edition can use." },
  { code: 'cpu-oversubscribed', severity: 'warning', summary: 'More virtual processors on the host than the supported ratio allows.' },
  { code: 'memory-overcommit-unsupported', severity: 'error', summary: 'The plan relies on memory overcommit, which the product lacks.' },
  { code: 'page-sharing-unsupported', severity: 'error', summary: 'The plan relies on transparent page sharing, which the product lacks.' },
  { code: 'hot-add-unsupported', severity: 'error', summary: 'The plan hot adds a device the product cannot hot add.' },
  { code: 'too-many-vcpus', severity: 'error', summary: "A VM has more virtual processors than the product's per-VM limit." },
  { code: 'guest-vcpus-unsupported', severity: 'warning', summary: 'A VM has more virtual processors than the product supports for its guest OS.' },
  { code: 'vm-memory-exceeds-limit', severity: 'error', summary: "A VM has more memory than the product's per-VM limit." },
  { code: 'guest-arch-unsupported', severity: 'error', summary: 'A 64-bit guest on a product or host hardware without 64-bit guests.' },
  { code: 'live-migration-unsupported', severity: 'error', summary: 'Live migration on a product without it.' },
  { code: 'migration-requires-cluster', severity: 'error', summary: 'Migration or high availability on a host that is in no cluster.' },
  { code: 'clustering-unsupported', severity: 'error', summary: 'A cluster node whose product or edition has no failover clustering.' },
  { code: 'cluster-mixed-products', severity: 'error', summary: 'A cluster whose nodes run different products.' },
  { code: 'cluster-too-many-nodes', severity: 'error', summary: "A cluster with more nodes than the product's clustering allows." },
  { code: 'too-many-snapshots', severity: 'error', summary: 'A VM keeps more snapshots than the product allows.' },
  { code: 'disk-too-large', severity: 'error', summary: "A disk is larger than the product's virtual disk limit for its bus." },
  { code: 'boot-disk-not-ide', severity: 'error', summary: 'The boot disk is on SCSI, and the product boots only from IDE.' },
  { code: 'scsi-needs-integration-components', severity: 'error', summary: 'SCSI disks or synthetic NICs in a guest without integration components.' },
  { code: 'too-many-nics', severity: 'error', summary: 'A VM has more network adapters than the product allows.' },
  { code: 'license-instances-exceeded', severity: 'warning', summary: "More Windows guests on the host than its edition licenses." },
  { code: 'desktop-product-for-server', severity: 'warning', summary: 'A desktop virtualisation product runs a server guest OS.' },
  { code: 'shared-storage-required', severity: 'error', summary: 'Migration or high availability on a host whose clusters all lack shared storage.' },
  { code: 'cluster-failover-capacity', severity: 'warning', summary: "A cluster cannot restart the highly available VMs of its reserved number of failed nodes on the others." },
  { code: 'file-too-large', severity: 'warning', summary: 'The editor skipped checking a plan larger than the virtplan.maxFileSizeMB setting.' },
  { code: 'suppression-unused', severity: 'hint', summary: 'A suppress entry or virtplan-disable-next-line comment silences nothing.' },
];

export const RULES_BY_CODE: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((rule) => [rule.code, rule]));

export function defaultSeverity(code: string): Severity {
  return RULES_BY_CODE.get(code)?.severity ?? 'error';
}
