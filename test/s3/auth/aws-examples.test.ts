// Known answers: the signed examples of the AWS S3 SigV4 documentation ("Examples: Signature
// Calculations in AWS Signature Version 4"), verified byte for byte.

import { describe, expect, test } from 'bun:test';

import { authenticate } from '../../../src/s3/auth/index.ts';
import type { AuthResult } from '../../../src/s3/auth/index.ts';
import { configOf, readAll } from './helpers.ts';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CREDENTIAL = `Credential=${ACCESS_KEY}/20130524/us-east-1/s3/aws4_request`;
const DATE = '20130524T000000Z';
const NOW = new Date('2013-05-24T00:00:00Z');
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const config = configOf(`
buckets:
  examplebucket:
    keys:
      - accessKey: "${ACCESS_KEY}"
        secretAccessKey: "${SECRET}"
    storages:
      basic: {kind: noop}
`);

function authorization(signedHeaders: string, signature: string): string {
  return `AWS4-HMAC-SHA256 ${CREDENTIAL},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

async function run(url: string, init: RequestInit, now = NOW): Promise<AuthResult> {
  return authenticate(new Request(url, init), new URL(url), await config, now);
}

// Virtual-hosted examples: their first path segment is not a bucket, so the first bucket
// holding the key applies (§7.2 step 4), which is what makes them usable here.
const VHOST = 'examplebucket.s3.amazonaws.com';

describe('AWS documentation examples', () => {
  test('GET object with a Range header', async () => {
    const signature = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
    const result = await run(`http://${VHOST}/test.txt`, {
      headers: {
        host: VHOST,
        range: 'bytes=0-9',
        'x-amz-content-sha256': EMPTY,
        'x-amz-date': DATE,
        authorization: authorization('host;range;x-amz-content-sha256;x-amz-date', signature),
      },
    });

    expect(result.kind).toBe('authenticated');
  });

  test('PUT object with a Date header and a `$` in the key', async () => {
    const body = 'Welcome to Amazon S3.';
    const hash = '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072';
    const signature = '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd';
    const signed = 'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class';
    const result = await run(`http://${VHOST}/test$file.text`, {
      method: 'PUT',
      body,
      headers: {
        host: VHOST,
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-date': DATE,
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': hash,
        authorization: authorization(signed, signature),
      },
    });

    if (result.kind !== 'authenticated') throw new Error(result.kind);
    expect(await readAll(result.wrapBody(new Response(body).body))).toBe(body);
  });

  test('GET bucket lifecycle (`/?lifecycle`) is a ListAllMyBuckets path here', async () => {
    const signature = 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543';
    const result = await run(`http://${VHOST}/?lifecycle`, {
      headers: {
        host: VHOST,
        'x-amz-content-sha256': EMPTY,
        'x-amz-date': DATE,
        authorization: authorization('host;x-amz-content-sha256;x-amz-date', signature),
      },
    });

    expect(result).toEqual({ kind: 'list-buckets', accessKey: ACCESS_KEY });
  });

  test('GET bucket listing with max-keys and prefix', async () => {
    const signature = '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7';
    const result = await run(`http://${VHOST}/?max-keys=2&prefix=J`, {
      headers: {
        host: VHOST,
        'x-amz-content-sha256': EMPTY,
        'x-amz-date': DATE,
        authorization: authorization('host;x-amz-content-sha256;x-amz-date', signature),
      },
    });

    expect(result.kind).toBe('list-buckets');
  });

  test('presigned GET, valid for 86400 seconds', async () => {
    const url =
      `http://${VHOST}/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256` +
      `&X-Amz-Credential=${ACCESS_KEY}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request` +
      `&X-Amz-Date=${DATE}&X-Amz-Expires=86400&X-Amz-SignedHeaders=host` +
      '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    const init = { headers: { host: VHOST } };

    expect((await run(url, init)).kind).toBe('authenticated');
    expect((await run(url, init, new Date('2013-05-24T23:59:59Z'))).kind).toBe('authenticated');

    const expired = await run(url, init, new Date('2013-05-25T00:00:01Z'));
    if (expired.kind !== 'denied') throw new Error(expired.kind);
    expect(expired.response.status).toBe(403);
    expect(await expired.response.text()).toContain('Request has expired');
  });

  test('chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), 64 KiB + 1 KiB of "a"', async () => {
    const chunk = (size: number, signature: string) =>
      `${size.toString(16)};chunk-signature=${signature}\r\n${'a'.repeat(size)}\r\n`;
    const body =
      chunk(65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648') +
      chunk(1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497') +
      '0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n';
    const signed =
      'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;' +
      'x-amz-decoded-content-length;x-amz-storage-class';
    const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
    const result = await run('http://s3.amazonaws.com/examplebucket/chunkObject.txt', {
      method: 'PUT',
      headers: {
        host: 's3.amazonaws.com',
        'x-amz-date': DATE,
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '66560',
        'content-length': String(body.length),
        authorization: authorization(signed, seed),
      },
    });

    expect(body.length).toBe(66824);
    if (result.kind !== 'authenticated') throw new Error(result.kind);
    expect(result.payload).toBe('aws-chunked-signed');
    expect(result.contentLength).toBe(66560);
    expect(await readAll(result.wrapBody(new Response(body).body))).toBe('a'.repeat(66560));

    const corrupted = body.replace('aaaa', 'aaab');
    const error = await readAll(result.wrapBody(new Response(corrupted).body)).catch((e) => e);
    expect(error.s3Code).toBe('SignatureDoesNotMatch');
  });
});
