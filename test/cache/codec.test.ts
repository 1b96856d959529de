import { describe, expect, test } from 'bun:test';
import { HashRing } from '../../src/cache/hash-ring.ts';
import {
  decodeResponse,
  encodeResponse,
  parseRedisAddress,
  responseCacheKey,
} from '../../src/cache/index.ts';
import { allBytes, sampleResponse } from './contract.ts';

describe('cached response encoding', () => {
  test('decodes what it encodes, with the body as a view of the stored bytes', () => {
    const value = sampleResponse(allBytes(300));
    const raw = encodeResponse(value);
    const decoded = decodeResponse(raw);

    expect(decoded).toEqual({ status: 200, headers: value.headers, body: value.body });
    expect(decoded!.body.buffer).toBe(raw.buffer);
    expect(raw.length).toBe(7 + Buffer.byteLength(JSON.stringify(value.headers)) + 300);
  });

  test('rejects a wrong version, a truncated header block or a malformed header list', () => {
    const raw = encodeResponse(sampleResponse());
    const otherVersion = Uint8Array.from(raw);
    otherVersion[0] = 2;
    const badHeaders = encodeResponse({ status: 200, headers: [], body: new Uint8Array(0) });
    badHeaders.set(new TextEncoder().encode('{}'), 7);

    expect(decodeResponse(otherVersion)).toBeUndefined();
    expect(decodeResponse(raw.subarray(0, 10))).toBeUndefined();
    expect(decodeResponse(raw.subarray(0, 3))).toBeUndefined();
    expect(decodeResponse(badHeaders)).toBeUndefined();
  });
});

describe('response cache key', () => {
  test('joins bucket and key, and puts the range after a newline', () => {
    expect(responseCacheKey('media', '/a/b.jpg')).toBe('media/a/b.jpg');
    expect(responseCacheKey('media', '/a/b.jpg', 'bytes=0-9')).toBe('media/a/b.jpg\nbytes=0-9');
  });
});

describe('redis address', () => {
  test('reads host:port, :port, [v6]:port and a bare host', () => {
    expect(parseRedisAddress('cache.local:6380')).toEqual({ host: 'cache.local', port: 6380 });
    expect(parseRedisAddress(':7000')).toEqual({ host: '127.0.0.1', port: 7000 });
    expect(parseRedisAddress('[::1]:7001')).toEqual({ host: '::1', port: 7001 });
    expect(parseRedisAddress('redis')).toEqual({ host: 'redis', port: 6379 });
  });
});

describe('consistent hash ring', () => {
  const keys = Array.from({ length: 3000 }, (_, i) => `bucket/key-${i}`);

  test('places keys the same way for rings built from the same ids', () => {
    const one = new HashRing([{ id: 'a:1', value: 'a' }, { id: 'b:1', value: 'b' }]);
    const two = new HashRing([{ id: 'b:1', value: 'b' }, { id: 'a:1', value: 'a' }]);

    expect(keys.every((key) => one.pick(key) === two.pick(key))).toBe(true);
  });

  test('spreads keys evenly and moves only about a quarter when a fourth node joins', () => {
    const nodes = ['a:1', 'b:1', 'c:1'].map((id) => ({ id, value: id }));
    const three = new HashRing(nodes);
    const four = new HashRing([...nodes, { id: 'd:1', value: 'd:1' }]);
    const counts = new Map<string, number>();
    let moved = 0;

    for (const key of keys) {
      const node = three.pick(key);
      counts.set(node, (counts.get(node) ?? 0) + 1);
      if (four.pick(key) !== node) moved++;
    }

    expect(Math.min(...counts.values())).toBeGreaterThan(keys.length / 3 * 0.7);
    expect(moved).toBeGreaterThan(keys.length * 0.15);
    expect(moved).toBeLessThan(keys.length * 0.35);
  });
});
