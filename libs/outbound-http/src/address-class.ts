import { BlockList, isIP } from 'node:net';

/**
 * Why an address must not be called from inside Vantage, or 'public'. Names follow IANA's
 * special-purpose address registries (RFC 6890 and successors).
 */
export type AddressClass =
  | 'public'
  | 'not-an-address'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared-cgnat'
  | 'link-local'
  | 'unique-local'
  | 'site-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'ipv4-mapped'
  | 'ipv4-compatible'
  | 'nat64'
  | '6to4'
  | 'teredo'
  | 'discard'
  | 'not-global-unicast';

type Family = 'ipv4' | 'ipv6';
type NamedRange = readonly [AddressClass, Family, string, number];

/**
 * First match wins, so the narrower ranges come before the ones that contain them. An IPv6
 * address that embeds an IPv4 one (mapped, NAT64, 6to4, Teredo) is refused whatever it embeds:
 * where it leads depends on a translator this service cannot see.
 */
const SPECIAL_RANGES: readonly NamedRange[] = [
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['private', 'ipv4', '10.0.0.0', 8],
  ['shared-cgnat', 'ipv4', '100.64.0.0', 10],
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['link-local', 'ipv4', '169.254.0.0', 16],
  ['private', 'ipv4', '172.16.0.0', 12],
  ['reserved', 'ipv4', '192.0.0.0', 24],
  ['documentation', 'ipv4', '192.0.2.0', 24],
  ['reserved', 'ipv4', '192.31.196.0', 24],
  ['reserved', 'ipv4', '192.52.193.0', 24],
  ['6to4', 'ipv4', '192.88.99.0', 24],
  ['private', 'ipv4', '192.168.0.0', 16],
  ['reserved', 'ipv4', '192.175.48.0', 24],
  ['benchmarking', 'ipv4', '198.18.0.0', 15],
  ['documentation', 'ipv4', '198.51.100.0', 24],
  ['documentation', 'ipv4', '203.0.113.0', 24],
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['broadcast', 'ipv4', '255.255.255.255', 32],
  ['reserved', 'ipv4', '240.0.0.0', 4],

  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv6', '::1', 128],
  ['ipv4-mapped', 'ipv6', '::ffff:0:0', 96],
  ['ipv4-compatible', 'ipv6', '::', 96],
  ['ipv4-mapped', 'ipv6', '::ffff:0:0:0', 96],
  ['nat64', 'ipv6', '64:ff9b::', 96],
  ['nat64', 'ipv6', '64:ff9b:1::', 48],
  ['discard', 'ipv6', '100::', 64],
  ['teredo', 'ipv6', '2001::', 32],
  ['benchmarking', 'ipv6', '2001:2::', 48],
  ['reserved', 'ipv6', '2001::', 23],
  ['documentation', 'ipv6', '2001:db8::', 32],
  ['6to4', 'ipv6', '2002::', 16],
  ['documentation', 'ipv6', '3fff::', 20],
  ['reserved', 'ipv6', '5f00::', 16],
  ['unique-local', 'ipv6', 'fc00::', 7],
  ['link-local', 'ipv6', 'fe80::', 10],
  ['site-local', 'ipv6', 'fec0::', 10],
  ['multicast', 'ipv6', 'ff00::', 8],
];

const RANGES = SPECIAL_RANGES.map(([name, family, network, prefix]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { name, family, list };
});

/** Everything outside 2000::/3 is unassigned or special in IPv6: only global unicast is public. */
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/** The class of an IP address (v4 or v6, text form), 'public' when nothing makes it special. */
export function classifyAddress(address: string): AddressClass {
  // A zone id (fe80::1%eth0) only exists for link-scoped addresses.
  if (address.includes('%'))
    return isIP(address.split('%')[0] ?? '') === 6 ? 'link-local' : 'not-an-address';
  const version = isIP(address);
  if (version === 0) return 'not-an-address';
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  // BlockList checks an IPv4-mapped IPv6 address against the IPv4 ranges too: only same-family
  // ranges are asked, so '::ffff:127.0.0.1' is named for the mapping, not for its loopback.
  const match = RANGES.find(
    (range) => range.family === family && range.list.check(address, family),
  );
  if (match) return match.name;
  if (family === 'ipv6' && !GLOBAL_UNICAST.check(address, 'ipv6')) return 'not-global-unicast';
  return 'public';
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
