import { describe, expect, test } from 'bun:test';
import { applyConditionals } from '../../src/http/conditional.ts';
import { bytesRangeable, type RangeableBody } from '../../src/http/range.ts';
import { parseByteranges, patternBytes, trackedStream } from './helpers.ts';

const LAST_MODIFIED = 'Tue, 15 Nov 2022 08:12:31 GMT';
const EARLIER = 'Tue, 15 Nov 2022 08:12:30 GMT';
const LATER = 'Tue, 15 Nov 2022 08:12:32 GMT';
const BYTES = patternBytes(100);

/** A 200 like the handler's: validators, cache headers, CORS, a tracked streaming body. */
function origin(extra: Record<string, string> = {}, omit: string[] = []) {
  const { stream, state } = trackedStream(BYTES);
  const headers = new Headers({
    'content-type': 'image/jpeg',
    'content-length': String(BYTES.length),
    etag: '"v1"',
    'last-modified': LAST_MODIFIED,
    'cache-control': 'max-age=60',
    expires: 'Tue, 15 Nov 2022 09:12:31 GMT',
    vary: 'Accept',
    date: 'Tue, 15 Nov 2022 08:13:00 GMT',
    'access-control-allow-origin': '*',
    'accept-ranges': 'bytes',
    ...extra,
  });
  for (const name of omit) headers.delete(name);

  return { response: new Response(stream, { status: 200, headers }), state };
}

function get(headers: Record<string, string>, method = 'GET'): Request {
  return new Request('http://localhost/bucket/a.jpg', { method, headers });
}

async function bytesOf(response: Response): Promise<number[]> {
  return Array.from(new Uint8Array(await response.arrayBuffer()));
}

describe('applicability', () => {
  test('returns the response itself when the request has no conditional header', () => {
    const { response } = origin();
    expect(applyConditionals(get({ accept: 'image/*' }), response)).toBe(response);
  });

  test('leaves non-200 responses alone', () => {
    const response = new Response('missing', { status: 404, headers: { etag: '"v1"' } });
    expect(applyConditionals(get({ 'if-none-match': '"v1"' }), response)).toBe(response);
  });
});

describe('If-Match and If-Unmodified-Since', () => {
  test('412 when no tag matches strongly, with the body cancelled', async () => {
    const { response, state } = origin();
    const reply = applyConditionals(get({ 'if-match': '"v0", "v2"' }), response);

    expect(reply.status).toBe(412);
    expect(reply.headers.has('content-type')).toBe(false);
    expect(reply.headers.has('cache-control')).toBe(false);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(await reply.text()).toBe('');
    expect(state.isCancelled).toBe(true);
  });

  test('passes on a strong match anywhere in the list, and on *', () => {
    for (const value of ['"x", "v1"', '*']) {
      const { response, state } = origin();
      expect(applyConditionals(get({ 'if-match': value }), response)).toBe(response);
      expect(state.isCancelled).toBe(false);
    }
  });

  test('weak tags never satisfy If-Match', () => {
    expect(applyConditionals(get({ 'if-match': 'W/"v1"' }), origin().response).status).toBe(412);
    const weak = origin({ etag: 'W/"v1"' }).response;
    expect(applyConditionals(get({ 'if-match': '"v1"' }), weak).status).toBe(412);
  });

  test('If-Unmodified-Since earlier than Last-Modified fails, equal or later passes', () => {
    const check = (date: string) =>
      applyConditionals(get({ 'if-unmodified-since': date }), origin().response).status;
    expect(check(EARLIER)).toBe(412);
    expect(check(LAST_MODIFIED)).toBe(200);
    expect(check(LATER)).toBe(200);
  });

  test('If-Unmodified-Since is ignored when If-Match is present or the date is unusable', () => {
    const both = get({ 'if-match': '"v1"', 'if-unmodified-since': EARLIER });
    expect(applyConditionals(both, origin().response).status).toBe(200);
    const bad = get({ 'if-unmodified-since': 'yesterday' });
    expect(applyConditionals(bad, origin().response).status).toBe(200);
    const noDate = origin({}, ['last-modified']).response;
    expect(applyConditionals(get({ 'if-unmodified-since': EARLIER }), noDate).status).toBe(200);
  });
});

