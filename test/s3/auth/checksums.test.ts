// Body digests match the AWS SDK's own implementations and the published check values.

import { describe, expect, test } from 'bun:test';
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { createHash } from 'node:crypto';

import { digestFor } from '../../../src/s3/auth/checksums.ts';

const CHECK_INPUT = new TextEncoder().encode('123456789');

function digest(name: string, ...pieces: Uint8Array[]): string {
  const body = digestFor(name);
  if (body === undefined) throw new Error(`no digest for ${name}`);

  for (const piece of pieces) body.update(piece);
  return body.digestBase64();
}

async function sdkDigest(Ctor: typeof Crc32c | typeof Crc64Nvme, data: Uint8Array) {
  const hash = new Ctor();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('base64');
}

const hex = (value: string) => Buffer.from(value, 'hex').toString('base64');

describe('checksum digests', () => {
  test('CRC check values of "123456789"', () => {
    expect(digest('x-amz-checksum-crc32', CHECK_INPUT)).toBe(hex('cbf43926'));
    expect(digest('x-amz-checksum-crc32c', CHECK_INPUT)).toBe(hex('e3069283'));
    expect(digest('x-amz-checksum-crc64nvme', CHECK_INPUT)).toBe(hex('ae8b14860a799888'));
  });

  test('CRC32C and CRC64NVME equal the SDK implementations over pieces', async () => {
    const data = new Uint8Array(100_003).map((_, i) => (i * 7919) % 251);
    const pieces = [data.subarray(0, 1), data.subarray(1, 5000), data.subarray(5000)];

    expect(digest('x-amz-checksum-crc32c', ...pieces)).toBe(await sdkDigest(Crc32c, data));
    expect(digest('x-amz-checksum-crc64nvme', ...pieces)).toBe(await sdkDigest(Crc64Nvme, data));
  });

  test('SHA-1, SHA-256 and Content-MD5 are base64 of the digest', () => {
    for (const [name, algorithm] of [
      ['x-amz-checksum-sha1', 'sha1'],
      ['x-amz-checksum-sha256', 'sha256'],
      ['content-md5', 'md5'],
    ] as const) {
      const expected = createHash(algorithm).update(CHECK_INPUT).digest('base64');
      expect(digest(name, CHECK_INPUT)).toBe(expected);
    }
  });

  test('unknown algorithms and non-checksum headers have no digest', () => {
    for (const name of ['x-amz-checksum-xxhash64', 'x-amz-checksum-mode', 'x-amz-checksum-type']) {
      expect(digestFor(name)).toBeUndefined();
    }
    expect(digestFor('content-type')).toBeUndefined();
  });
});
