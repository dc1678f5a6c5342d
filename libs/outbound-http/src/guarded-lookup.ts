import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { type AddressClass, classifyAddress } from './address-class';

/** Every address a host name resolves to; replaceable so tests can answer as a hostile DNS would. */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/** A connection refused because of where it would lead; its message names the class, not the URL. */
export class AddressRefusedError extends Error {
  readonly code = 'EADDRREFUSED';

  constructor(
    readonly addressClass: AddressClass,
    what: string,
  ) {
    super(`refused to connect to ${what}: ${addressClass} address`);
    this.name = 'AddressRefusedError';
  }
}

export interface AddressPolicy {
  /**
   * Host names (exact, lower case) that may lead to loopback: a receiver on this machine in
   * local runs and tests. Any other name that resolves to a loopback address is refused.
   */
  readonly loopbackHosts: ReadonlySet<string>;
}

/** The first refused address among those a host resolved to, or null when all may be called. */
export function refusedAddress(
  hostname: string,
  addresses: readonly string[],
  policy: AddressPolicy,
): AddressRefusedError | null {
  for (const address of addresses) {
    const addressClass = classifyAddress(address);
    if (addressClass === 'public') continue;
    if (addressClass === 'loopback' && policy.loopbackHosts.has(hostname.toLowerCase())) continue;
    return new AddressRefusedError(addressClass, hostname);
  }
  return addresses.length === 0 ? new AddressRefusedError('not-an-address', hostname) : null;
}

/**
 * A `lookup` for net/tls connect that resolves the name, then refuses the connection when ANY
 * address it got is not public. It runs at connect time, for every new connection, so a name
 * that answered a public address when the URL was validated and a private one now (DNS
 * rebinding) is refused too; checking all addresses keeps a mixed answer from winning later.
 */
export function guardedLookup(resolve: HostResolver, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = wanted === 0 ? all : all.filter((entry) => entry.family === wanted);
        const refused = refusedAddress(
          hostname,
          addresses.map((entry) => entry.address),
          policy,
        );
        if (refused) {
          callback(refused, '', 0);
          return;
        }
        if (options.all) {
          callback(null, [...addresses]);
          return;
        }
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
