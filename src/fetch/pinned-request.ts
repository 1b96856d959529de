// One GET to a fixed IP address while keeping the URL's identity: the Host header carries the
// original host and, for https, SNI and certificate verification use the original host name via
// Bun's `tls.serverName`. So DNS is never consulted again between the SSRF check and connect.

/** Options of one request hop. */
export interface HopOptions {
  /** Aborts connect, headers and body (the whole-fetch deadline). */
  readonly signal: AbortSignal;
  /** Extra trusted CA (PEM) for https hops; tests use it with a self-signed certificate. */
  readonly ca?: string;
}

/**
 * GETs `url` with redirects left to the caller. With `address`, the TCP connection goes to that
 * address instead of resolving `url.hostname`; without it (operator-trusted sources), Bun's
 * fetch resolves normally.
 */
export function requestHop(
  url: URL,
  address: string | undefined,
  options: HopOptions,
): Promise<Response> {
  const target = address === undefined ? url : pinnedUrl(url, address);
  const tls: { serverName?: string; ca?: string } = {};
  const serverName = url.protocol === 'https:' ? sniName(url.hostname) : undefined;
  if (serverName !== undefined) tls.serverName = serverName;
  if (options.ca !== undefined) tls.ca = options.ca;

  return fetch(target, {
    method: 'GET',
    redirect: 'manual',
    signal: options.signal,
    headers: { host: url.host, accept: 'image/*' },
    tls,
  });
}

/** `url` with its host replaced by `address` (bracketed when IPv6); port and path are kept. */
export function pinnedUrl(url: URL, address: string): URL {
  const target = new URL(url);
  target.hostname = address.includes(':') ? `[${address}]` : address;
  return target;
}

// SNI carries DNS names only (RFC 6066 §3); for an IP literal the certificate is checked against
// the address in the URL, which is what connecting to that literal does anyway.
function sniName(hostname: string): string | undefined {
  const isIpLiteral = hostname.startsWith('[') || /^[\d.]+$/.test(hostname);
  return isIpLiteral ? undefined : hostname;
}
