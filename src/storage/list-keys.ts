// S3 ListObjects semantics over a set of keys, independent of the backend: prefix filter,
// delimiter roll-up into common prefixes, marker, and one page of maxKeys items.

/** One page of keys; entries are still bare keys, the caller fetches their metadata. */
export interface KeyPage {
  objectKeys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextMarker: string | undefined;
}

export interface KeyPageOptions {
  prefix: string;
  delimiter: string | undefined;
  marker: string | undefined;
  maxKeys: number;
}

/** Selects one page from `keys` (any order, duplicates allowed). */
export function selectKeyPage(keys: Iterable<string>, options: KeyPageOptions): KeyPage {
  const { prefix, delimiter, marker = '' } = options;
  const items = new Map<string, boolean>();

  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;

    const rollUpAt = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (rollUpAt < 0) {
      items.set(key, items.get(key) ?? false);
      continue;
    }

    items.set(key.slice(0, rollUpAt + (delimiter ?? '').length), true);
  }

  const sorted = [...items.keys()].sort(compareUtf8).filter((item) => {
    // A common prefix that contains the marker was already returned on an earlier page.
    const isPrefix = items.get(item) === true;
    return compareUtf8(item, marker) > 0 && !(isPrefix && marker.startsWith(item));
  });

  const page = sorted.slice(0, Math.max(options.maxKeys, 0));
  const isTruncated = page.length < sorted.length;

  return {
    objectKeys: page.filter((item) => items.get(item) === false),
    commonPrefixes: page.filter((item) => items.get(item) === true),
    isTruncated,
    nextMarker: isTruncated ? page.at(-1) : undefined,
  };
}

/** S3 orders keys by their UTF-8 bytes, which differs from JS UTF-16 order for some text. */
export function compareUtf8(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}
