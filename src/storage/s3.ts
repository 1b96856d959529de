// `s3` storage (SPEC §8.5): objects in AWS S3 or any S3-compatible store (MinIO, Backblaze B2,
// Google Cloud Storage, Oracle Cloud, ...) through @aws-sdk/client-s3. Bodies are streamed
// both ways; ranges are served natively by the backend.

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  RestoreObjectCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { MortError } from '../errors.ts';
import type { StorageContext, StorageDefinition } from './definition.ts';
import { DirectoryObjectError, storageFailure } from './errors.ts';
import { assertSafeKey, listingBase, resolveLocation, toContainer } from './keys.ts';
import { compareUtf8 } from './list-keys.ts';
import { contentRange, sliceStream } from './range.ts';
import { LazyS3Client, type S3ClientFactory, type S3ClientSettings } from './s3-client.ts';
import { fromS3Error, type RestoreRequest, type RestoreTier } from './s3-errors.ts';
import { s3ObjectMetadata, s3ResponseHeaders, s3WriteFields } from './s3-metadata.ts';
import { uploadObject } from './s3-upload.ts';
import type * as api from './types.ts';

/** A storage definition with the s3 fields (SPEC §2.6.2); the config's StorageConfig fits. */
export interface S3StorageDefinition extends StorageDefinition, S3ClientSettings {}

/** Knobs for tests; production uses the defaults. */
export interface S3StorageOptions {
  /** Replaces `new S3Client(config)`, e.g. to simulate creation failures. */
  createClient?: S3ClientFactory;
  /** Multipart part size for bodies of unknown length; default 8 MiB (S3 minimum: 5 MiB). */
  partBytes?: number;
}

const DEFAULT_PART_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_KEYS = 1000;
const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

/** Creates an s3 storage; no I/O happens until the first operation. */
export function createS3Storage(
  definition: S3StorageDefinition,
  _context: StorageContext = {},
  options: S3StorageOptions = {},
): S3Storage {
  return new S3Storage(definition, options);
}

/** The s3 adapter; besides the Storage operations it can restore archived objects. */
export class S3Storage implements api.Storage {
  readonly kind = 's3';
  private readonly client: LazyS3Client;
  private readonly partBytes: number;

  constructor(
    private readonly definition: S3StorageDefinition,
    options: S3StorageOptions = {},
  ) {
    this.client = new LazyS3Client(definition, options.createClient);
    this.partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
  }

  async head(location: api.ObjectLocation): Promise<api.HeadResult> {
    const target = this.target(location);

    try {
      const output = await this.client.get().send(new HeadObjectCommand(target));
      const metadata = s3ObjectMetadata(output, target.Key, output.ContentLength);
      return { status: 200, metadata, headers: s3ResponseHeaders(metadata) };
    } catch (error) {
      throw fromS3Error(error);
    }
  }

  async get(location: api.ObjectLocation, options: api.GetOptions = {}): Promise<api.GetResult> {
    const target = this.target(location);
    const range = options.range;
    if (range) assertRange(range);

    let output: GetObjectCommandOutput;
    try {
      const rangeHeader = range ? `bytes=${range.start}-${range.end}` : undefined;
      const command = new GetObjectCommand({ ...target, Range: rangeHeader });
      output = await this.client.get().send(command);
    } catch (error) {
      throw fromS3Error(error, location, this.restorer(location));
    }

    const body = output.Body?.transformToWebStream() ?? emptyStream();
    try {
      return readGetOutput(output, body, target.Key, range);
    } catch (error) {
      await body.cancel().catch(() => undefined);
      throw error;
    }
  }

  async put(
    location: api.ObjectLocation,
    body: ReadableStream<Uint8Array> | Uint8Array,
    options: api.PutOptions = {},
  ): Promise<api.PutResult> {
    try {
      const target = this.target(location);
      const fields = s3WriteFields(this.definition.headers, options.metadata, options.contentType);
      const uploadTarget = { client: this.client.get(), bucket: target.Bucket, key: target.Key };

      return await uploadObject(
        { ...uploadTarget, fields, partBytes: this.partBytes },
        body,
        options.contentLength,
      );
    } catch (error) {
      // Whoever gave us the body learns that nobody reads the rest of it.
      if (!(body instanceof Uint8Array)) await body.cancel(error).catch(() => undefined);
      throw error;
    }
  }

  async delete(location: api.ObjectLocation): Promise<void> {
    // S3 deletes missing keys silently; the contract (and SPEC §7.8) wants not_found.
    await this.head(location);

    try {
      await this.client.get().send(new DeleteObjectCommand(this.target(location)));
    } catch (error) {
      throw fromS3Error(error);
    }
  }

  async list(bucket: string, options: api.ListOptions = {}): Promise<api.ListResult> {
    const prefix = (options.prefix ?? '').replace(/^\/+/, '');
    const marker = options.marker ?? '';
    assertSafeKey(prefix);

    const base = listingBase(this.definition);
    const input = {
      Bucket: toContainer(this.definition, bucket),
      Prefix: base + prefix,
      Delimiter: options.delimiter || undefined,
      StartAfter: marker ? base + marker : undefined,
      MaxKeys: options.maxKeys ?? DEFAULT_MAX_KEYS,
    };

    try {
      const output = await this.client.get().send(new ListObjectsV2Command(input));
      return toListResult(output, base, marker);
    } catch (error) {
      throw fromS3Error(error);
    }
  }

