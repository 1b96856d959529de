// Archived objects (SPEC §6.12): the s3 adapter against a stand-in endpoint that answers like
// S3 does for GLACIER and DEEP_ARCHIVE objects, and the request-flow answer in
// src/processor/glacier.ts.

import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import {
  ArchivedObjectError,
  GlacierRestores,
  handleArchived,
  isArchivedObjectError,
  type GlacierMetrics,
  type GlacierSettings,
  type RestoreStatus,
  type RestoreStatusStore,
} from '../../src/processor/glacier.ts';
import { createS3Storage, type S3Storage } from '../../src/storage/s3.ts';
import { startGlacierStub, type GlacierStub } from './s3-glacier-stub.ts';

const enabled: GlacierSettings = {
  enabled: true,
  restoreTier: 'Bulk',
  restoreDays: 7,
  retryAfterSeconds: 43200,
};

let stub: GlacierStub;
let storage: S3Storage;

beforeEach(() => {
  stub = startGlacierStub();
  storage = createS3Storage({
    kind: 's3',
    endpoint: stub.endpoint,
    accessKey: 'key',
    secretAccessKey: 'secret',
    pathPrefix: 'originals',
  });
});

afterEach(() => {
  stub.stop();
});

async function archivedError(key: string): Promise<ArchivedObjectError> {
  const error = await storage.get({ bucket: 'media', key }).catch((caught: unknown) => caught);
  if (!isArchivedObjectError(error)) throw new Error(`expected ArchivedObjectError: ${error}`);

  return error;
}

describe('s3 adapter and archived objects', () => {
  test('GET of a GLACIER object is an ArchivedObjectError with status 503', async () => {
    const error = await archivedError('/photo.jpg');

    expect(error.status).toBe(503);
    expect(error.storageClass).toBe('GLACIER');
    expect(error.location).toEqual({ bucket: 'media', key: '/photo.jpg' });
  });

  test('GET of a DEEP_ARCHIVE object names that class', async () => {
    expect((await archivedError('/deep/photo.jpg')).storageClass).toBe('DEEP_ARCHIVE');
  });

  test('HEAD of an archived object still answers with its metadata', async () => {
    const head = await storage.head({ bucket: 'media', key: '/photo.jpg' });

    expect(head.metadata.size).toBe(1234);
    expect(head.headers['content-type']).toBe('image/jpeg');
  });

  test('restore sends RestoreObject with the days and tier for the storage key', async () => {
    await storage.restore({ bucket: 'media', key: '/a b.jpg' }, 5, 'Expedited');

    expect(stub.restores).toHaveLength(1);
    expect(stub.restores[0]?.path).toBe('/media/originals/a%20b.jpg');
    expect(stub.restores[0]?.body).toContain('<Days>5</Days>');
    expect(stub.restores[0]?.body).toContain('<Tier>Expedited</Tier>');
  });

  test('a failing restore is a MortError', async () => {
    stub.restoreStatus = 500;

    const error = await storage
      .restore({ bucket: 'media', key: '/a.jpg' }, 1, 'Standard')
      .catch((caught: unknown) => caught);

    expect((error as { status?: number }).status).toBeGreaterThanOrEqual(500);
  });
});

