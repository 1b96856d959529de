// The s3 storage adapter against a second instance of this product acting as the object store:
// the shared contract, then a product instance whose originals live behind the other's S3 API,
// including the maxFileSize redirect to a presigned URL that the store verifies.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createStorage } from '../../src/storage/index.ts';
import { describeImage, fixture } from '../helpers/images.ts';
import { startTestServer, tempDir, type TestServer } from '../helpers/server.ts';
import { runStorageContract } from './contract.ts';

const KEYS = { accessKey: 'AKIASTORE', secretAccessKey: 'store-secret-key' };
let store: TestServer;
let storeDir: string;

beforeAll(async () => {
  storeDir = tempDir('mort-store-');
  for (const bucket of ['contract', 'originals']) mkdirSync(join(storeDir, 'data', bucket),
    { recursive: true });
  store = await startTestServer(`
buckets:
  contract:
    keys: [{ accessKey: "${KEYS.accessKey}", secretAccessKey: "${KEYS.secretAccessKey}" }]
    storages:
      basic: { kind: "local-meta", rootPath: "${storeDir}/data" }
  originals:
    keys: [{ accessKey: "${KEYS.accessKey}", secretAccessKey: "${KEYS.secretAccessKey}" }]
    storages:
      basic: { kind: "local-meta", rootPath: "${storeDir}/data" }
`);
});

afterAll(async () => {
  await store.close();
  rmSync(storeDir, { recursive: true, force: true });
});

const definition = () => ({ kind: 's3' as const, endpoint: store.url, region: 'us-east-1',
  ...KEYS });

runStorageContract('s3 (against a second instance of the product)',
  { isWritable: true, canList: true, persists: true, keepsMetadata: true }, async () => {
    const storage = createStorage(definition());
    const bucket = 'contract';
    return {
      storage,
      bucket,
      seed: async (key, bytes, type, meta) => {
        await storage.put({ bucket, key }, bytes, { contentType: type, metadata: meta });
      },
      cleanup: async () => {
        rmSync(join(storeDir, 'data', bucket), { recursive: true, force: true });
        mkdirSync(join(storeDir, 'data', bucket), { recursive: true });
      },
    };
  });

describe('a product whose originals are in another product over S3', () => {
  let front: TestServer;

  beforeAll(async () => {
    await Bun.write(join(storeDir, 'data', 'originals', 'coffee.jpg'),
      await fixture('coffee.jpg'));
    await Bun.write(join(storeDir, 'data', 'originals', 'small.jpg'),
      await fixture('small.jpg'));
    front = await startTestServer(`
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic:
        kind: "s3"
        endpoint: "${store.url}"
        region: "us-east-1"
        bucket: "originals"
        accessKey: "${KEYS.accessKey}"
        secretAccessKey: "${KEYS.secretAccessKey}"
      transform: { kind: "local-meta", rootPath: "\${DIR}" }
`, { server: '  maxFileSize: 60000\n' });
  });

  afterAll(() => front.close());

  test('originals stream through, transforms render from the S3 parent', async () => {
    const small = await front.fetch('/media/small.jpg');
    expect(small.status).toBe(200);
    expect(Buffer.from(await small.arrayBuffer()).equals(Buffer.from(await fixture('small.jpg'))))
      .toBe(true);
    const rendered = await front.fetch('/media/coffee.jpg?width=120');
    expect(rendered.status).toBe(200);
    expect(await describeImage(new Uint8Array(await rendered.arrayBuffer())))
      .toMatchObject({ width: 120, height: 80 });
  });

  test('originals above maxFileSize redirect to a presigned URL the store accepts', async () => {
    const response = await front.fetch('/media/coffee.jpg', { redirect: 'manual' });
    expect(response.status).toBe(307);
    const location = response.headers.get('location')!;
    expect(location).toContain('X-Amz-Signature=');
    const followed = await fetch(location);
    expect(followed.status).toBe(200);
    expect((await followed.arrayBuffer()).byteLength).toBe(71285);
    const tampered = await fetch(location.replace('coffee.jpg', 'small.jpg'));
    expect(tampered.status).toBe(403);
    await tampered.arrayBuffer();
  });
});