describe('If-None-Match and If-Modified-Since', () => {
  test('304 on a weak match for GET and HEAD, 412 for other methods', () => {
    for (const value of ['"v1"', 'W/"v1"', '"a", W/"v1"', '*']) {
      expect(applyConditionals(get({ 'if-none-match': value }), origin().response).status)
        .toBe(304);
      const head = get({ 'if-none-match': value }, 'HEAD');
      expect(applyConditionals(head, origin().response).status).toBe(304);
      const put = get({ 'if-none-match': value }, 'PUT');
      expect(applyConditionals(put, origin().response).status).toBe(412);
    }
  });

  test('a 304 drops body metadata but keeps what a cache needs', async () => {
    const { response, state } = origin({ 'content-encoding': 'gzip' });
    const reply = applyConditionals(get({ 'if-none-match': '"v1"' }), response);

    expect(reply.status).toBe(304);
    for (const name of ['content-type', 'content-length', 'content-encoding', 'last-modified']) {
      expect(reply.headers.has(name)).toBe(false);
    }
    expect(reply.headers.get('etag')).toBe('"v1"');
    expect(reply.headers.get('cache-control')).toBe('max-age=60');
    expect(reply.headers.get('expires')).toBe('Tue, 15 Nov 2022 09:12:31 GMT');
    expect(reply.headers.get('vary')).toBe('Accept');
    expect(reply.headers.get('date')).toBe('Tue, 15 Nov 2022 08:13:00 GMT');
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    expect(reply.body).toBeNull();
    expect(state.isCancelled).toBe(true);
  });

  test('a 304 without an ETag keeps Last-Modified', () => {
    const response = origin({}, ['etag']).response;
    const reply = applyConditionals(get({ 'if-modified-since': LAST_MODIFIED }), response);
    expect(reply.status).toBe(304);
    expect(reply.headers.get('last-modified')).toBe(LAST_MODIFIED);
  });

  test('a non-matching If-None-Match serves the body and overrides If-Modified-Since', () => {
    const request = get({ 'if-none-match': '"v2"', 'if-modified-since': LATER });
    expect(applyConditionals(request, origin().response).status).toBe(200);
  });

  test('If-Modified-Since at or after Last-Modified is 304, at 1 s precision', () => {
    const check = (date: string, method = 'GET') =>
      applyConditionals(get({ 'if-modified-since': date }, method), origin().response).status;
    expect(check(LAST_MODIFIED)).toBe(304);
    expect(check(LATER)).toBe(304);
    expect(check(EARLIER)).toBe(200);
    expect(check('not a date')).toBe(200);
    expect(check(LAST_MODIFIED, 'POST')).toBe(200);
  });

  test('tolerates unquoted ETags on either side (SPEC §12 item 13)', () => {
    const legacy = origin({ etag: '1668499951' }).response;
    expect(applyConditionals(get({ 'if-none-match': '"1668499951"' }), legacy).status).toBe(304);
    const legacy2 = origin({ etag: '1668499951' }).response;
    expect(applyConditionals(get({ 'if-none-match': '1668499951' }), legacy2).status).toBe(304);
  });

  test('an unparsable Last-Modified counts as now', () => {
    const soon = new Date(Date.now() + 3_600_000).toUTCString();
    const garbled = () => origin({ 'last-modified': 'garbled' }).response;
    expect(applyConditionals(get({ 'if-modified-since': soon }), garbled()).status).toBe(304);
    expect(applyConditionals(get({ 'if-modified-since': LATER }), garbled()).status).toBe(200);
  });
});

