// Body digests S3 clients send (`Content-MD5`, `x-amz-checksum-<algorithm>` header or trailer),
// all compared as base64 of the big-endian digest bytes.

import { createHash } from 'node:crypto';

/** An incremental digest. */
export interface BodyDigest {
  update(chunk: Uint8Array): void;
  /** Base64 of the digest; call once, after the last `update`. */
  digestBase64(): string;
}

function fromNodeHash(algorithm: 'md5' | 'sha1' | 'sha256'): BodyDigest {
  const hash = createHash(algorithm);

  return {
    update: (chunk) => void hash.update(chunk),
    digestBase64: () => hash.digest('base64'),
  };
}

function uint32Base64(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}

function crc32(): BodyDigest {
  let crc = 0;

  return {
    update: (chunk) => void (crc = Bun.hash.crc32(chunk, crc)),
    digestBase64: () => uint32Base64(crc),
  };
}

/** Reflected CRC-32C (Castagnoli) table. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);

  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }

  return table;
})();

function crc32c(): BodyDigest {
  let crc = 0xffffffff;

  return {
    update(chunk) {
      for (const byte of chunk) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
    },
    digestBase64: () => uint32Base64(crc ^ 0xffffffff),
  };
}

/**
 * Reflected CRC-64/NVME tables (polynomial 0x9a6c9329ac4bc9b5), split into 32-bit halves so the
 * byte loop avoids BigInt arithmetic.
 */
const CRC64_TABLES = (() => {
  const low = new Uint32Array(256);
  const high = new Uint32Array(256);
  const poly = 0x9a6c9329ac4bc9b5n;

  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    low[n] = Number(c & 0xffffffffn);
    high[n] = Number(c >> 32n);
  }

  return { low, high };
})();

function crc64nvme(): BodyDigest {
  let low = 0xffffffff;
  let high = 0xffffffff;

  return {
    update(chunk) {
      for (const byte of chunk) {
        const index = (low ^ byte) & 0xff;
        low = (((low >>> 8) | (high << 24)) ^ CRC64_TABLES.low[index]!) >>> 0;
        high = ((high >>> 8) ^ CRC64_TABLES.high[index]!) >>> 0;
      }
    },
    digestBase64() {
      const bytes = Buffer.alloc(8);
      bytes.writeUInt32BE((high ^ 0xffffffff) >>> 0, 0);
      bytes.writeUInt32BE((low ^ 0xffffffff) >>> 0, 4);
      return bytes.toString('base64');
    },
  };
}

const FACTORIES: Readonly<Record<string, () => BodyDigest>> = {
  md5: () => fromNodeHash('md5'),
  sha1: () => fromNodeHash('sha1'),
  sha256: () => fromNodeHash('sha256'),
  crc32,
  crc32c,
  crc64nvme,
};

/** Prefix of checksum header and trailer names. */
export const CHECKSUM_PREFIX = 'x-amz-checksum-';

/**
 * A digest for `x-amz-checksum-<algorithm>` (lower-case name) or `content-md5`; undefined for
 * algorithms this server cannot compute (e.g. xxhash), which are then left unverified.
 */
export function digestFor(headerName: string): BodyDigest | undefined {
  if (headerName === 'content-md5') return fromNodeHash('md5');
  if (!headerName.startsWith(CHECKSUM_PREFIX)) return undefined;

  const algorithm = headerName.slice(CHECKSUM_PREFIX.length);
  return Object.hasOwn(FACTORIES, algorithm) ? FACTORIES[algorithm]!() : undefined;
}
