// Resolution is a pure function of the URL and the configuration, except for `kind: script`,
// whose module may look at anything. Hot URLs (every cache hit) skip it with a bounded memo.
import type { ConfigShape } from './config-shape.ts';
import { resolveObject } from './resolve.ts';
import type { MortObject } from './types.ts';

const MAX_ENTRIES = 10_000;

export function memoizedResolver(config: ConfigShape): (url: URL) => MortObject {
  const memo = new Map<string, MortObject>();
  return (url) => {
    const id = url.pathname + url.search;
    const known = memo.get(id);
    if (known) return known;

    const object = resolveObject(url, config);
    const kind = config.buckets[object.bucket]?.transform?.kind;
    if (kind !== 'script') {
      // Dropping everything at the bound is crude, and cheap: the memo refills from hot URLs.
      if (memo.size >= MAX_ENTRIES) memo.clear();
      memo.set(id, object);
    }
    return object;
  };
}