  /** A GET URL signed for `expiresSeconds` (SPEC §6.11 uses 5 h). */
  async presignGet(location: api.ObjectLocation, expiresSeconds: number): Promise<string> {
    const target = this.target(location);

    try {
      return await getSignedUrl(this.client.get(), new GetObjectCommand(target), {
        expiresIn: expiresSeconds,
      });
    } catch (error) {
      throw fromS3Error(error);
    }
  }

  /**
   * Asks S3 to restore an archived object for `days` at `tier` (SPEC §6.12). A restore that
   * is already running counts as success.
   */
  async restore(
    location: api.ObjectLocation,
    days: number,
    tier: RestoreTier,
    signal?: AbortSignal,
  ): Promise<void> {
    const command = new RestoreObjectCommand({
      ...this.target(location),
      RestoreRequest: { Days: days, GlacierJobParameters: { Tier: tier } },
    });

    try {
      await this.client.get().send(command, { abortSignal: signal });
    } catch (error) {
      if ((error as { name?: string }).name === 'RestoreAlreadyInProgress') return;

      throw fromS3Error(error);
    }
  }

  private restorer(location: api.ObjectLocation): RestoreRequest {
    return (days, tier, signal) => this.restore(location, days, tier, signal);
  }

  // Container and key are resolved on every call (SPEC §12.23). The leading `/` goes (SPEC
  // §8.1); a trailing `/` stays so `dir/` markers keep their name (SPEC §12.22).
  private target(location: api.ObjectLocation): { Bucket: string; Key: string } {
    const { container, storageKey } = resolveLocation(this.definition, location);
    const key = storageKey.slice(1);
    const isMarker = location.key.endsWith('/') && key !== '';

    return { Bucket: container, Key: isMarker ? `${key}/` : key };
  }
}

function readGetOutput(
  output: GetObjectCommandOutput,
  body: ReadableStream<Uint8Array>,
  s3Key: string,
  range: api.ByteRange | undefined,
): api.GetResult {
  const served = parseContentRange(output.ContentRange);
  const size = served ? served.size : output.ContentLength;
  const metadata = s3ObjectMetadata(output, s3Key, size);
  if (metadata.isDirectory) throw new DirectoryObjectError();

  const headers = s3ResponseHeaders(metadata);
  if (!range) return { status: 200, metadata, headers, body };

  const total = size ?? Number.MAX_SAFE_INTEGER;
  if (range.start >= total) throw new MortError('range_not_satisfiable', 'range not satisfiable');

  const part = { start: range.start, end: Math.min(range.end, total - 1) };
  headers['content-range'] = contentRange(part.start, part.end, size);
  headers['content-length'] = String(part.end - part.start + 1);
  return { status: 206, metadata, headers, body: cutToRange(body, served, part) };
}

// Some compatible stores ignore Range (whole object, 200) or serve more than asked (s3rver
// reads `bytes=0-0` as `bytes=0-`): cut the requested bytes out of what came.
function cutToRange(
  body: ReadableStream<Uint8Array>,
  served: { start: number; end: number } | undefined,
  part: { start: number; end: number },
): ReadableStream<Uint8Array> {
  const from = served?.start ?? 0;
  if (served && served.start === part.start && served.end === part.end) return body;

  if (served && (served.start > part.start || served.end < part.end)) {
    throw storageFailure('object store served another range than requested');
  }

  return sliceStream(body, part.start - from, part.end - from);
}

function parseContentRange(value: string | undefined) {
  const match = CONTENT_RANGE.exec(value ?? '');
  if (!match || match[3] === '*') return undefined;

  return { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) };
}

// The same checks as satisfyRange (range.ts); the size is only known once S3 answers.
function assertRange(range: api.ByteRange): void {
  const isWellFormed =
    Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0;

  if (!isWellFormed || range.end < range.start) {
    throw new MortError('bad_request', 'invalid byte range');
  }
}

interface ListOutput {
  Contents?: { Key?: string; Size?: number; LastModified?: Date; ETag?: string }[];
  CommonPrefixes?: { Prefix?: string }[];
  IsTruncated?: boolean;
}

function toListResult(output: ListOutput, base: string, marker: string): api.ListResult {
  const strip = (key: string) => key.slice(base.length);
  const entries = (output.Contents ?? [])
    .filter((item) => item.Key?.startsWith(base))
    .map((item) => ({
      key: strip(item.Key ?? ''),
      size: item.Size ?? 0,
      lastModified: item.LastModified ?? new Date(),
      etag: item.ETag,
    }));
  const commonPrefixes = (output.CommonPrefixes ?? [])
    .map((item) => strip(item.Prefix ?? ''))
    // A prefix that holds the marker was returned on an earlier page (as in list-keys.ts);
    // AWS skips it, some compatible stores list it again.
    .filter((prefix) => prefix !== '' && !(marker !== '' && marker.startsWith(prefix)));
  const isTruncated = output.IsTruncated ?? false;
  const last = [...entries.map((entry) => entry.key), ...commonPrefixes].sort(compareUtf8).at(-1);

  return {
    entries,
    commonPrefixes,
    isTruncated,
    nextMarker: isTruncated ? last : undefined,
  };
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}
