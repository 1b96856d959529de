// MurmurHash3_x64_128 (Austin Appleby's public-domain algorithm), written with BigInt so it
// matches the Go reference bit for bit. Inputs are short (8 bytes, or a few keys for
// `hashParent`), so BigInt speed is not a concern here.

const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

function rotl64(x: bigint, r: bigint): bigint {
  return u64((x << r) | (x >> (64n - r)));
}

function fmix64(k: bigint): bigint {
  k ^= k >> 33n;
  k = u64(k * 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = u64(k * 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}

function mixK1(k1: bigint): bigint {
  return u64(rotl64(u64(k1 * C1), 31n) * C2);
}

function mixK2(k2: bigint): bigint {
  return u64(rotl64(u64(k2 * C2), 33n) * C1);
}

/** Little-endian integer from up to 8 bytes starting at `start`. */
function readTailLE(data: Uint8Array, start: number, end: number): bigint {
  let k = 0n;
  for (let i = end - 1; i >= start; i--) k = (k << 8n) | BigInt(data[i] ?? 0);
  return k;
}

/**
 * MurmurHash3_x64_128 of `data`; both halves start from `seed` (as Go's murmur3 does).
 * Returns `[h1, h2]` as unsigned 64-bit BigInts.
 */
export function murmur3x64_128(data: Uint8Array, seed: number | bigint = 0): [bigint, bigint] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const blockCount = Math.floor(data.length / 16);
  let h1 = BigInt.asUintN(32, BigInt(seed));
  let h2 = h1;

  for (let i = 0; i < blockCount; i++) {
    const k1 = view.getBigUint64(i * 16, true);
    const k2 = view.getBigUint64(i * 16 + 8, true);

    h1 ^= mixK1(k1);
    h1 = u64(rotl64(h1, 27n) + h2);
    h1 = u64(h1 * 5n + 0x52dce729n);

    h2 ^= mixK2(k2);
    h2 = u64(rotl64(h2, 31n) + h1);
    h2 = u64(h2 * 5n + 0x38495ab5n);
  }

  const tail = blockCount * 16;
  const remaining = data.length - tail;
  if (remaining > 8) h2 ^= mixK2(readTailLE(data, tail + 8, data.length));
  if (remaining > 0) h1 ^= mixK1(readTailLE(data, tail, tail + Math.min(remaining, 8)));

  const length = BigInt(data.length);
  h1 ^= length;
  h2 ^= length;
  h1 = u64(h1 + h2);
  h2 = u64(h2 + h1);
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = u64(h1 + h2);
  h2 = u64(h2 + h1);
  return [h1, h2];
}
