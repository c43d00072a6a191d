import { basisOf } from '../catalog/basis';
import type { Fact } from '../catalog/types';
import type { HostPlace } from './rule';

export { basisOf } from '../catalog/basis';

/** The words of a hover line for a capability. */
export const yesNo = (value: boolean | undefined): string => (value ? 'yes' : 'no');

/** "Hyper-V on Windows Server 2008: …": one line stating a fact of the host's product, with its sources. */
export function factLine<T>({ host }: HostPlace, fact: Fact<T> | undefined, say: (value: T) => string): string[] {
  return host.product && fact ? [`${host.product.name} ${say(fact.value)}${basisOf(fact)}.`] : [];
}

/** The product's name, with the edition's where the edition sets the fact. */
export function productName({ host }: HostPlace, withEdition: boolean): string {
  return withEdition && host.edition ? `${host.product!.name} ${host.edition.name}` : (host.product?.name ?? '');
}

/** `Host "lab-01"` or `Host 2`, the name as the hover shows plan text. */
export function hostTitle({ host, planText }: HostPlace): string {
  return host.name !== undefined ? `Host "${planText(host.name)}"` : `Host ${host.index + 1}`;
}
