import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MortError } from '../../src/errors.ts';
import {
  fetchWatermark,
  WatermarkCache,
  type WatermarkFetchOptions,
} from '../../src/fetch/index.ts';
import { expectRefusal, patternBytes, sleep } from './helpers.ts';

let dir = '';
const image = patternBytes(3000);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mort-fetch-'));
  await writeFile(join(dir, 'wm.png'), image);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(overrides: Partial<WatermarkFetchOptions>): WatermarkFetchOptions {
  const cache = new WatermarkCache({ maxEntries: 0 });
  return { fromQuery: false, allow: [], cache, ...overrides };
}

describe('preset file paths', () => {
  test('reads a local file', async () => {
    expect(await fetchWatermark(join(dir, 'wm.png'), options({}))).toEqual(image);
  });

  test('refuses a missing file without naming it', async () => {
    const err = await expectRefusal(
      fetchWatermark(join(dir, 'missing.png'), options({})),
      'watermark could not be fetched',
    );

    expect(err.detail).toContain('ENOENT');
  });

  test('refuses a directory', async () => {
    await expectRefusal(fetchWatermark(dir, options({})), 'watermark could not be fetched');
  });

  test('applies the size limit', async () => {
    await expectRefusal(
      fetchWatermark(join(dir, 'wm.png'), options({ maxBytes: 2999 })),
      'watermark too large',
    );
  });
});

describe('query paths', () => {
  test('refuses an absolute path even when the file exists', async () => {
    const seen: string[] = [];
    const readRelative = async (path: string) => {
      seen.push(path);
      return image;
    };

    await expectRefusal(
      fetchWatermark(join(dir, 'wm.png'), options({ fromQuery: true, readRelative })),
      'watermark source not allowed',
    );
    expect(seen).toHaveLength(0);
  });

  test('reads a relative path through readRelative, never from disk', async () => {
    const seen: string[] = [];
    const readRelative = async (path: string) => {
      seen.push(path);
      return image;
    };

    const bytes = await fetchWatermark('wm.png', options({ fromQuery: true, readRelative }));

    expect(bytes).toEqual(image);
    expect(seen).toEqual(['wm.png']);
  });

  test('refuses a relative path when no storage reader is given', async () => {
    await expectRefusal(
      fetchWatermark('wm.png', options({ fromQuery: true })),
      'watermark source not allowed',
    );
  });

  test('turns a storage failure (even a 404) into a 400', async () => {
    const readRelative = async (): Promise<Uint8Array> => {
      throw new MortError('not_found', 'object not found');
    };

    const err = await expectRefusal(
      fetchWatermark('logo.png', options({ fromQuery: true, readRelative })),
      'watermark could not be fetched',
    );

    expect(err.detail).toContain('object not found');
  });

  test('applies the size limit and the timeout to storage reads', async () => {
    const big = async () => patternBytes(2048);
    const slow = async () => {
      await sleep(2000);
      return image;
    };

    await expectRefusal(
      fetchWatermark('big.png', options({ fromQuery: true, readRelative: big, maxBytes: 1024 })),
      'watermark too large',
    );
    const err = await expectRefusal(
      fetchWatermark('slow.png', options({ fromQuery: true, readRelative: slow, timeoutMs: 100 })),
      'watermark could not be fetched',
    );
    expect(err.detail).toBe('timed out after 100 ms');
  });
});
