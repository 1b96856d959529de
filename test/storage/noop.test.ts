import { describe, expect, test } from 'bun:test';
import { createStorage } from '../../src/storage/index.ts';
import { runStorageContract } from './contract.ts';
import { expectMortError, text } from './helpers.ts';

runStorageContract(
  'noop',
  { isWritable: true, canList: false, persists: false, keepsMetadata: false },
  async () => ({
    storage: createStorage({ kind: 'noop' }),
    bucket: 'any',
    seed: async () => undefined,
    cleanup: async () => undefined,
  }),
);

describe('storage factory', () => {
  test('kinds without an adapter answer 503 on use instead of failing at creation', async () => {
    for (const kind of ['s3', 'b2', 'google', 'azure', 'sftp', 'oracle']) {
      const storage = createStorage({ kind });

      expect(storage.kind).toBe(kind);
      const error = await expectMortError(storage.get({ bucket: 'b', key: '/a' }), 'unavailable');
      expect(error.status).toBe(503);
      await expectMortError(storage.put({ bucket: 'b', key: '/a' }, text('x')), 'unavailable');
    }
  });

  test('known kinds get their adapter', () => {
    expect(createStorage({ kind: 'noop' }).kind).toBe('noop');
    expect(createStorage({ kind: 'local', rootPath: '/tmp' }).kind).toBe('local');
    expect(createStorage({ kind: 'local-meta', rootPath: '/tmp' }).kind).toBe('local-meta');
    expect(createStorage({ kind: 'http', url: 'http://127.0.0.1/<item>' }).kind).toBe('http');
  });
});
