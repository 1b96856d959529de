// The 64-bit accumulator every setter writes to (SPEC §5.1), and the transform hash `h64`
// derived from it. Result keys, placeholder keys and debug output all depend on these exact
// bits, so everything is BigInt arithmetic modulo 2^64.

import { murmur3x64_128 } from './murmur3.ts';

const FNV_PRIME = 1099511628211n;
const START_VALUE = 1231n;
const H64_SEED = 20171108;

/** Accumulates setter values: `acc = (acc XOR v) * 1099511628211 mod 2^64`. */
export class Accumulator {
  #value = 0n;

  /** Current 64-bit value; 0 means nothing was written yet. */
  get value(): bigint {
    return this.#value;
  }

  /** Writes values in order; negative inputs wrap to their two's-complement 64-bit form. */
  write(...values: Array<number | bigint>): void {
    if (this.#value === 0n) this.#value = START_VALUE;
    for (const v of values) {
      const word = BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(v));
      this.#value = BigInt.asUintN(64, (this.#value ^ word) * FNV_PRIME);
    }
  }

  /** Copy with the same value, for cloning records. */
  clone(): Accumulator {
    const copy = new Accumulator();
    copy.#value = this.#value;
    return copy;
  }
}

/** The 8 bytes of a 64-bit value, big-endian (SPEC's `be8`). */
export function be8(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), false);
  return bytes;
}

/** `h64`: h1 of MurmurHash3_x64_128, seed 20171108, over the 8 little-endian bytes of `acc`. */
export function transformHash(acc: bigint): bigint {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, acc), true);
  return murmur3x64_128(bytes, H64_SEED)[0];
}

/** Lowercase hex without leading zeros (SPEC's `hex64`), as Go's FormatUint(h, 16). */
export function hex64(value: bigint): string {
  return BigInt.asUintN(64, value).toString(16);
}
