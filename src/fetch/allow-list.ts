// `server.remoteFetch.allow`: operator exceptions to the SSRF guard. An entry is `host` (any port)
// or `host:port`; IPv6 hosts are written in brackets when a port follows (`[::1]:8080`).

interface AllowEntry {
  readonly host: string;
  readonly port: string | undefined;
}

/**
 * True when the URL's host (and port, if the entry names one) is on the allow-list.
 * Matching is on the host as written in the URL, after URL normalisation, never on the
 * resolved address: allowing `cdn.internal` must not also allow whatever else resolves there.
 */
export function isAllowedHost(url: URL, allow: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || defaultPort(url.protocol);

  return allow.some((raw) => {
    const entry = parseEntry(raw);
    return entry !== undefined && entry.host === host && (entry.port ?? port) === port;
  });
}

/** Normalises an entry through the URL parser so `LOCALHOST`, `0x7f.1` or `::0:1` match too. */
function parseEntry(raw: string): AllowEntry | undefined {
  const text = raw.trim();
  // A bare IPv6 address has several colons and no brackets; bracket it so URL accepts it.
  const isBareIpv6 = !text.startsWith('[') && (text.match(/:/g)?.length ?? 0) > 1;

  try {
    const url = new URL(`http://${isBareIpv6 ? `[${text}]` : text}`);
    if (url.pathname !== '/' || url.username || url.search) return undefined;

    return { host: url.hostname.toLowerCase(), port: explicitPort(text, url) };
  } catch {
    return undefined;
  }
}

// URL drops an explicit `:80`, yet `host:80` must still pin the port, so read it from the text.
function explicitPort(text: string, url: URL): string | undefined {
  if (url.port) return url.port;

  return /\]:80$|^[^:[\]]*:80$/.test(text) ? '80' : undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}
