// A real server with two local-meta buckets and S3 clients pointed at it (path style).

import { S3Client } from '@aws-sdk/client-s3';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startTestServer, tempDir, type TestServer } from '../../helpers/server.ts';

export const MEDIA = { accessKeyId: 'AKMEDIA', secretAccessKey: 'media/secret+key=' };
export const OTHER = { accessKeyId: 'AKOTHER', secretAccessKey: 'other-secret' };

const CONFIG = `
buckets:
  media:
    keys:
      - accessKey: "${MEDIA.accessKeyId}"
        secretAccessKey: "${MEDIA.secretAccessKey}"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/store" }
  gallery:
    keys:
      - accessKey: "${MEDIA.accessKeyId}"
        secretAccessKey: "${MEDIA.secretAccessKey}"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/store" }
  other:
    keys:
      - accessKey: "${OTHER.accessKeyId}"
        secretAccessKey: "${OTHER.secretAccessKey}"
    storages:
      basic: { kind: "local-meta", rootPath: "\${DIR}/store" }
`;

/** The server; its storage root `<dir>/store` exists. */
export async function startS3Server(): Promise<TestServer> {
  const dir = tempDir('mort-s3api-');
  mkdirSync(join(dir, 'store'));
  return startTestServer(CONFIG, { dir });
}

export function clientFor(
  server: TestServer,
  credentials: { accessKeyId: string; secretAccessKey: string } = MEDIA,
): S3Client {
  return new S3Client({
    endpoint: server.url,
    region: 'mort',
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
}

export function md5Hex(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex');
}

/** A request signed with SigV4 like the SDK does, for calls the SDK cannot make as such. */
export async function signedFetch(
  server: TestServer,
  method: string,
  path: string,
  options: {
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
  } = {},
): Promise<Response> {
  const url = new URL(server.url);
  const signer = new SignatureV4({
    credentials: options.credentials ?? MEDIA,
    region: 'mort',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const body = options.body ?? '';
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: options.query ?? {},
    headers: {
      host: url.host,
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      ...options.headers,
    },
    body,
  });
  const query = new URLSearchParams(options.query ?? {}).toString().replaceAll('+', '%20');
  return fetch(`${server.url}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: signed.headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
}
