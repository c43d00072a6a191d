import { hostLimit, type HostModel, type VmModel } from './plan';

/** How full one host is against its product's and edition's limits (model/capacity.ts puts them together). */
export interface HostCapacity {
  name: string | null;
  pointer: string;
  /** The product's catalog id, null when the host names none in the catalog. */
  product: string | null;
  logicalProcessors: number | null;
  /** Logical processors the product supports (raised by installed updates); null when unknown. */
  maxLogicalProcessors: number | null;
  vcpus: number;
  /** Virtual processors the product runs per host, where it caps them; null otherwise. */
  maxVcpus: number | null;
  /** vCPUs per logical processor. */
  ratio: number | null;
  /** The product's supported vCPUs per logical processor. */
  maxRatio: number | null;
  /** Installed memory. */
  memoryGB: number | null;
  /** What the product and edition can use of the installed memory. */
  usableMemoryGB: number | null;
  /** What the host keeps for itself (the product's planning allowance). */
  reserveGB: number;
  /** The VMs' memory plus the host's reserve. */
  committedMemoryGB: number;
  vms: number;
  /** Running VMs the product allows (raised by installed updates); null when unlimited or unknown. */
  maxVms: number | null;
  windowsGuests: number;
  /** Windows guests the edition licenses; null when unlimited or unknown. */
  licensedWindowsGuests: number | null;
  /**
   * What `licensedWindowsGuests` null means: the edition licenses `unlimited` guests, the plan
   * gives no edition of a product that has them (`unknown`), or the product licenses no
   * Windows guests with the host (`none`: each needs a licence of its own, as on ESX).
   * `counted` when there is a number.
   */
  windowsGuestLicensing: 'counted' | 'unlimited' | 'unknown' | 'none';
  /** The product overcommits memory, so memory does not block a VM from starting. */
  memoryOvercommit: boolean;
}

/** Memory sums of fractional GB: a VM that fits to the last GB must not miss by a rounding error. */
export const EPSILON = 1e-9;

/** Whether committed memory is more than the usable memory, beyond a rounding error. */
export function exceeds(committedGB: number, usableGB: number): boolean {
  return committedGB > usableGB + EPSILON;
}

export const sum = (vms: readonly VmModel[], pick: (vm: VmModel) => number | undefined): number => {
  let total = 0;
  for (let i = 0; i < vms.length; i++) total += pick(vms[i]) ?? 0;
  return total;
};

function usableMemory(host: HostModel): number | null {
  if (host.memoryGB === undefined) return null;
  const productLimit = hostLimit(host, 'memoryGB')?.value ?? Infinity;
  const editionLimit = host.edition?.memoryGB?.value ?? Infinity;
  return Math.min(host.memoryGB, productLimit, editionLimit);
}

function licensedGuests(host: HostModel): number | null {
  const fact = guestLicenceFact(host);
  return fact && fact.value !== 'unlimited' ? fact.value : null;
}

function guestLicenceFact(host: HostModel) {
  return host.edition?.licensedWindowsGuests ?? (host.product?.editions ? undefined : host.product?.host.licensedWindowsGuests);
}

function guestLicensing(host: HostModel): HostCapacity['windowsGuestLicensing'] {
  const fact = guestLicenceFact(host);
  if (fact) return fact.value === 'unlimited' ? 'unlimited' : 'counted';
  return host.product?.editions && !host.edition ? 'unknown' : 'none';
}

export function hostCapacityOf(host: HostModel): HostCapacity {
  const product = host.product;
  // The VMs' processors, memory and Windows guests in one pass over them, summed in their order.
  let vcpus = 0;
  let memoryGB = 0;
  let windowsGuests = 0;
  const vms = host.vms;
  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i];
    vcpus += vm.vcpus ?? 0;
    memoryGB += vm.memoryGB ?? 0;
    if (vm.isWindows) windowsGuests++;
  }
  const reserveGB = product?.host.reservedMemoryGB?.value ?? 0;
  const lps = host.logicalProcessors ?? null;
  return {
    name: host.name ?? null,
    pointer: host.pointer,
    product: product?.id ?? null,
    logicalProcessors: lps,
    maxLogicalProcessors: hostLimit(host, 'logicalProcessors')?.value ?? null,
    vcpus,
    maxVcpus: hostLimit(host, 'vcpus')?.value ?? null,
    ratio: lps ? vcpus / lps : null,
    maxRatio: product?.host.vcpusPerLogicalProcessor?.value ?? null,
    memoryGB: host.memoryGB ?? null,
    usableMemoryGB: product ? usableMemory(host) : null,
    reserveGB,
    committedMemoryGB: memoryGB + reserveGB,
    vms: host.vms.length,
    maxVms: hostLimit(host, 'runningVMs')?.value ?? null,
    windowsGuests,
    licensedWindowsGuests: licensedGuests(host),
    windowsGuestLicensing: guestLicensing(host),
    memoryOvercommit: product?.features.memoryOvercommit.value ?? false,
  };
}
