// Fixtures and pixel comparison for tests. sharp is the reference implementation.
import sharp from 'sharp';
import { join } from 'node:path';

export const fixturesDir = join(import.meta.dir, '..', 'fixtures');

export async function fixture(name: string): Promise<Uint8Array> {
  return new Uint8Array(await Bun.file(join(fixturesDir, name)).arrayBuffer());
}

/**
 * Peak signal-to-noise ratio in dB between two encoded images of the same size, compared as
 * 8-bit sRGB over white. Identical images give Infinity; above ~30 dB is visually the same.
 */
export async function psnr(a: Uint8Array, b: Uint8Array): Promise<number> {
  const decode = (input: Uint8Array) =>
    sharp(input).flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha()
      .raw().toBuffer({ resolveWithObject: true });
  const [left, right] = await Promise.all([decode(a), decode(b)]);
  if (left.info.width !== right.info.width || left.info.height !== right.info.height) {
    throw new Error(`sizes differ: ${left.info.width}x${left.info.height} vs ` +
      `${right.info.width}x${right.info.height}`);
  }
  let squares = 0;
  for (let i = 0; i < left.data.length; i++) {
    const diff = left.data[i]! - right.data[i]!;
    squares += diff * diff;
  }
  const mse = squares / left.data.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

export async function describeImage(input: Uint8Array) {
  const meta = await sharp(input, { animated: true }).metadata();
  return {
    width: meta.width,
    height: meta.pageHeight ?? meta.height,
    format: meta.format,
    pages: meta.pages ?? 1,
    channels: meta.channels,
    space: meta.space,
    orientation: meta.orientation,
    isProgressive: meta.isProgressive,
    hasProfile: meta.hasProfile,
  };
}

/** The sRGB value of one pixel, for checks of backgrounds and colours. */
export async function pixelAt(input: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(input).toColourspace('srgb').raw()
    .toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return Array.from(data.subarray(offset, offset + info.channels));
}
