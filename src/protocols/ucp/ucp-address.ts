import type { SessionState } from '../sessions/session-store.js';

/** A UCP postal address as this server stores a session's shipping destination. */
export interface UcpPostalAddress {
  readonly first_name?: string;
  readonly last_name?: string;
  readonly street_address?: string;
  readonly extended_address?: string;
  readonly address_locality?: string;
  readonly address_region?: string;
  readonly postal_code?: string;
  readonly address_country?: string;
  readonly phone_number?: string;
}

/** Our address fields by their UCP names. */
export const ADDRESS_FIELDS: Record<string, keyof UcpPostalAddress> = {
  name: 'first_name',
  line1: 'street_address',
  line2: 'extended_address',
  city: 'address_locality',
  region: 'address_region',
  postalCode: 'postal_code',
  country: 'address_country',
  phone: 'phone_number',
};

/** The session's destination, as given. */
export function destinationOf(state: SessionState): UcpPostalAddress | undefined {
  return state.fulfillmentDetails?.destination as UcpPostalAddress | undefined;
}

/** Our shipping address from the session's destination, or undefined while there is none. */
export function shippingAddressOf(state: SessionState): Record<string, unknown> | undefined {
  const address = destinationOf(state);
  if (address === undefined) return undefined;
  const name = [address.first_name, address.last_name].filter((part) => part?.trim()).join(' ');
  return {
    name,
    line1: address.street_address ?? '',
    ...(address.extended_address ? { line2: address.extended_address } : {}),
    city: address.address_locality ?? '',
    ...(address.address_region ? { region: address.address_region } : {}),
    postalCode: address.postal_code ?? '',
    country: address.address_country ?? '',
    ...(address.phone_number ? { phone: address.phone_number } : {}),
  };
}

/** Our postal address in UCP's words, for an order's destination. */
export function postalAddressOf(address: Readonly<Record<string, string>>): UcpPostalAddress {
  return Object.fromEntries(
    Object.entries(ADDRESS_FIELDS)
      .filter(([ours]) => typeof address[ours] === 'string' && address[ours] !== '')
      .map(([ours, theirs]) => [theirs, address[ours]]),
  );
}
