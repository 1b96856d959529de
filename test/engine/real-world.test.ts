// Real-world inputs: orientation, colour spaces, bit depths, transparency, animation.
import { describe, expect, test } from 'bun:test';
import sharp from 'sharp';
import { metadata, render } from '../../src/engine/index.ts';
import { describeImage, fixture, pixelAt, psnr } from '../helpers/images.ts';

describe('real-world images', () => {
  test('EXIF-rotated photo comes out upright without an orientation tag', async () => {
    const input = await fixture('coffee-exif6.jpg'); // stored 400x600, displays 600x400
    expect(await metadata(input)).toMatchObject({ width: 400, height: 600, orientation: 6 });
    const out = await render(input, { records: [{ width: 300 }], output: {} });
    expect([out.width, out.height]).toEqual([300, 200]);
    expect((await describeImage(out.data)).orientation ?? 1).toBe(1);
    const upright = await sharp(await fixture('coffee.jpg')).resize(300).toBuffer();
    expect(await psnr(out.data, upright)).toBeGreaterThan(28);
  });

  test('an explicit rotation ignores EXIF orientation', async () => {
    const out = await render(await fixture('coffee-exif6.jpg'),
      { records: [{ rotate: 90 }], output: {} });
    expect([out.width, out.height]).toEqual([600, 400]);
    expect((await describeImage(out.data)).orientation ?? 1).toBe(1);
  });

  test('CMYK JPEG comes out right in sRGB', async () => {
    const rgb = await fixture('coffee.jpg');
    const cmyk = await sharp(rgb).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await describeImage(cmyk)).space).toBe('cmyk');
    const out = await render(cmyk, { records: [{ width: 300 }], output: {} });
    expect((await describeImage(out.data)).space).toBe('srgb');
    const reference = await sharp(rgb).resize(300).toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(20);
  });

  test('transparent PNG to JPEG gets a white background, or the configured one', async () => {
    // A fully transparent canvas with an opaque square in the middle.
    const square = await sharp({ create: { width: 40, height: 40, channels: 3,
      background: '#0000ff' } }).png().toBuffer();
    const input = await sharp({ create: { width: 100, height: 100, channels: 4,
      background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: square, left: 30, top: 30 }]).png().toBuffer();
    expect((await pixelAt(input, 0, 0))[3]).toBe(0);
    const white = await render(input, { records: [], output: { format: 'jpeg' } });
    expect((await pixelAt(white.data, 0, 0)).every((v) => v > 245)).toBe(true);
    const red = await render(input, { records: [],
      output: { format: 'jpeg', background: [255, 0, 0] } });
    const [r, g, b] = await pixelAt(red.data, 0, 0);
    expect(r).toBeGreaterThan(240);
    expect(g! + b!).toBeLessThan(30);
  });

  test('16-bit PNG decodes and comes out 8-bit', async () => {
    const deep = await sharp(await fixture('chelsea.png')).toColourspace('rgb16').png()
      .toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const out = await render(deep, { records: [{ width: 200 }], output: {} });
    expect((await sharp(out.data).metadata()).depth).toBe('uchar');
    const reference = await sharp(await fixture('chelsea.png')).resize(200).png().toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(35);
  });

  test('greyscale input stays greyscale', async () => {
    const grey = await sharp(await fixture('coffee.jpg')).grayscale().png().toBuffer();
    const out = await render(grey, { records: [{ width: 100 }], output: { format: 'webp' } });
    expect([out.width, out.height, out.format]).toEqual([100, 67, 'webp']);
  });

  test('progressive JPEG decodes', async () => {
    const input = await fixture('astronaut-progressive.jpg');
    expect((await describeImage(input)).isProgressive).toBe(true);
    const out = await render(input, { records: [{ width: 256 }], output: {} });
    expect([out.width, out.height]).toEqual([256, 256]);
    const reference = await sharp(input).resize(256).toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(30);
  });

  test('an embedded colour profile is honoured and the output is sRGB', async () => {
    const p3 = await sharp(await fixture('coffee.jpg')).withIccProfile('p3').toBuffer();
    expect((await describeImage(p3)).hasProfile).toBe(true);
    const out = await render(p3, { records: [{ width: 300 }], output: { strip: true } });
    const reference = await sharp(p3).resize(300).toColourspace('srgb').toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(30);
  });
});

describe('animation', () => {
  async function animated(format: 'gif' | 'webp'): Promise<Buffer> {
    const frames = await Promise.all(['#ff0000', '#00ff00', '#0000ff'].map((background) =>
      sharp({ create: { width: 80, height: 60, channels: 3, background } }).png().toBuffer()));
    return sharp(frames, { join: { animated: true } })[format]({ loop: 0 }).toBuffer();
  }

  for (const format of ['gif', 'webp'] as const) {
    test(`animated ${format} keeps its frames`, async () => {
      const input = await animated(format);
      expect(await metadata(input)).toMatchObject({ pages: 3, width: 80, height: 60 });
      const out = await render(input, { records: [{ width: 40 }], output: {} });
      expect([out.width, out.height, out.pages]).toEqual([40, 30, 3]);
      expect(await describeImage(out.data)).toMatchObject({ pages: 3, width: 40, height: 30 });
    });
  }

  test('animated GIF to WebP stays animated; to JPEG takes the first frame', async () => {
    const input = await animated('gif');
    const webp = await render(input, { records: [], output: { format: 'webp' } });
    expect(webp.pages).toBe(3);
    const jpeg = await render(input, { records: [], output: { format: 'jpeg' } });
    expect([jpeg.pages, jpeg.width, jpeg.height]).toEqual([1, 80, 60]);
    const [r, g] = await pixelAt(jpeg.data, 40, 30);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(60);
  });

  test('cropping an animation cuts every frame alike', async () => {
    const out = await render(await animated('gif'), { records: [{ width: 30, height: 30,
      crop: true, gravity: 'smart' }], output: {} });
    expect([out.width, out.height, out.pages]).toEqual([30, 30, 3]);
  });
});
