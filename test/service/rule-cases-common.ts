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
export const whole = (start: string, contains: string) => (covered: string) => covered.startsWith(start) && covered.includes(contains);

