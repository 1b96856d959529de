// Resolves a request-supplied URL's host and applies the SSRF guard to every address it has.
// The caller then connects to the returned address itself (see pinned-request.ts): resolving
// again at connect time would let a rebinding DNS server answer differently the second time.

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isAllowedHost } from './allow-list.ts';
import type { Deadline } from './deadline.ts';
import { errorCode, fetchFailed, sourceNotAllowed } from './errors.ts';
import { blockedReason } from './ip-address.ts';

/**
 * The address to connect to for `url`. Refuses the URL when ANY resolved address is non-public
 * (one bad record is enough for a client-picked host to reach inside), unless the URL's host is
 * on `allow`. Allowed hosts are still resolved once and pinned, so every query source takes the
 * same connection path.
 */
export async function resolveCheckedAddress(
  url: URL,
  allow: readonly string[],
  deadline: Deadline,
): Promise<string> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(host) ? [host] : await resolveAll(host, deadline);
  if (isAllowedHost(url, allow)) return firstOf(addresses, host);

  for (const address of addresses) {
    const reason = blockedReason(address);
    if (reason !== undefined) {
      throw sourceNotAllowed(`${host} resolves to ${reason} address ${address}`);
    }
  }

  return firstOf(addresses, host);
}

async function resolveAll(host: string, deadline: Deadline): Promise<string[]> {
  try {
    // lookup() can't be aborted; racing it keeps a hung resolver inside the deadline.
    const records = await deadline.race(lookup(host, { all: true, verbatim: true }));
    return records.map((record) => record.address);
  } catch (err) {
    if (deadline.signal.aborted) throw err;

    throw fetchFailed(`DNS lookup of ${host} failed: ${errorCode(err)}`);
  }
}

function firstOf(addresses: readonly string[], host: string): string {
  const first = addresses[0];
  if (first === undefined) throw fetchFailed(`DNS lookup of ${host} returned no address`);

  return first;
}
