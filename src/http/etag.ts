// Entity-tag parsing and comparison (RFC 9110 §8.8.3, §13.1). Comparison is tolerant of the
// unquoted ETags that stored objects and older clients carry (SPEC §12 item 13): a bare token
// `abc` is read as the strong tag `"abc"`, on both the response and the request side.

/** A parsed entity-tag; `opaque` includes the surrounding quotes. */
export interface EntityTag {
  readonly isWeak: boolean;
  readonly opaque: string;
}

/** Parses one ETag value; undefined for an empty or malformed value. */
export function parseEtag(value: string | null): EntityTag | undefined {
  if (value === null) return undefined;

  const tags = scanList(value);
  return tags.length === 1 && tags[0] !== '*' ? tags[0] : undefined;
}

/** Parses an If-Match / If-None-Match list; `'*'` stands for the wildcard. */
export function parseEtagList(value: string): Array<EntityTag | '*'> {
  return scanList(value);
}

/** Strong comparison: both tags strong and byte-equal (If-Match, If-Range). */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.isWeak && !b.isWeak && a.opaque === b.opaque;
}

/** Weak comparison: opaque parts equal, weakness ignored (If-None-Match). */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

// A quoted opaque-tag may contain commas, so the list is scanned, not split.
function scanList(value: string): Array<EntityTag | '*'> {
  const tags: Array<EntityTag | '*'> = [];
  let rest = value;

  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (rest === '') return tags;

    const match = /^(W\/)?("[^"]*")\s*(?:,|$)/.exec(rest) ?? /^()([^\s,"]+)\s*(?:,|$)/.exec(rest);
    if (!match) return tags;

    const [whole, weak, raw = ''] = match;
    rest = rest.slice(whole.length);
    if (raw === '*' && !weak) {
      tags.push('*');
      continue;
    }

    const opaque = raw.startsWith('"') ? raw : `"${raw}"`;
    tags.push({ isWeak: weak === 'W/', opaque });
  }
}