describe('answering archived objects', () => {
  function countingMetrics() {
    const counts = { detected: 0, initiated: 0 };
    const metrics: GlacierMetrics = {
      errorDetected: () => counts.detected++,
      restoreInitiated: () => counts.initiated++,
    };

    return { counts, metrics };
  }

  test('answers 503 with Retry-After and the X-Mort headers and restores once', async () => {
    const { counts, metrics } = countingMetrics();
    const restores = new GlacierRestores({ metrics });

    const first = await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();
    const second = await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();

    for (const response of [first, second]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('43200');
      expect(response.headers.get('x-mort-glacier-status')).toBe('restoring');
      expect(response.headers.get('x-mort-glacier-tier')).toBe('Bulk');
      expect(response.headers.get('x-mort-storage-class')).toBe('GLACIER');
    }
    expect(stub.restores).toHaveLength(1);
    expect(stub.restores[0]?.body).toContain('<Days>7</Days>');
    expect(stub.restores[0]?.body).toContain('<Tier>Bulk</Tier>');
    expect(counts).toEqual({ detected: 2, initiated: 1 });
  });

  test('the restore status is kept per bucket and key for Retry-After plus a day', async () => {
    const saved: { key: string; status: RestoreStatus; ttlSeconds: number }[] = [];
    const store: RestoreStatusStore = {
      get: async () => undefined,
      set: async (key, status, ttlSeconds) => {
        saved.push({ key, status, ttlSeconds });
      },
    };
    const restores = new GlacierRestores({ store, now: () => 5_000 });

    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();

    expect(saved).toEqual([
      {
        key: 'mort:glacier:restore:media/photo.jpg',
        status: {
          key: 'mort:glacier:restore:media/photo.jpg',
          requestedAt: 5_000,
          expiresAt: 5_000 + 43200 * 1000,
          inProgress: true,
        },
        ttlSeconds: 43200 + 86400,
      },
    ]);
  });

  test('concurrent requests for one object start a single restore', async () => {
    stub.restoreDelayMs = 100;
    const restores = new GlacierRestores();
    const error = await archivedError('/photo.jpg');

    await Promise.all([1, 2, 3].map(() => restores.answer(error, enabled)));
    await restores.idle();

    expect(stub.restores).toHaveLength(1);
  });

  test('DEEP_ARCHIVE objects are answered with their class', async () => {
    const restores = new GlacierRestores();

    const response = await restores.answer(await archivedError('/deep/scan.jpg'), {
      ...enabled,
      restoreTier: 'Standard',
      retryAfterSeconds: 14400,
    });
    await restores.idle();

    expect(response.headers.get('x-mort-storage-class')).toBe('DEEP_ARCHIVE');
    expect(response.headers.get('x-mort-glacier-tier')).toBe('Standard');
    expect(response.headers.get('retry-after')).toBe('14400');
    expect(stub.restores.map((call) => call.path)).toEqual(['/media/originals/deep/scan.jpg']);
  });

  test('with glacier disabled the answer is a plain 503 and nothing is restored', async () => {
    const { counts, metrics } = countingMetrics();
    const restores = new GlacierRestores({ metrics });

    const response = await restores.answer(await archivedError('/photo.jpg'), {
      ...enabled,
      enabled: false,
    });
    await restores.idle();

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('x-mort-glacier-status')).toBeNull();
    expect(response.headers.get('x-mort-storage-class')).toBeNull();
    expect(stub.restores).toHaveLength(0);
    expect(counts.detected).toBe(1);
  });

  test('without a glacier config the answer is a plain 503', async () => {
    const response = await handleArchived(await archivedError('/photo.jpg'), {
      glacier: undefined,
    });

    expect(response.status).toBe(503);
    expect(response.headers.get('x-mort-glacier-status')).toBeNull();
    expect(stub.restores).toHaveLength(0);
  });

  test('a failed restore is not remembered: the next request asks again', async () => {
    stub.restoreStatus = 500;
    const restores = new GlacierRestores();

    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();
    stub.restoreStatus = 202;
    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();

    // The SDK retries a 500 up to 3 times, so the first answer may have sent several.
    expect(stub.restores.length).toBeGreaterThan(1);
    const sent = stub.restores.length;
    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();
    expect(stub.restores).toHaveLength(sent);
  });

  test('once Retry-After has passed the restore is requested again', async () => {
    let now = 1_000_000;
    const restores = new GlacierRestores({ now: () => now });

    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();
    now += (enabled.retryAfterSeconds - 1) * 1000;
    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();
    expect(stub.restores).toHaveLength(1);

    now += 2000;
    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();
    expect(stub.restores).toHaveLength(2);
  });

  test('equal keys in two buckets are restored separately', async () => {
    const restores = new GlacierRestores();
    const other = createS3Storage({ kind: 's3', endpoint: stub.endpoint, accessKey: 'k',
      secretAccessKey: 's' });
    const otherError = await other.get({ bucket: 'other', key: '/photo.jpg' }).catch((e) => e);

    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.answer(otherError as ArchivedObjectError, enabled);
    await restores.idle();

    expect(stub.restores.map((call) => call.path).sort()).toEqual([
      '/media/originals/photo.jpg',
      '/other/photo.jpg',
    ]);
  });

  test('the restore runs through the given background runner', async () => {
    const names: string[] = [];
    const restores = new GlacierRestores({
      runInBackground: (name, task) => {
        names.push(name);
        void task();
        return true;
      },
    });

    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();

    expect(names).toEqual(['glacier restore']);
    expect(stub.restores).toHaveLength(1);
  });

  test('a full background queue skips the restore until a later request', async () => {
    let isFull = true;
    const restores = new GlacierRestores({
      runInBackground: (_name, task) => {
        if (isFull) return false;
        void task();
        return true;
      },
    });

    await restores.answer(await archivedError('/photo.jpg'), enabled);
    isFull = false;
    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();

    expect(stub.restores).toHaveLength(1);
  });

  test('a restore that does not answer in time is given up and not remembered', async () => {
    stub.restoreDelayMs = 500;
    const restores = new GlacierRestores({ timeoutMs: 50 });

    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();
    stub.restoreDelayMs = 0;
    await restores.answer(await archivedError('/photo.jpg'), enabled);
    await restores.idle();

    expect(stub.restores.length).toBeGreaterThanOrEqual(2);
  });
});
