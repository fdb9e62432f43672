/**
 * Where a ConfirmationRequest may be posted (issue 10 red team, finding 2): an administrator enters
 * the buyer's URL, so it must not become a way into our own network. Every address the name
 * resolves to is checked; one internal address refuses the target; the connection is then made to
 * the address checked (pinned), so a DNS answer that changes in between (rebinding) cannot swap
 * it. In the local stack, loopback is the test buyer and allowed. Free of Hono and the AWS SDK.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64: likewise
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export type Address = { address: string; family: 4 | 6 };

/** Whether an address is one of ours or nobody's (loopback, private, link-local, CGNAT, unique-local, multicast, unspecified). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (!family) return true;
  // IPv4-mapped (::ffff:a.b.c.d) would reach an IPv4 address past the v6 rules: never a buyer's. (Not a
  // BlockList rule: BlockList matches plain IPv4 addresses against a ::ffff:0:0/96 subnet too.)
  if (family === 6 && /^(0{0,4}:){0,5}:?ffff:/i.test(address) && !/^ffff:/i.test(address)) return true;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function isLoopback(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** What the console shows for a target refused or not reached: the same words whatever the socket said, so nobody maps our network with it. */
export const UNREACHABLE_TEXT = "The buyer's order-confirmation URL could not be reached (its address is not allowed, or no connection could be made); check the URL with the buyer";

export type Lookup = (hostname: string) => Promise<Address[]>;

const systemLookup: Lookup = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * The address to connect to for a URL's host, or why not (for the log, never for the console).
 * An IP literal is checked as it is; a name by every address it resolves to.
 */
export async function checkedAddress(url: URL, localStack: boolean, resolve: Lookup = systemLookup): Promise<{ ok: true; address: Address } | { ok: false; why: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Address[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return { ok: false, why: `${host} does not resolve (${(error as { code?: string }).code ?? 'error'})` };
    }
  }
  if (!addresses.length) return { ok: false, why: `${host} resolves to no address` };
  const allowed = (a: Address) => !isInternalAddress(a.address) || (localStack && isLoopback(a.address));
  const refused = addresses.find((a) => !allowed(a));
  if (refused) return { ok: false, why: `${host} resolves to an internal address (${refused.address})` };
  return { ok: true, address: addresses[0]! };
}
