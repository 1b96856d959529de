// Storage calls as Prometheus sees them (SPEC §11.2): a count per call, its duration, and the
// bytes read and written. Wrapped around an adapter only when monitoring is on.
import { metrics } from '../monitoring/metrics.ts';
import type { Storage } from './types.ts';

/** `transform` for a bucket's transform storage, `parent` for originals (SPEC §11.2). */
export type StoredObjectType = 'transform' | 'parent';

export function instrumentStorage(storage: Storage, objectType: StoredObjectType): Storage {
  const kind = storage.kind;
  async function timed<T>(method: string, bucket: string, call: () => Promise<T>): Promise<T> {
    metrics.storageRequest.inc({ method, bucket, storage: kind, object_type: objectType });
    const started = performance.now();
    try {
      return await call();
    } finally {
      metrics.storageTime.observe({ method, storage: kind }, performance.now() - started);
    }
  }

  const wrapped: Storage = {
    kind,
    head: (location) => timed('head', location.bucket, () => storage.head(location)),
    async get(location, options) {
      const result = await timed('get', location.bucket, () => storage.get(location, options));
      const length = Number(result.headers['content-length']);
      if (length > 0) metrics.storageThroughput.inc({ method: 'get', storage: kind }, length);
      return result;
    },
    async put(location, body, options) {
      const result = await timed('set', location.bucket,
        () => storage.put(location, body, options));
      metrics.storageThroughput.inc({ method: 'set', storage: kind }, result.size);
      return result;
    },
    delete: (location) => timed('delete', location.bucket, () => storage.delete(location)),
    list: (bucket, options) => storage.list(bucket, options),
  };
  const presign = storage.presignGet?.bind(storage);
  if (presign) {
    wrapped.presignGet = (location, expires) =>
      timed('presign', location.bucket, () => presign(location, expires));
  }
  return wrapped;
}
