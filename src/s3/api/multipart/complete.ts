// CompleteMultipartUpload: checks the client's part list against the stored parts, then streams
// the parts one after another into the object's storage (never the whole object in memory).
// The ETag is S3's: hex MD5 of the concatenated binary part MD5s, `-<number of parts>`.

import { createHash } from 'node:crypto';

import { resolveDecodedPath } from '../../../object/index.ts';
import { readSmallBody } from '../body.ts';
import { S3Error, malformedXml } from '../errors.ts';
import { storeUpload } from '../objects.ts';
import { xmlResponse } from '../responses.ts';
import { s3Key, type S3Request } from '../request.ts';
import { parseXml, textOf } from '../xml.ts';
import { openUpload } from './handlers.ts';
import type { MultipartStore, PartInfo } from './store.ts';

/** S3 refuses parts under 5 MiB except the last one. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
// 10 000 parts of about 100 bytes of markup each.
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

interface RequestedPart {
  readonly partNumber: number;
  readonly etag: string;
}

function bare(etag: string): string {
  return etag.trim().replaceAll('"', '');
}

function parseCompleteRequest(text: string): RequestedPart[] {
  const root = parseXml(text, ['Part'])['CompleteMultipartUpload'];
  const parts = typeof root === 'object' && root !== null
    ? (root as Record<string, unknown>)['Part']
    : undefined;
  if (!Array.isArray(parts) || parts.length === 0) throw malformedXml();

  return parts.map((part) => {
    const number = textOf(part, 'PartNumber')?.trim() ?? '';
    const etag = textOf(part, 'ETag');
    if (!/^\d{1,5}$/.test(number) || etag === undefined) throw malformedXml();

    return { partNumber: Number(number), etag: bare(etag) };
  });
}

/** The stored parts the request names, in its order; S3's checks and error codes. */
function selectParts(requested: RequestedPart[], stored: PartInfo[]): PartInfo[] {
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const selected: PartInfo[] = [];

  requested.forEach((wanted, index) => {
    if (index > 0 && wanted.partNumber <= requested[index - 1]!.partNumber) {
      throw new S3Error('InvalidPartOrder', 400,
        'The list of parts was not in ascending order. Parts must be ordered by part number.');
    }

    const part = byNumber.get(wanted.partNumber);
    if (part === undefined || bare(part.etag) !== wanted.etag) {
      throw new S3Error('InvalidPart', 400, 'One or more of the specified parts could not be ' +
        'found. The part may not have been uploaded, or the specified entity tag may not ' +
        'match the part\'s entity tag.');
    }

    selected.push(part);
  });

  const tooSmall = selected.slice(0, -1).some((part) => part.size < MIN_PART_BYTES);
  if (tooSmall) {
    throw new S3Error('EntityTooSmall', 400,
      'Your proposed upload is smaller than the minimum allowed object size.');
  }

  return selected;
}

/** The parts' files as one stream, opened one at a time; cancelling closes the open one. */
function concatenate(paths: string[]): ReadableStream<Uint8Array> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (const path of paths) {
      for await (const chunk of Bun.file(path).stream()) yield chunk;
    }
  }

  const iterator = chunks();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: async () => void (await iterator.return(undefined)),
  });
}

function multipartEtag(parts: PartInfo[]): string {
  const md5s = parts.map((part) => Buffer.from(bare(part.etag), 'hex'));
  return `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${parts.length}"`;
}

function encodePath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export async function completeUpload(store: MultipartStore, s3: S3Request): Promise<Response> {
  const info = await openUpload(store, s3);
  const requested = parseCompleteRequest(await readSmallBody(s3, MAX_DOCUMENT_BYTES));
  const uploadId = s3.url.searchParams.get('uploadId') ?? '';
  const parts = selectParts(requested, await store.parts(uploadId));

  const object = resolveDecodedPath(`/${info.bucket}${info.key}`, s3.services.config);
  const body = concatenate(parts.map((part) => store.partPath(uploadId, part)));
  const size = parts.reduce((total, part) => total + part.size, 0);
  await storeUpload(s3, object, { body, contentLength: size }, info.contentType, info.metadata);
  await store.remove(uploadId);

  return xmlResponse(s3.requestId, 'CompleteMultipartUploadResult', {
    Location: `${s3.url.origin}/${info.bucket}${encodePath(info.key)}`,
    Bucket: info.bucket,
    Key: s3Key(info.key),
    ETag: multipartEtag(parts),
  });
}
