import type { Expected, Json } from '../helpers';

export interface Case extends Expected {
  name: string;
  trigger: (plan: Json) => void;
  nearMiss: (plan: Json) => void;
}

export const host0 = (plan: Json) => plan.hosts[0];
export const vm0 = (plan: Json) => plan.vms[0];
export const hostWith = (name: string, product: string, extra: Json = {}): Json => ({
  name,
  product,
  hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 64 },
  ...extra,
});
/** The plan as one host in no cluster, carrying `vms` when given (else the VMs it had). */
export function alone(plan: Json, host: Json, vms?: Json[]): void {
  plan.hosts = [host];
  plan.clusters = [];
  if (vms) plan.vms = vms;
}
/** The free Hyper-V Server 2008 on a small two-socket host. */
export const freeHyperV = () => hostWith('hv-01', 'hyperv-server-2008', { hardware: { sockets: 2, coresPerSocket: 4, memoryGB: 32 } });
export const whole = (start: string, contains: string) => (covered: string) => covered.startsWith(start) && covered.includes(contains);

