// Each operation on real images: output size and format, and pixels close to sharp doing the
// same operation.
import { describe, expect, test } from 'bun:test';
import sharp from 'sharp';
import { render, type RenderPlan } from '../../src/engine/index.ts';
import { describeImage, fixture, pixelAt, psnr } from '../helpers/images.ts';

const plan = (records: RenderPlan['records'], output: RenderPlan['output'] = {}): RenderPlan =>
  ({ records, output });

describe('resize', () => {
  test('width only keeps the aspect ratio and matches sharp', async () => {
    const input = await fixture('coffee.jpg');
    const out = await render(input, plan([{ width: 300 }]));
    expect([out.width, out.height, out.format]).toEqual([300, 200, 'jpeg']);
    const reference = await sharp(input).resize(300).jpeg({ quality: 75 }).toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(32);
  });

  test('height only', async () => {
    const out = await render(await fixture('chelsea.png'), plan([{ height: 150 }]));
    expect([out.width, out.height, out.format]).toEqual([226, 150, 'png']);
  });

  test('both sides force the exact size, as Mort does', async () => {
    const input = await fixture('coffee.jpg');
    const out = await render(input, plan([{ width: 100, height: 100 }]));
    expect([out.width, out.height]).toEqual([100, 100]);
    const reference = await sharp(input).resize(100, 100, { fit: 'fill' }).toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(30);
  });

  test('fit inside without enlarging unless asked', async () => {
    const input = await fixture('small.jpg'); // 300x200
    const inside = await render(input, plan([{ width: 600, height: 600, enlarge: false,
      crop: false, rotate: 90 }]));
    expect([inside.width, inside.height]).toEqual([200, 300]);
    const enlarged = await render(input, plan([{ width: 600, height: 600, enlarge: true }]));
    expect([enlarged.width, enlarged.height]).toEqual([600, 400]);
  });

  test('preserveAspectRatio keeps the limiting side', async () => {
    const out = await render(await fixture('coffee.jpg'),
      plan([{ width: 200, height: 50, preserveAspectRatio: true }]));
    expect([out.width, out.height]).toEqual([75, 50]);
  });

  test('fill cuts the aspect ratio first, then scales', async () => {
    const input = await fixture('coffee.jpg');
    const out = await render(input, plan([{ width: 100, height: 100, fill: true }]));
    expect([out.width, out.height]).toEqual([100, 100]);
    const reference = await sharp(input).resize(100, 100, { fit: 'cover' }).toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(28);
  });
});

describe('crop', () => {
  const gravities = [
    ['center', 'centre'], ['north', 'north'], ['south', 'south'], ['east', 'east'],
    ['west', 'west'],
  ] as const;
  for (const [gravity, sharpPosition] of gravities) {
    test(`gravity ${gravity} matches sharp's cover crop`, async () => {
      const input = await fixture('gopher.png');
      const out = await render(input, plan([{ width: 200, height: 100, crop: true, gravity }]));
      expect([out.width, out.height, out.format]).toEqual([200, 100, 'png']);
      const reference = await sharp(input)
        .resize(200, 100, { fit: 'cover', position: sharpPosition }).png().toBuffer();
      expect(await psnr(out.data, reference)).toBeGreaterThan(25);
    });
  }

  test('smart crop matches sharp attention', async () => {
    const input = await fixture('coffee.jpg');
    const out = await render(input, plan([{ width: 150, height: 150, crop: true,
      gravity: 'smart' }]));
    expect([out.width, out.height]).toEqual([150, 150]);
    const reference = await sharp(input)
      .resize(150, 150, { fit: 'cover', position: sharp.strategy.attention }).toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(25);
  });

  test('crop with embed still crops (Mort: embed has no effect)', async () => {
    const out = await render(await fixture('coffee.jpg'),
      plan([{ width: 100, height: 100, crop: true, embed: true, gravity: 'center' }]));
    expect([out.width, out.height]).toEqual([100, 100]);
  });

  test('extract area cuts the unscaled image', async () => {
    const input = await fixture('coffee.jpg');
    const out = await render(input, plan([{ top: 50, left: 100, areaWidth: 200,
      areaHeight: 120 }], { format: 'png' }));
    expect([out.width, out.height]).toEqual([200, 120]);
    const reference = await sharp(input)
      .extract({ left: 100, top: 50, width: 200, height: 120 }).png().toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(40);
  });

  test('extract outside the image is a client error', async () => {
    const attempt = render(await fixture('coffee.jpg'),
      plan([{ top: 300, left: 500, areaWidth: 200, areaHeight: 200 }]));
    await expect(attempt).rejects.toMatchObject({ code: 'bad_request', status: 400 });
  });

  test('resizeCropAuto gives the auto-crop size', async () => {
    const out = await render(await fixture('coffee.jpg'),
      plan([{ autoCropWidth: 120, autoCropHeight: 120 }]));
    expect([out.width, out.height]).toEqual([120, 120]);
  });
});

