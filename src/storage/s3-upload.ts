// Writing one object to S3 (SPEC §7.7, §8.5). A body of known length is streamed in a single
// PutObject; an unknown length (or one above the single-request limit) goes through a
// multipart upload that holds one part in memory at a time. A failing or mis-sized body aborts
// the request, so S3 never commits a partial object.

import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { storageFailure } from './errors.ts';
import { fromS3Error } from './s3-errors.ts';
import type { S3WriteFields } from './s3-metadata.ts';

/** Where and how to store the object. */
export interface UploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  fields: S3WriteFields;
  /** Size of multipart parts; S3 needs at least 5 MiB for all but the last. */
  partBytes: number;
}

export interface UploadResult {
  size: number;
  etag: string | undefined;
}

/** S3 refuses single PutObject requests above 5 GiB. */
const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
const MAX_PARTS = 10_000;

// Uploads run until the body ends: a large object may take longer than the 10 s that reads
// get for their response headers.
const NO_RESPONSE_TIMEOUT = { requestTimeout: 0 };

/** Stores `body`; `contentLength`, when given, must match the bytes the body delivers. */
export async function uploadObject(
  target: UploadTarget,
  body: ReadableStream<Uint8Array> | Uint8Array,
  contentLength: number | undefined,
): Promise<UploadResult> {
  if (body instanceof Uint8Array) {
    if (contentLength !== undefined && contentLength !== body.length) throw lengthMismatch();

    return putBytes(target, body);
  }

  const isStreamable =
    contentLength !== undefined && contentLength > 0 && contentLength <= MAX_SINGLE_PUT_BYTES;

  return isStreamable
    ? putStream(target, body, contentLength)
    : uploadParts(target, body, contentLength);
}

async function putBytes(target: UploadTarget, bytes: Uint8Array): Promise<UploadResult> {
  const input = putInput(target, bytes, bytes.length);

  try {
    const output = await target.client.send(new PutObjectCommand(input), NO_RESPONSE_TIMEOUT);
    return { size: bytes.length, etag: output.ETag };
  } catch (error) {
    throw fromS3Error(error);
  }
}

async function putStream(
  target: UploadTarget,
  body: ReadableStream<Uint8Array>,
  contentLength: number,
): Promise<UploadResult> {
  const abort = new AbortController();
  const source = countedReadable(body, contentLength, abort);
  const input = putInput(target, source.readable, contentLength);

  try {
    const output = await target.client.send(new PutObjectCommand(input), {
      ...NO_RESPONSE_TIMEOUT,
      abortSignal: abort.signal,
    });
    return { size: contentLength, etag: output.ETag };
  } catch (error) {
    const failure = source.failure();
    if (failure !== undefined) throw storageFailure('upload body failed', failure);

    throw fromS3Error(error);
  } finally {
    source.readable.destroy();
  }
}

function putInput(
  target: UploadTarget,
  body: PutObjectCommandInput['Body'],
  contentLength: number,
): PutObjectCommandInput {
  return {
    ...(target.fields as Omit<PutObjectCommandInput, 'Bucket' | 'Key'>),
    Bucket: target.bucket,
    Key: target.key,
    Body: body,
    ContentLength: contentLength,
  };
}

/**
 * A Node stream over `body` for the SDK's HTTP handler. The handler pipes it into the request,
 * and pipe() does not forward errors, so a failing or mis-sized body aborts the request.
 */
function countedReadable(
  body: ReadableStream<Uint8Array>,
  expectedBytes: number,
  abort: AbortController,
): { readable: Readable; failure: () => unknown } {
  const reader = body.getReader();
  let count = 0;
  let failure: unknown;

  const fail = (readable: Readable, error: unknown) => {
    failure = error;
    abort.abort(error);
    readable.destroy();
  };

  const readable = new Readable({
    async read() {
      try {
        const { done, value } = await reader.read();
        count += value?.length ?? 0;

        if (count > expectedBytes || (done && count !== expectedBytes)) {
          fail(this, lengthMismatch());
          return;
        }

        this.push(done ? null : Buffer.from(value.buffer, value.byteOffset, value.length));
      } catch (error) {
        fail(this, error);
      }
    },
    destroy(error, callback) {
      reader.cancel(error ?? undefined).catch(() => undefined);
      callback(error);
    },
  });

  return { readable, failure: () => failure };
}

async function uploadParts(
  target: UploadTarget,
  body: ReadableStream<Uint8Array>,
  contentLength: number | undefined,
): Promise<UploadResult> {
  const partBytes = Math.max(target.partBytes, Math.ceil((contentLength ?? 0) / MAX_PARTS));
  const parts = new PartReader(body, partBytes);

  try {
    const first = await parts.next();
    if (first.isLast) {
      if (contentLength !== undefined && first.bytes.length !== contentLength) {
        throw lengthMismatch();
      }

      return await putBytes(target, first.bytes);
    }

    return await uploadMultipart(target, parts, first, contentLength);
  } catch (error) {
    await parts.cancel(error);
    throw fromS3Error(error);
  }
}

async function uploadMultipart(
  target: UploadTarget,
  parts: PartReader,
  first: Part,
  contentLength: number | undefined,
): Promise<UploadResult> {
  const { client, bucket, key } = target;
  // Content-MD5 describes a single request's body; it has no meaning for the whole upload.
  const { ContentMD5: _md5, ...fields } = target.fields;
  const created = await client.send(
    new CreateMultipartUploadCommand({
      ...(fields as Omit<PutObjectCommandInput, 'Bucket' | 'Key'>),
      Bucket: bucket,
      Key: key,
    }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw storageFailure('multipart upload has no id');

  try {
    const completed: CompletedPart[] = [];
    let size = 0;

    for (let part = first; ; part = await parts.next()) {
      if (part.bytes.length > 0 || completed.length === 0) {
        const partNumber = completed.length + 1;
        const input = { Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber };
        const output = await client.send(
          new UploadPartCommand({ ...input, Body: part.bytes, ContentLength: part.bytes.length }),
          NO_RESPONSE_TIMEOUT,
        );

        completed.push({ PartNumber: partNumber, ETag: output.ETag });
        size += part.bytes.length;
      }

      if (part.isLast) break;
    }

    if (contentLength !== undefined && size !== contentLength) throw lengthMismatch();

    const output = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: completed },
      }),
      NO_RESPONSE_TIMEOUT,
    );
    return { size, etag: output.ETag };
  } catch (error) {
    // Best effort: an upload left open only costs storage until the bucket's lifecycle rules.
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}

interface Part {
  bytes: Uint8Array;
  /** The body ended with this part. */
  isLast: boolean;
}

/** Cuts a stream into parts of exactly `partBytes` (the last one may be shorter or empty). */
class PartReader {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private isDone = false;
  private readonly reader;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly partBytes: number,
  ) {
    this.reader = body.getReader();
  }

  async next(): Promise<Part> {
    while (!this.isDone && this.pendingBytes < this.partBytes) {
      const { done, value } = await this.reader.read();
      if (done) {
        this.isDone = true;
        break;
      }

      this.pending.push(value);
      this.pendingBytes += value.length;
    }

    const all = Buffer.concat(this.pending);
    const bytes = all.subarray(0, this.partBytes);
    const rest = all.subarray(this.partBytes);

    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    return { bytes, isLast: this.isDone && rest.length === 0 };
  }

  async cancel(reason: unknown): Promise<void> {
    if (!this.isDone) await this.reader.cancel(reason).catch(() => undefined);
  }
}

function lengthMismatch() {
  return storageFailure('body length does not match Content-Length');
}
