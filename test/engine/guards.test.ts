// Hostile and broken input: typed errors safe for clients, never a crash or a hang.
import { describe, expect, test } from 'bun:test';
import sharp from 'sharp';
import { metadata, render, type RenderPlan } from '../../src/engine/index.ts';
import { fixture } from '../helpers/images.ts';

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(body, 4);
  view.setUint32(8 + data.length, Bun.hash.crc32(body));
  return chunk;
}

function pngWithHeader(width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', new Uint8Array([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', new Uint8Array(0)),
  ];
  return new Uint8Array(parts.flatMap((part) => [...part]));
}

/** A GIF of `frames` 1x1 frames: tiny on disk, a lot of work if every frame is rendered. */
function tinyFramesGif(frames: number): Uint8Array {
  const bytes: number[] = [...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0,
    0, 0, 0, 255, 255, 255,
    0x21, 0xff, 0x0b, ...new TextEncoder().encode('NETSCAPE2.0'), 3, 1, 0, 0, 0];
  for (let i = 0; i < frames; i++) {
    const pixel = i % 2 === 0 ? 0x44 : 0x4c;
    bytes.push(0x21, 0xf9, 4, 0, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, pixel, 1, 0);
  }
  bytes.push(0x3b);
  return new Uint8Array(bytes);
}

const resize: RenderPlan = { records: [{ width: 100 }], output: {} };

