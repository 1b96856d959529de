// Classifies IP addresses for the watermark SSRF guard (SPEC §12 item 30). Only addresses that are
// routable on the public internet pass; everything else is named so logs can say why it failed.
// IPv6 is checked by default-deny: only global unicast (2000::/3) passes, minus its special ranges.

type Ipv4Range = readonly [base: number, prefixLength: number, reason: string];

/** Special-purpose IPv4 blocks (RFC 6890 registry); broadcast precedes 240/4 to name it. */
const BLOCKED_IPV4: readonly Ipv4Range[] = [
  [ipv4(0, 0, 0, 0), 8, 'unspecified'],
  [ipv4(10, 0, 0, 0), 8, 'private'],
  [ipv4(100, 64, 0, 0), 10, 'shared address space (CGNAT)'],
  [ipv4(127, 0, 0, 0), 8, 'loopback'],
  [ipv4(169, 254, 0, 0), 16, 'link-local'],
  [ipv4(172, 16, 0, 0), 12, 'private'],
  [ipv4(192, 0, 0, 0), 24, 'reserved'],
  [ipv4(192, 0, 2, 0), 24, 'documentation'],
  [ipv4(192, 88, 99, 0), 24, 'reserved'],
  [ipv4(192, 168, 0, 0), 16, 'private'],
  [ipv4(198, 18, 0, 0), 15, 'reserved'],
  [ipv4(198, 51, 100, 0), 24, 'documentation'],
  [ipv4(203, 0, 113, 0), 24, 'documentation'],
  [ipv4(224, 0, 0, 0), 4, 'multicast'],
  [ipv4(255, 255, 255, 255), 32, 'broadcast'],
  [ipv4(240, 0, 0, 0), 4, 'reserved'],
];

/**
 * Why `address` must not be contacted, or `undefined` when it is a public address.
 * Accepts dotted IPv4 and any IPv6 text form (brackets and a `%zone` suffix are tolerated);
 * anything unparsable is refused as 'invalid'.
 */
export function blockedReason(address: string): string | undefined {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return blockedIpv4Reason(v4);

  const v6 = parseIpv6(address);
  if (v6 === undefined) return 'invalid';

  return blockedIpv6Reason(v6);
}

/** True when `address` is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  return blockedReason(address) === undefined;
}

function blockedIpv4Reason(value: number): string | undefined {
  for (const [base, prefixLength, reason] of BLOCKED_IPV4) {
    if (matchesPrefix(value, base, prefixLength)) return reason;
  }

  return undefined;
}

function blockedIpv6Reason(h: readonly number[]): string | undefined {
  const first = h[0] ?? 0;
  const isZeroUpTo = (n: number) => h.slice(0, n).every((x) => x === 0);

  if (isZeroUpTo(8)) return 'unspecified';
  if (isZeroUpTo(7) && h[7] === 1) return 'loopback';

  const v4 = embeddedIpv4(h);
  if (v4 !== undefined) {
    const reason = blockedIpv4Reason(v4);
    return reason === undefined ? undefined : `embedded IPv4 ${reason}`;
  }

  if ((first & 0xfe00) === 0xfc00) return 'unique-local';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'site-local';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x2001 && h[1] === 0x0db8) return 'documentation';
  if (first === 0x3fff && ((h[1] ?? 0) & 0xf000) === 0) return 'documentation';
  // 2001::/23 holds Teredo (whose real target is obfuscated), ORCHID and benchmarking blocks.
  if (first === 0x2001 && (h[1] ?? 0) < 0x0200) return 'reserved';
  if ((first & 0xe000) !== 0x2000) return 'reserved';

  return undefined;
}

/**
 * The IPv4 address a translation form reaches, which therefore gets the IPv4 verdict: mapped
 * (::ffff:a.b.c.d), SIIT-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16).
 */
function embeddedIpv4(h: readonly number[]): number | undefined {
  const join = (high = 0, low = 0) => ((high << 16) | low) >>> 0;
  const isZero = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);

  if (isZero(0, 5) && h[5] === 0xffff) return join(h[6], h[7]);
  if (isZero(0, 4) && h[4] === 0xffff && h[5] === 0) return join(h[6], h[7]);
  if (h[0] === 0x64 && h[1] === 0xff9b && isZero(2, 6)) return join(h[6], h[7]);
  if (h[0] === 0x2002) return join(h[1], h[2]);

  return undefined;
}

/** Strict dotted-quad parse; URL and DNS output is already normalised to this form. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;

  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;

    const octet = Number(part);
    if (octet > 255) return undefined;

    value = value * 256 + octet;
  }

  return value;
}

/** Parses IPv6 text into eight 16-bit groups; allows `::`, a dotted IPv4 tail, brackets, zones. */
export function parseIpv6(text: string): number[] | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const halves = bare.split('::');
  if (halves.length > 2) return undefined;

  // A dotted IPv4 tail may only end the address, so only the last half may carry one.
  const head = parseGroups(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', true) : [];
  if (head === undefined || tail === undefined) return undefined;

  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;

  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function parseGroups(text: string, mayEndInIpv4: boolean): number[] | undefined {
  if (text === '') return [];

  const groups: number[] = [];
  const parts = text.split(':');
  for (const [index, part] of parts.entries()) {
    const v4 = mayEndInIpv4 && index === parts.length - 1 ? parseIpv4(part) : undefined;
    if (v4 !== undefined) {
      groups.push(v4 >>> 16, v4 & 0xffff);
      continue;
    }
    if (!/^[0-9a-f]{1,4}$/i.test(part)) return undefined;

    groups.push(parseInt(part, 16));
  }

  return groups;
}

function matchesPrefix(value: number, base: number, prefixLength: number): boolean {
  const size = 2 ** (32 - prefixLength);
  return Math.floor(value / size) === Math.floor(base / size);
}

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
