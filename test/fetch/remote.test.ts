import { afterEach, describe, expect, test } from 'bun:test';
import {
  fetchWatermark,
  WatermarkCache,
  type WatermarkFetchOptions,
} from '../../src/fetch/index.ts';
import {
  expectRefusal,
  type Origin,
  patternBytes,
  sleep,
  startOrigin,
  stopAll,
} from './helpers.ts';

const origins: Origin[] = [];
afterEach(() => stopAll(origins));

const image = patternBytes(1000);

function origin(handle: (request: Request) => Response | Promise<Response>): Origin {
  const started = startOrigin(handle);
  origins.push(started);
  return started;
}

/** Query-source options with caching disabled, so every call reaches the origin. */
function query(overrides: Partial<WatermarkFetchOptions> = {}): WatermarkFetchOptions {
  const cache = new WatermarkCache({ maxEntries: 0 });
  return { fromQuery: true, allow: [], cache, ...overrides };
}

describe('query sources and the address check', () => {
  test('refuses a loopback URL without contacting it', async () => {
    const o = origin(() => new Response(image));

    const err = await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query()),
      'watermark source not allowed',
    );

    expect(err.detail).toContain('loopback');
    expect(o.requests).toHaveLength(0);
  });

  test('refuses a host name that resolves to loopback', async () => {
    const o = origin(() => new Response(image));

    await expectRefusal(
      fetchWatermark(`http://localhost:${o.port}/w.png`, query()),
      'watermark source not allowed',
    );
    expect(o.requests).toHaveLength(0);
  });

  test('refuses loopback spelled as an IPv4-mapped IPv6 or a numeric host', async () => {
    const o = origin(() => new Response(image));

    for (const host of ['[::ffff:127.0.0.1]', '2130706433', '0x7f.0.0.1']) {
      await expectRefusal(
        fetchWatermark(`http://${host}:${o.port}/w.png`, query()),
        'watermark source not allowed',
      );
    }
    expect(o.requests).toHaveLength(0);
  });

  test('fetches loopback when 127.0.0.1:<port> is allowed', async () => {
    const o = origin(() => new Response(image));

    const bytes = await fetchWatermark(`${o.base}/w.png`, query({ allow: [o.hostPort] }));

    expect(bytes).toEqual(image);
    expect(o.requests).toHaveLength(1);
  });

  test('keeps the Host header of the URL while connecting to the checked address', async () => {
    const o = origin(() => new Response(image));

    await fetchWatermark(`${o.base}/w.png?v=2`, query({ allow: ['127.0.0.1'] }));

    expect(o.requests[0]?.headers.get('host')).toBe(o.hostPort);
    expect(new URL(o.requests[0]?.url ?? '').search).toBe('?v=2');
  });

  test('resolves an allowed host name once and sends it as Host', async () => {
    const o = origin(() => new Response(image));
    const host = `localhost:${o.port}`;

    const bytes = await fetchWatermark(`http://${host}/w.png`, query({ allow: [host] }));

    expect(bytes).toEqual(image);
    expect(o.requests[0]?.headers.get('host')).toBe(host);
  });

  test('an entry for another port does not allow the origin', async () => {
    const o = origin(() => new Response(image));

    await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ allow: [`127.0.0.1:${o.port + 1}`] })),
      'watermark source not allowed',
    );
  });

  test('trusts preset URLs without an allow entry', async () => {
    const o = origin(() => new Response(image));

    const bytes = await fetchWatermark(`${o.base}/w.png`, query({ fromQuery: false }));

    expect(bytes).toEqual(image);
  });
});

describe('redirects', () => {
  test('refuses a redirect from an allowed host to a disallowed one', async () => {
    const inside = origin(() => new Response(image));
    const entry = origin(() => Response.redirect(`${inside.base}/secret.png`, 302));

    const err = await expectRefusal(
      fetchWatermark(`${entry.base}/w.png`, query({ allow: [entry.hostPort] })),
      'watermark source not allowed',
    );

    expect(err.detail).toContain('loopback');
    expect(entry.requests).toHaveLength(1);
    expect(inside.requests).toHaveLength(0);
  });

  test('follows relative redirects that stay on allowed hosts', async () => {
    const o = origin((request) =>
      new URL(request.url).pathname === '/final.png'
        ? new Response(image)
        : new Response(null, { status: 301, headers: { location: '/final.png' } }),
    );

    const bytes = await fetchWatermark(`${o.base}/start.png`, query({ allow: [o.hostPort] }));

    expect(bytes).toEqual(image);
    expect(o.requests).toHaveLength(2);
  });

  test('gives up after 5 redirects', async () => {
    const o = origin((request) => {
      const n = Number(new URL(request.url).searchParams.get('n') ?? 0);
      return n === 6 ? new Response(image) : Response.redirect(`/r?n=${n + 1}`, 307);
    });

    const err = await expectRefusal(
      fetchWatermark(`${o.base}/r?n=0`, query({ allow: [o.hostPort] })),
      'watermark could not be fetched',
    );

    expect(err.detail).toContain('more than 5 redirects');
    expect(o.requests).toHaveLength(6);
  });

  test('allows exactly 5 redirects', async () => {
    const o = origin((request) => {
      const n = Number(new URL(request.url).searchParams.get('n') ?? 0);
      return n === 5 ? new Response(image) : Response.redirect(`/r?n=${n + 1}`, 308);
    });

    expect(await fetchWatermark(`${o.base}/r?n=0`, query({ allow: [o.hostPort] }))).toEqual(image);
  });

  test('refuses a redirect to a non-http scheme', async () => {
    const o = origin(() => Response.redirect('file:///etc/passwd', 302));

    await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ allow: [o.hostPort] })),
      'watermark source not allowed',
    );
  });
});

