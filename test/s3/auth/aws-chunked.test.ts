// aws-chunked bodies (§7.3 streaming forms): signed chunk chains, the unsigned trailer form the
// AWS SDK sends for stream bodies, and framing errors. Chunk signatures are computed here by the
// documented algorithm, with the HMAC from the SDK signer.

import { describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';

import { authenticate } from '../../../src/s3/auth/index.ts';
import type { AuthenticatedResult } from '../../../src/s3/auth/index.ts';
import { NOW, readAll, signedRequest, signer, streamOf, testConfig } from './helpers.ts';
import type { SignOptions } from './helpers.ts';

const EMPTY = createHash('sha256').update('').digest('hex');
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const crc32 = (data: string) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(Bun.hash.crc32(data));
  return bytes.toString('base64');
};

async function authenticated(options: SignOptions): Promise<AuthenticatedResult> {
  const request = await signedRequest(options);
  const result = authenticate(request, new URL(request.url), await testConfig(), NOW);

  if (result.kind !== 'authenticated') throw new Error(`expected authenticated: ${result.kind}`);
  return result;
}

function errorOf(promise: Promise<unknown>): Promise<{ s3Code: string; status: number }> {
  return promise.then(
    () => {
      throw new Error('expected the stream to fail');
    },
    (error) => error,
  );
}

/** Splits text into one-byte pieces, the worst case for the parser's state machine. */
function bytewise(text: string): ReadableStream<Uint8Array> {
  return streamOf(...Array.from(new TextEncoder().encode(text), (byte) => Uint8Array.of(byte)));
}

describe('STREAMING-UNSIGNED-PAYLOAD-TRAILER (AWS SDK stream bodies)', () => {
  const headers = (payload: string, trailer = 'x-amz-checksum-crc32') => ({
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(payload.length),
    'x-amz-trailer': trailer,
  });
  const encode = (pieces: string[], trailer: string) =>
    pieces.map((p) => `${p.length.toString(16)}\r\n${p}\r\n`).join('') + `0\r\n${trailer}`;
  const put = (payload: string, trailer?: string) =>
    authenticated({ method: 'PUT', path: '/media/s', headers: headers(payload, trailer) });

  test('decodes the chunks and verifies the CRC32 trailer', async () => {
    const result = await put('abcdefg');
    const body = encode(['abc', 'defg'], `x-amz-checksum-crc32:${crc32('abcdefg')}\r\n\r\n`);

    expect(result.payload).toBe('aws-chunked-unsigned');
    expect(result.contentLength).toBe(7);
    expect(await readAll(result.wrapBody(streamOf(body)))).toBe('abcdefg');
    expect(await readAll(result.wrapBody(bytewise(body)))).toBe('abcdefg');
  });

  test('a trailer checksum that does not match the data is BadDigest', async () => {
    const result = await put('abcdefg');
    const body = encode(['abc', 'dXfg'], `x-amz-checksum-crc32:${crc32('abcdefg')}\r\n\r\n`);

    expect((await errorOf(readAll(result.wrapBody(streamOf(body))))).s3Code).toBe('BadDigest');
  });

  test('a declared trailer that never comes is BadDigest', async () => {
    const result = await put('abc');
    const error = await errorOf(readAll(result.wrapBody(streamOf(encode(['abc'], '\r\n')))));
    expect(error.s3Code).toBe('BadDigest');
  });

  test('without a trailer the body may end right after `0\\r\\n` (the SDK does)', async () => {
    const result = await put('abc', '');
    expect(await readAll(result.wrapBody(streamOf(encode(['abc'], ''))))).toBe('abc');
  });

  test('a length other than x-amz-decoded-content-length is IncompleteBody', async () => {
    const result = await put('abcd', '');
    const error = await errorOf(readAll(result.wrapBody(streamOf(encode(['abc'], '\r\n')))));
    expect(error.s3Code).toBe('IncompleteBody');

    const short = await put('ab', '');
    const longer = await errorOf(readAll(short.wrapBody(streamOf(encode(['abc'], '\r\n')))));
    expect(longer.s3Code).toBe('IncompleteBody');
  });

  test('framing errors fail the stream', async () => {
    const result = await put('abc', '');
    const bodies = [
      '3\r\nab', // ends inside a chunk
      'zz\r\nabc\r\n0\r\n\r\n', // not a hex size
      '3\r\nabcXY0\r\n\r\n', // no CRLF after the data
      '3\r\nabc\r\n0\r\n\r\nextra', // data after the end
      `${'f'.repeat(5000)}\r\n`, // endless size line
    ];

    for (const body of bodies) {
      const error = await errorOf(readAll(result.wrapBody(streamOf(body))));
      expect(error.s3Code).toBe('IncompleteBody');
      expect(error.status).toBe(400);
    }
  });
});

describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD (signed chunks)', () => {
  const date = '20260304T050607Z';
  const scope = '20260304/mort/s3/aws4_request';

  async function signedChunks(seed: string, pieces: string[]): Promise<string[]> {
    const lines: string[] = [];
    let previous = seed;

    for (const piece of [...pieces, '']) {
      const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', date, scope, previous, EMPTY];
      stringToSign.push(sha256(piece));
      previous = await signer({ path: '/' }).sign(stringToSign.join('\n'), { signingDate: NOW });
      const size = piece.length.toString(16);
      lines.push(`${size};chunk-signature=${previous}\r\n${piece}${piece ? '\r\n' : ''}`);
    }

    lines[lines.length - 1] += '\r\n';
    return lines;
  }

  async function upload(payload: string, contentSha256 = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD') {
    const request = await signedRequest({
      method: 'PUT',
      path: '/media/chunked.bin',
      headers: {
        'x-amz-content-sha256': contentSha256,
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(payload.length),
      },
    });
    const seed = /Signature=([0-9a-f]+)/.exec(request.headers.get('authorization')!)![1]!;
    const result = authenticate(request, new URL(request.url), await testConfig(), NOW);

    if (result.kind !== 'authenticated') throw new Error(result.kind);
    return { result, seed };
  }

  test('decodes and verifies a chain of chunks, however the bytes arrive', async () => {
    const { result, seed } = await upload('hello chunked world');
    const body = (await signedChunks(seed, ['hello ', 'chunked ', 'world'])).join('');

    expect(result.payload).toBe('aws-chunked-signed');
    expect(await readAll(result.wrapBody(streamOf(body)))).toBe('hello chunked world');
    expect(await readAll(result.wrapBody(bytewise(body)))).toBe('hello chunked world');
  });

  test('a corrupted chunk is refused with SignatureDoesNotMatch', async () => {
    const { result, seed } = await upload('hello chunked world');
    const body = (await signedChunks(seed, ['hello ', 'chunked ', 'world'])).join('');
    const corrupted = body.replace('chunked', 'chunkeD');
    const error = await errorOf(readAll(result.wrapBody(streamOf(corrupted))));

    expect(error.s3Code).toBe('SignatureDoesNotMatch');
    expect(error.status).toBe(403);
  });

  test('reordered chunks break the chain', async () => {
    const { result, seed } = await upload('abcabc');
    const [first, second, last] = await signedChunks(seed, ['abc', 'abc']);
    const error = await errorOf(readAll(result.wrapBody(streamOf(second!, first!, last!))));

    expect(error.s3Code).toBe('SignatureDoesNotMatch');
  });

  test('a chunk without chunk-signature or a dropped final chunk is refused', async () => {
    const { result, seed } = await upload('abc');
    const [first] = await signedChunks(seed, ['abc']);

    const unsigned = await errorOf(readAll(result.wrapBody(streamOf('3\r\nabc\r\n0\r\n\r\n'))));
    expect(unsigned.s3Code).toBe('SignatureDoesNotMatch');
    const truncated = await errorOf(readAll(result.wrapBody(streamOf(first!))));
    expect(truncated.s3Code).toBe('IncompleteBody');
  });

  test('chunks signed for another request (other seed) are refused', async () => {
    const { result } = await upload('abc');
    const foreign = (await signedChunks('0'.repeat(64), ['abc'])).join('');
    const error = await errorOf(readAll(result.wrapBody(streamOf(foreign))));

    expect(error.s3Code).toBe('SignatureDoesNotMatch');
  });

  test('…-PAYLOAD-TRAILER: the trailer signature continues the chain', async () => {
    const mode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
    const { result, seed } = await upload('abc', mode);
    const chunks = await signedChunks(seed, ['abc']);
    const finalSignature = /chunk-signature=([0-9a-f]+)/.exec(chunks.at(-1)!)![1]!;
    const trailer = `x-amz-checksum-crc32:${crc32('abc')}`;
    const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', date, scope, finalSignature];
    stringToSign.push(sha256(`${trailer}\n`));
    const trailerSignature = await signer({ path: '/' }).sign(stringToSign.join('\n'), {
      signingDate: NOW,
    });
    const head = chunks.join('').slice(0, -2); // the final chunk's blank line moves after trailers
    const body = `${head}${trailer}\r\nx-amz-trailer-signature:${trailerSignature}\r\n\r\n`;

    expect(await readAll(result.wrapBody(streamOf(body)))).toBe('abc');

    const forged = body.replace(trailerSignature, '0'.repeat(64));
    const error = await errorOf(readAll(result.wrapBody(streamOf(forged))));
    expect(error.s3Code).toBe('SignatureDoesNotMatch');
  });
});