describe('rotate, blur, grayscale, watermark', () => {
  for (const angle of [90, 180, 270] as const) {
    test(`rotate ${angle}`, async () => {
      const input = await fixture('coffee.jpg');
      const out = await render(input, plan([{ rotate: angle }], { format: 'png' }));
      const turned = angle === 180 ? [600, 400] : [400, 600];
      expect([out.width, out.height]).toEqual(turned);
      const reference = await sharp(input).rotate(angle).png().toBuffer();
      expect(await psnr(out.data, reference)).toBeGreaterThan(40);
    });
  }

  test('rotation happens before resizing', async () => {
    const out = await render(await fixture('coffee.jpg'), plan([{ width: 200, rotate: 90 }]));
    expect([out.width, out.height]).toEqual([200, 300]);
  });

  test('gaussian blur matches sharp', async () => {
    const input = await fixture('coffee.jpg');
    const out = await render(input, plan([{ blurSigma: 3 }], { format: 'png' }));
    const reference = await sharp(input).blur(3).png().toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(38);
  });

  test('grayscale gives one channel and matches sharp', async () => {
    const input = await fixture('coffee.jpg');
    const out = await render(input, plan([{ width: 300 }], { grayscale: true }));
    expect((await describeImage(out.data)).channels).toBe(1);
    const reference = await sharp(input).resize(300).grayscale().toBuffer();
    expect(await psnr(out.data, reference)).toBeGreaterThan(32);
  });

  test('watermark at every position, opaque, matches sharp composite', async () => {
    const input = await fixture('coffee.jpg');
    const mark = await sharp(await fixture('logo-alpha.png')).resize(100).png().toBuffer();
    const positions = [['top-left', 0, 0], ['center-center', 200, 133],
      ['bottom-right', 400, 266]] as const;
    for (const [position, left, top] of positions) {
      const out = await render(input, plan([{ watermark: { image: mark, position,
        opacity: 1 } }], { format: 'png' }));
      const reference = await sharp(input).composite([{ input: mark, left, top }]).png()
        .toBuffer();
      expect(await psnr(out.data, reference)).toBeGreaterThan(35);
    }
  });

  test('watermark opacity blends with the image', async () => {
    const base = await sharp({ create: { width: 100, height: 100, channels: 3,
      background: '#000000' } }).png().toBuffer();
    const mark = await sharp({ create: { width: 10, height: 10, channels: 3,
      background: '#ffffff' } }).png().toBuffer();
    const out = await render(base, plan([{ watermark: { image: mark, position: 'top-left',
      opacity: 0.5 } }]));
    const [r] = await pixelAt(out.data, 5, 5);
    expect(r).toBeGreaterThan(110);
    expect(r).toBeLessThan(145);
    expect((await pixelAt(out.data, 50, 50))[0]).toBe(0);
  });
});

describe('output', () => {
  for (const format of ['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff'] as const) {
    test(`encodes ${format}`, async () => {
      const out = await render(await fixture('chelsea.png'), plan([{ width: 120 }], { format }));
      const described = await describeImage(out.data);
      expect(out.format).toBe(format);
      expect(described.format).toBe(format === 'avif' ? 'heif' : format);
      expect([described.width, out.width, out.height]).toEqual([120, 120, 80]);
    });
  }

  test('keeps the input format when none is asked', async () => {
    const out = await render(await fixture('logo-alpha.png'), plan([{ width: 50 }]));
    expect(out.format).toBe('png');
    expect((await describeImage(out.data)).channels).toBe(4);
  });

  test('interlace gives progressive JPEG', async () => {
    const out = await render(await fixture('coffee.jpg'), plan([{ width: 100 }],
      { interlace: true }));
    expect((await describeImage(out.data)).isProgressive).toBe(true);
  });

  test('quality changes the JPEG size', async () => {
    const input = await fixture('coffee.jpg');
    const low = await render(input, plan([{ width: 300 }], { quality: 20 }));
    const high = await render(input, plan([{ width: 300 }], { quality: 95 }));
    expect(high.data.length).toBeGreaterThan(low.data.length * 2);
  });

  test('strip removes metadata; the default keeps it', async () => {
    const input = await fixture('small.jpg');
    const kept = await sharp((await render(input, plan([{ width: 100 }]))).data).metadata();
    const stripped = await sharp((await render(input, plan([{ width: 100 }],
      { strip: true }))).data).metadata();
    expect(kept.exif).toBeDefined();
    expect(stripped.exif).toBeUndefined();
  });

  test('chained records run in one pipeline', async () => {
    const out = await render(await fixture('coffee.jpg'),
      plan([{ width: 300 }, { width: 100, height: 100, crop: true, gravity: 'center' }]));
    expect([out.width, out.height]).toEqual([100, 100]);
  });
});