describe('Range', () => {
  const body = bytesRangeable(BYTES);

  test('one range: 206 with Content-Range, exact Content-Length and the bytes', async () => {
    const { response, state } = origin();
    const reply = applyConditionals(get({ range: 'bytes=10-19' }), response, body);

    expect(reply.status).toBe(206);
    expect(reply.headers.get('content-range')).toBe('bytes 10-19/100');
    expect(reply.headers.get('content-length')).toBe('10');
    expect(reply.headers.get('content-type')).toBe('image/jpeg');
    expect(reply.headers.get('etag')).toBe('"v1"');
    expect(await bytesOf(reply)).toEqual(Array.from(BYTES.subarray(10, 20)));
    expect(state.isCancelled).toBe(true);
  });

  test('suffix and open-ended ranges', async () => {
    const suffix = applyConditionals(get({ range: 'bytes=-3' }), origin().response, body);
    expect(suffix.headers.get('content-range')).toBe('bytes 97-99/100');
    expect(await bytesOf(suffix)).toEqual(Array.from(BYTES.subarray(97)));

    const open = applyConditionals(get({ range: 'bytes=95-' }), origin().response, body);
    expect(open.headers.get('content-range')).toBe('bytes 95-99/100');
    expect(open.headers.get('content-length')).toBe('5');
  });

  test('several ranges: multipart/byteranges with typed, ranged parts', async () => {
    const reply = applyConditionals(get({ range: 'bytes=0-4, 50-59,-2' }), origin().response, body);
    const contentType = reply.headers.get('content-type') ?? '';
    const raw = new Uint8Array(await reply.arrayBuffer());

    expect(reply.status).toBe(206);
    expect(contentType).toMatch(/^multipart\/byteranges; boundary=\w+$/);
    expect(reply.headers.get('content-length')).toBe(String(raw.length));
    expect(reply.headers.has('content-range')).toBe(false);

    const parts = parseByteranges(raw, contentType);
    expect(parts.map((part) => part.headers['content-range'])).toEqual([
      'bytes 0-4/100',
      'bytes 50-59/100',
      'bytes 98-99/100',
    ]);
    expect(parts.every((part) => part.headers['content-type'] === 'image/jpeg')).toBe(true);
    expect(parts.map((part) => Array.from(part.body))).toEqual([
      Array.from(BYTES.subarray(0, 5)),
      Array.from(BYTES.subarray(50, 60)),
      Array.from(BYTES.subarray(98)),
    ]);
  });

  test('unsatisfiable: 416 with bytes */size and a short text body', async () => {
    const { response, state } = origin();
    const reply = applyConditionals(get({ range: 'bytes=100-200' }), response, body);

    expect(reply.status).toBe(416);
    expect(reply.headers.get('content-range')).toBe('bytes */100');
    expect(reply.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(reply.headers.has('etag')).toBe(false);
    expect(reply.headers.has('cache-control')).toBe(false);
    expect(await reply.text()).toBe('invalid range: failed to overlap\n');
    expect(state.isCancelled).toBe(true);
  });

  test('syntax errors and other units: 416 without Content-Range', async () => {
    for (const range of ['bytes=x-1', 'items=0-1', 'bytes=']) {
      const reply = applyConditionals(get({ range }), origin().response, body);
      expect(reply.status).toBe(416);
      expect(reply.headers.has('content-range')).toBe(false);
      expect(await reply.text()).toBe('invalid range\n');
    }
  });

  test('ranges that together exceed the size get the full 200', () => {
    for (const range of ['bytes=0-,0-', 'bytes=0-60,40-99']) {
      const { response, state } = origin();
      expect(applyConditionals(get({ range }), response, body)).toBe(response);
      expect(state.isCancelled).toBe(false);
    }
  });

  test('more than 100 ranges get the full 200', () => {
    const range = `bytes=${Array.from({ length: 101 }, (_, i) => `${i}-${i}`).join(',')}`;
    const { response } = origin({ 'content-length': '1000' });
    const big = bytesRangeable(patternBytes(1000));
    expect(applyConditionals(get({ range }), response, big)).toBe(response);
  });

  test('Range is ignored without a rangeable body and for other methods', () => {
    const { response } = origin();
    expect(applyConditionals(get({ range: 'bytes=0-1' }), response)).toBe(response);
    const post = origin().response;
    expect(applyConditionals(get({ range: 'bytes=0-1' }, 'POST'), post, body)).toBe(post);
  });

  test('preconditions win over Range', () => {
    const request = get({ range: 'bytes=0-1', 'if-none-match': '"v1"' });
    expect(applyConditionals(request, origin().response, body).status).toBe(304);
  });

  test('HEAD gets the 206 headers without opening a slice', () => {
    let slices = 0;
    const counting: RangeableBody = {
      size: 100,
      slice: (start, end) => {
        slices += 1;
        return BYTES.subarray(start, end + 1);
      },
    };
    const reply = applyConditionals(get({ range: 'bytes=0-9,20-29' }, 'HEAD'), origin().response,
      counting);

    expect(reply.status).toBe(206);
    expect(Number(reply.headers.get('content-length'))).toBeGreaterThan(20);
    expect(reply.body).toBeNull();
    expect(slices).toBe(0);
  });
});

describe('If-Range', () => {
  const body = bytesRangeable(BYTES);
  const status = (ifRange: string, extra: Record<string, string> = {}) =>
    applyConditionals(get({ range: 'bytes=0-0', 'if-range': ifRange }), origin(extra).response,
      body).status;

  test('a strongly matching ETag or the exact date lets the range through', () => {
    expect(status('"v1"')).toBe(206);
    expect(status(LAST_MODIFIED)).toBe(206);
  });

  test('anything else sends the full 200', () => {
    expect(status('"v2"')).toBe(200);
    expect(status('W/"v1"')).toBe(200);
    expect(status('"v1"', { etag: 'W/"v1"' })).toBe(200);
    expect(status(LATER)).toBe(200);
    expect(status(EARLIER)).toBe(200);
    expect(status('garbage date')).toBe(200);
  });
});

describe('streaming and resource release', () => {
  test('multipart parts are opened one at a time and a cancel closes the open one', async () => {
    const events: string[] = [];
    const lazy: RangeableBody = {
      size: 100,
      slice(start, end) {
        events.push(`open ${start}`);
        const { stream, state } = trackedStream(BYTES.slice(start, end + 1), 2);
        return new ReadableStream({
          pull: async (controller) => {
            const reader = stream.getReader();
            const { done, value } = await reader.read();
            reader.releaseLock();
            if (done) controller.close();
            else controller.enqueue(value);
          },
          cancel: () => {
            state.isCancelled = true;
            events.push(`cancel ${start}`);
          },
        });
      },
    };
    const reply = applyConditionals(get({ range: 'bytes=0-9,50-59' }), origin().response, lazy);
    const reader = reply.body!.getReader();

    await reader.read(); // first part's framing
    expect(events).toEqual([]);
    await reader.read(); // first bytes of part one
    expect(events).toEqual(['open 0']);
    await reader.cancel();
    expect(events).toEqual(['open 0', 'cancel 0']);
  });

  test('a slice stream that ends early errors the response body', async () => {
    const short: RangeableBody = {
      size: 100,
      slice: () => new Response(BYTES.slice(0, 3)).body!,
    };
    const reply = applyConditionals(get({ range: 'bytes=0-9' }), origin().response, short);
    await expect(reply.arrayBuffer()).rejects.toThrow('7 bytes short');
  });

  test('Blob slices are passed through for one range and streamed inside multipart', async () => {
    const blobBody: RangeableBody = {
      size: 100,
      slice: (start, end) => new Blob([BYTES.slice(start, end + 1)]),
    };
    const single = applyConditionals(get({ range: 'bytes=5-9' }), origin().response, blobBody);
    expect(await bytesOf(single)).toEqual(Array.from(BYTES.subarray(5, 10)));

    const multi = applyConditionals(get({ range: 'bytes=0-1,8-9' }), origin().response, blobBody);
    const raw = new Uint8Array(await multi.arrayBuffer());
    const parts = parseByteranges(raw, multi.headers.get('content-type') ?? '');
    expect(parts.map((part) => Array.from(part.body))).toEqual([
      Array.from(BYTES.subarray(0, 2)),
      Array.from(BYTES.subarray(8, 10)),
    ]);
    expect(multi.headers.get('content-length')).toBe(String(raw.length));
  });

  test('a slice of the wrong size is refused', () => {
    const wrong: RangeableBody = { size: 100, slice: () => new Blob([BYTES.slice(0, 3)]) };
    expect(() => applyConditionals(get({ range: 'bytes=0-9' }), origin().response, wrong))
      .toThrow('slice returned 3 of 10 bytes');
  });

  test('a longer slice stream is cut to the range', async () => {
    const long: RangeableBody = { size: 100, slice: () => new Response(BYTES).body! };
    const reply = applyConditionals(get({ range: 'bytes=0-9' }), origin().response, long);
    expect(await bytesOf(reply)).toEqual(Array.from(BYTES.subarray(0, 10)));
  });
});
