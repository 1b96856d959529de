// Streaming encoders for the compress plugin. node:zlib is used rather than CompressionStream
// because only it takes a level; Bun's node:zlib has gzip, brotli and zstd.

import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import type { Coding } from './accept-encoding.ts';

// Go's klauspost/zstd speed bands (SPEC §9.2) expressed as zstd levels: SpeedFastest ≈ 1,
// SpeedDefault ≈ 3, SpeedBestCompression ≈ 11 (per that library's documentation).
const ZSTD_FASTEST = 1;
const ZSTD_DEFAULT = 3;
const ZSTD_BEST = 11;

/** A TransformStream that encodes its input with `coding` at the configured `level`. */
export function encoderStream(
  coding: Coding,
  level: number,
): TransformStream<Uint8Array, Uint8Array> {
  return fromNodeTransform(createCodec(coding, level));
}

/** zstd level for a configured level: 1–4 fastest, 5–7 default, ≥ 8 best, else default. */
export function zstdLevel(level: number): number {
  if (level >= 1 && level <= 4) return ZSTD_FASTEST;
  if (level >= 8) return ZSTD_BEST;

  return ZSTD_DEFAULT;
}

/** Brotli quality: the level clamped to 0–11, as Go's brotli writer does. */
export function brotliQuality(level: number): number {
  return Math.min(Math.max(Math.trunc(level), 0), 11);
}

/** gzip level: 1–9 as configured; anything else means zlib's default. */
export function gzipLevel(level: number): number {
  return Number.isInteger(level) && level >= 1 && level <= 9
    ? level
    : zlib.constants.Z_DEFAULT_COMPRESSION;
}

function createCodec(coding: Coding, level: number): Transform {
  const { constants } = zlib;

  switch (coding) {
    case 'br':
      return zlib.createBrotliCompress({
        params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality(level) },
      });
    case 'zstd':
      return zlib.createZstdCompress({
        params: { [constants.ZSTD_c_compressionLevel]: zstdLevel(level) },
      });
    case 'gzip':
      return zlib.createGzip({ level: gzipLevel(level) });
  }
}

// The transformer `cancel` hook (WHATWG Streams, 2023) runs in Bun but is missing from the
// TypeScript lib types.
interface CancellableTransformer<I, O> extends Transformer<I, O> {
  cancel(reason: unknown): void;
}

// Bridges a Node transform into a web TransformStream. The web side's backpressure holds back
// `transform`, and a cancelled reader destroys the codec (freeing its native state) while
// pipeThrough cancels the source body.
function fromNodeTransform(codec: Transform): TransformStream<Uint8Array, Uint8Array> {
  let isDone = false;
  const transformer: CancellableTransformer<Uint8Array, Uint8Array> = {
    start(controller) {
      codec.on('data', (chunk: Buffer) => {
        if (isDone) return;

        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      });
      codec.on('error', (error) => {
        if (isDone) return;

        isDone = true;
        controller.error(error);
      });
    },
    transform(chunk) {
      return new Promise<void>((resolve, reject) => {
        codec.write(chunk, (error) => (error ? reject(error) : resolve()));
      });
    },
    flush() {
      return new Promise<void>((resolve, reject) => {
        codec.once('end', () => {
          isDone = true;
          resolve();
        });
        codec.once('error', reject);
        codec.end();
      });
    },
    cancel() {
      isDone = true;
      codec.destroy();
    },
  };

  return new TransformStream(transformer);
}