describe('responses', () => {
  test.each([404, 500, 304])('refuses status %d', async (status) => {
    const o = origin(() => new Response('not an image', { status }));

    const err = await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ allow: [o.hostPort] })),
      'watermark could not be fetched',
    );

    expect(err.detail).toContain(`status ${status}`);
  });

  test('refuses a preset URL answering non-2xx too', async () => {
    const o = origin(() => new Response('gone', { status: 410 }));

    await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ fromQuery: false })),
      'watermark could not be fetched',
    );
  });

  test('refuses a body whose Content-Length exceeds maxBytes', async () => {
    const o = origin(() => new Response(patternBytes(2048)));

    const err = await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ allow: [o.hostPort], maxBytes: 1024 })),
      'watermark too large',
    );

    expect(err.detail).toContain('Content-Length');
  });

  test('refuses an oversize body streamed without Content-Length', async () => {
    let chunksPulled = 0;
    const o = origin(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              chunksPulled++;
              await sleep(1);
              controller.enqueue(patternBytes(512));
              if (chunksPulled >= 2000) controller.close();
            },
          }),
        ),
    );

    const err = await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ allow: [o.hostPort], maxBytes: 4096 })),
      'watermark too large',
    );

    expect(err.detail).toContain('exceeds 4096 bytes');
    // Reading stopped at the cap instead of draining the ~1 MB stream first.
    expect(chunksPulled).toBeLessThan(2000);
  });

  test('accepts a body of exactly maxBytes', async () => {
    const o = origin(() => new Response(patternBytes(1024)));

    const bytes = await fetchWatermark(
      `${o.base}/w.png`,
      query({ allow: [o.hostPort], maxBytes: 1024 }),
    );

    expect(bytes.byteLength).toBe(1024);
  });

  test('applies the size limit to preset URLs', async () => {
    const o = origin(() => new Response(patternBytes(2048)));

    await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ fromQuery: false, maxBytes: 100 })),
      'watermark too large',
    );
  });

  test('refuses a connection failure without naming the target', async () => {
    const o = origin(() => new Response(image));
    const url = `${o.base}/w.png`;
    o.server.stop(true);

    const err = await expectRefusal(
      fetchWatermark(url, query({ allow: [o.hostPort] })),
      'watermark could not be fetched',
    );

    expect(err.detail).toContain('failed');
  });
});

describe('timeout', () => {
  test('times out when headers are slow', async () => {
    const o = origin(async () => {
      await sleep(3000);
      return new Response(image);
    });
    const started = performance.now();

    const err = await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ allow: [o.hostPort], timeoutMs: 200 })),
      'watermark could not be fetched',
    );

    expect(err.detail).toBe('timed out after 200 ms');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('times out when the body stalls', async () => {
    const o = origin(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(patternBytes(100));
              await sleep(3000);
              controller.close();
            },
          }),
        ),
    );
    const started = performance.now();

    const err = await expectRefusal(
      fetchWatermark(`${o.base}/w.png`, query({ allow: [o.hostPort], timeoutMs: 300 })),
      'watermark could not be fetched',
    );

    expect(err.detail).toBe('timed out after 300 ms');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('one deadline covers the whole redirect chain', async () => {
    const o = origin(async (request) => {
      await sleep(120);
      const n = Number(new URL(request.url).searchParams.get('n') ?? 0);
      return n === 4 ? new Response(image) : Response.redirect(`/r?n=${n + 1}`, 302);
    });

    await expectRefusal(
      fetchWatermark(`${o.base}/r?n=0`, query({ allow: [o.hostPort], timeoutMs: 300 })),
      'watermark could not be fetched',
    );
    expect(o.requests.length).toBeLessThan(5);
  });
});