describe('guards', () => {
  test('the pixel limit is checked from the header, before decoding', async () => {
    const input = await fixture('astronaut-progressive.jpg'); // 2048x2048 = 4.2 MP
    const attempt = render(input, { ...resize, maxPixels: 4_000_000 });
    await expect(attempt).rejects.toMatchObject({ code: 'too_large', status: 400 });
    expect((await render(input, { ...resize, maxPixels: 5_000_000 })).width).toBe(100);
  });

  test('a decompression bomb is refused by the default limit', async () => {
    // A PNG whose header claims 30000x30000 RGB (2.7 GB decoded) in a few dozen bytes.
    const bomb = pngWithHeader(30000, 30000);
    expect(await metadata(bomb)).toMatchObject({ width: 30000, height: 30000 });
    await expect(render(bomb, resize)).rejects.toMatchObject({ code: 'too_large' });
  });

  const broken: [string, () => Promise<Uint8Array>, string][] = [
    ['zero bytes', async () => new Uint8Array(0), 'unsupported_image'],
    ['text', async () => new TextEncoder().encode('hello, world'), 'unsupported_image'],
    ['CSS', () => fixture('main.css'), 'unsupported_image'],
    ['truncated JPEG', async () => (await fixture('coffee.jpg')).slice(0, 20_000),
      'corrupt_image'],
    ['truncated PNG', async () => (await fixture('chelsea.png')).slice(0, 30_000),
      'corrupt_image'],
    ['JPEG header only', async () => (await fixture('coffee.jpg')).slice(0, 700),
      'corrupt_image'],
  ];
  for (const [name, make, code] of broken) {
    test(`${name} gives a ${code} error with a safe message`, async () => {
      const attempt = render(await make(), resize).then(() => null, (err) => err);
      const err = await attempt;
      expect(err).toMatchObject({ code, status: 400 });
      expect(err.message).not.toMatch(/\/|vips|\.cc/i);
    });
  }

  test('a JPEG with a scrambled body renders garbage pixels or fails cleanly', async () => {
    const bytes = (await fixture('coffee.jpg')).slice();
    for (let i = 2000; i < bytes.length; i += 7) bytes[i] = 0xff;
    const outcome = await render(bytes, resize).then((r) => r.width, (err) => err.code);
    expect([100, 'corrupt_image']).toContain(outcome);
  });

  test('an animation with too many frames is refused from the header', async () => {
    const gif = tinyFramesGif(1500);
    expect((await metadata(gif)).pages).toBe(1500);
    await expect(render(gif, { records: [{ width: 100 }], output: {} }))
      .rejects.toMatchObject({ code: 'too_large' });
  });

  test('an animation whose frames add up past the limit is refused after the first frame',
    async () => {
      const gif = tinyFramesGif(500);
      const plan: RenderPlan = { records: [{ width: 100 }], output: {}, maxPixels: 1_000_000 };
      await expect(render(gif, plan)).rejects.toMatchObject({ code: 'too_large' });
      const small = await render(gif, { records: [{ width: 10 }], output: {} });
      expect([small.width, small.height, small.pages]).toEqual([10, 10, 500]);
    });

  test('a computed side past what the encoder holds is refused before encoding', async () => {
    // 1x5000 at width=100 would be 100x500000.
    const strip = await sharp({ create: { width: 1, height: 5000, channels: 3,
      background: '#808080' } }).jpeg().toBuffer();
    for (const format of ['jpeg', 'png', 'webp', 'avif', 'gif'] as const) {
      await expect(render(strip, { records: [{ width: 100 }], output: { format } }))
        .rejects.toMatchObject({ code: 'too_large',
          message: expect.stringMatching(/^invalid size: output would be 100x500000/) });
    }
    // Each encoder has its own limit: 10x20000 fits JPEG and GIF but not WebP or AVIF.
    const tall = await sharp({ create: { width: 10, height: 20000, channels: 3,
      background: '#808080' } }).png().toBuffer();
    expect((await render(tall, { records: [], output: { format: 'jpeg' } })).height).toBe(20000);
    for (const format of ['webp', 'avif'] as const) {
      await expect(render(tall, { records: [], output: { format } }))
        .rejects.toMatchObject({ code: 'too_large' });
    }
  });

  test('a watermark is held to the pixel limit too, from its header', async () => {
    const input = await fixture('small.jpg');
    const bomb = pngWithHeader(30000, 30000);
    await expect(render(input, { records: [{ width: 100,
      watermark: { image: bomb, position: 'top-left', opacity: 0.5 } }], output: {} }))
      .rejects.toMatchObject({ code: 'too_large',
        message: 'invalid watermark: more pixels than allowed' });
  });

  test('SVG renders, loads nothing external, and refuses entity tricks and huge sizes',
    async () => {
      const svg = (body: string, size = 'width="200" height="100"', prolog = '') =>
        new TextEncoder().encode(`${prolog}<svg xmlns="http://www.w3.org/2000/svg" ` +
          `xmlns:xlink="http://www.w3.org/1999/xlink" ${size}>${body}</svg>`);
      const red = await render(svg('<rect width="200" height="100" fill="red"/>'),
        { records: [{ width: 100 }], output: {} });
      expect([red.width, red.height, red.format]).toEqual([100, 50, 'png']);
      expect((await sharp(red.data).stats()).channels.map((c) => Math.round(c.mean)))
        .toEqual([255, 0, 0, 255]);

      // Enlarged, it is drawn at the larger size: the edge between the halves stays sharp.
      const halves = svg('<rect width="100" height="100" fill="#f00"/>' +
        '<rect x="100" width="100" height="100" fill="#00f"/>');
      const big = await render(halves, { records: [{ width: 1000 }], output: { format: 'png' } });
      expect([big.width, big.height]).toEqual([1000, 500]);
      const { data } = await sharp(big.data).raw().toBuffer({ resolveWithObject: true });
      const rgb = (x: number) => [...data.subarray((10 * 1000 + x) * 4, (10 * 1000 + x) * 4 + 3)];
      expect([rgb(497), rgb(502)]).toEqual([[255, 0, 0], [0, 0, 255]]);

      // A referenced file or URL stays out: the image is left transparent.
      for (const href of [`file://${import.meta.dir}/../fixtures/small.jpg`,
        'http://127.0.0.1:9/x.png']) {
        const out = await render(svg(`<image xlink:href="${href}" width="200" height="100"/>`),
          { records: [{ width: 100 }], output: { format: 'png' } });
        expect((await sharp(out.data).stats()).channels[3]!.max).toBe(0);
      }

      const xxe = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
      await expect(render(svg('<text y="20">&x;</text>', undefined, xxe), resize))
        .rejects.toMatchObject({ code: 'corrupt_image' });
      const laughs = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' +
        Array.from({ length: 8 }, (_, i) =>
          `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i === 0 ? 'a' : 'b'.repeat(i)};`.repeat(10)}">`)
          .join('') + ']>';
      await expect(render(svg('<text y="20">&bbbbbbbb;</text>', undefined, laughs), resize))
        .rejects.toMatchObject({ code: 'corrupt_image' });
      await expect(render(svg('', 'width="100000" height="100000"'), resize))
        .rejects.toMatchObject({ code: 'too_large' });
    });

  test('a render past its deadline is stopped with a timeout error', async () => {
    // An SVG blur filter: librsvg redoes it for every strip libvips asks for.
    const slow = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" ' +
      'width="2500" height="2500"><filter id="f"><feGaussianBlur stdDeviation="25"/></filter>' +
      '<rect width="2500" height="2500" fill="red" filter="url(#f)"/></svg>');
    await expect(render(slow, { records: [], output: { format: 'png' }, timeoutMs: 1 }))
      .rejects.toMatchObject({ code: 'timeout', message: 'error: rendering took too long' });

    // Drawn at the size asked for, the same SVG is cheap and well within the deadline.
    const small = await render(slow, { records: [{ width: 100 }], output: { format: 'png' },
      timeoutMs: 30_000 });
    expect([small.width, small.height]).toEqual([100, 100]);
  });

  test('metadata of garbage is a typed error', async () => {
    await expect(metadata(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      code: 'unsupported_image',
    });
  });

  test('invalid plans are refused before native code', async () => {
    const input = await fixture('small.jpg');
    const bad: RenderPlan[] = [
      { records: [{ width: -1 }], output: {} },
      { records: [{ width: 99999 }], output: {} },
      { records: [{ rotate: 45 as 90 }], output: {} },
      { records: [], output: { quality: 0 } },
      { records: [], output: { format: 'bmp' as 'png' } },
      { records: [{ blurSigma: 500 }], output: {} },
    ];
    for (const plan of bad) {
      await expect(render(input, plan)).rejects.toMatchObject({ code: 'bad_request' });
    }
  });

  test('the process survives a burst of broken inputs and still renders', async () => {
    const good = await fixture('small.jpg');
    const attempts = Array.from({ length: 50 }, (_, i) =>
      render(good.slice(0, 1000 + i * 500), resize).catch((err) => err.code));
    const codes = new Set(await Promise.all(attempts));
    expect([...codes].every((c) => c === 'corrupt_image' || typeof c === 'object')).toBe(true);
    expect((await render(good, resize)).width).toBe(100);
  });
});
