// Storage on the local file system, shared by `local` and `local-meta` (SPEC §8.3, §8.4).
// The two differ only in their FileFormat: how metadata is kept and a few write rules.

import { constants, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { lstat, mkdir, open, rm, rmdir, unlink } from 'node:fs/promises';
import { MortError, isMortError } from '../errors.ts';
import { writeFileAtomically } from './atomic-write.ts';
import {
  contentTypeByExtension,
  DIRECTORY_CONTENT_TYPE,
  SNIFF_BYTES,
  sniffContentType,
} from './content-type.ts';
import type { StorageDefinition } from './definition.ts';
import { DirectoryObjectError, itemNotFound, storageFailure } from './errors.ts';
import { fileRangeStream, readAt } from './file-stream.ts';
import { collectKeys } from './fs-list.ts';
import { RootedPaths } from './fs-paths.ts';
import { assertSafeKey, listingBase, resolveLocation, toContainer } from './keys.ts';
import { selectKeyPage } from './list-keys.ts';
import { metadataForWrite, responseHeaders } from './metadata.ts';
import { contentRange, satisfyRange } from './range.ts';
import type * as api from './types.ts';

// A FIFO or device dropped into the storage would block open() until a writer appears, and
// with it one of the few file-system threads: open without blocking, then refuse what is not
// a regular file or a directory. O_NONBLOCK changes nothing for regular files.
const READ_WITHOUT_BLOCKING = constants.O_RDONLY | constants.O_NONBLOCK;

const DEFAULT_MAX_KEYS = 1000;

/** What distinguishes one on-disk layout from another. */
export interface FileFormat {
  readonly kind: string;
  /** Size of the header in front of the content, and the metadata it holds. */
  readHeader(handle: FileHandle, fileSize: number): Promise<StoredHeader>;
  /** Header to write in front of new content; undefined when the format keeps no metadata. */
  encodeHeader(stored: Record<string, string>): Uint8Array | undefined;
  etag(stats: BigIntStats): string;
  /** Streams of unknown length are refused (local-meta must check Content-Length). */
  readonly isLengthRequired: boolean;
  /** A zero-length write creates a directory (S3 `dir/` markers) instead of an empty file. */
  readonly isEmptyWriteDirectory: boolean;
  readonly isDeleteRecursive: boolean;
}

export interface StoredHeader {
  headerBytes: number;
  stored: Record<string, string>;
}

interface OpenedObject {
  handle: FileHandle;
  path: string;
  headerBytes: number;
  metadata: api.ObjectMetadata;
}

export class FileStorage implements api.Storage {
  readonly kind: string;
  private readonly paths: RootedPaths;

  constructor(
    private readonly definition: StorageDefinition,
    private readonly format: FileFormat,
  ) {
    if (!definition.rootPath) throw storageFailure(`${format.kind} storage needs rootPath`);

    this.kind = format.kind;
    this.paths = new RootedPaths(definition.rootPath);
  }

  async head(location: api.ObjectLocation): Promise<api.HeadResult> {
    const opened = await this.openObject(location);
    await opened.handle.close();

    return { status: 200, metadata: opened.metadata, headers: responseHeaders(opened.metadata) };
  }

  async get(location: api.ObjectLocation, options: api.GetOptions = {}): Promise<api.GetResult> {
    const { handle, path, headerBytes, metadata } = await this.openObject(location);
    const size = metadata.size ?? 0;
    // The same bytes as a lazily opened file: Bun sends it with sendfile and Content-Length.
    const file = (start: number, endExclusive: number) => Bun.file(path).slice(start, endExclusive);

    try {
      if (metadata.isDirectory) throw new DirectoryObjectError();

      const headers = responseHeaders(metadata);
      if (!options.range) {
        const body = fileRangeStream(handle, headerBytes, headerBytes + size);
        const whole = file(headerBytes, headerBytes + size);
        return { status: 200, metadata, headers, body, file: whole };
      }

      const range = satisfyRange(options.range, size);
      headers['content-length'] = String(range.end - range.start + 1);
      headers['content-range'] = contentRange(range.start, range.end, size);

      const start = headerBytes + range.start;
      const end = headerBytes + range.end + 1;
      return { status: 206, metadata, headers, body: fileRangeStream(handle, start, end),
        file: file(start, end) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async put(
    location: api.ObjectLocation,
    body: ReadableStream<Uint8Array> | Uint8Array,
    options: api.PutOptions = {},
  ): Promise<api.PutResult> {
    const path = await this.objectPath(location, true);
    const length = body instanceof Uint8Array ? body.length : options.contentLength;
    const isLengthMismatch =
      options.contentLength !== undefined && length !== options.contentLength;

    if (isLengthMismatch) throw storageFailure('body length does not match Content-Length');
    if (length === undefined && this.format.isLengthRequired) {
      throw storageFailure(`${this.kind} storage needs a Content-Length`);
    }

    if (length === 0 && this.format.isEmptyWriteDirectory) {
      if (!(body instanceof Uint8Array)) await body.cancel();
      await mkdir(path, { recursive: true }).catch(rethrowAs('cannot create directory'));
      return { size: 0, etag: undefined };
    }

    const stored = metadataForWrite(this.definition.headers, options.metadata, options.contentType);
    const header = this.format.encodeHeader(stored);
    const size = await writeFileAtomically(path, { header, body, expectedLength: length });
    const stats = await lstat(path, { bigint: true });

    return { size, etag: this.format.etag(stats) };
  }

  async delete(location: api.ObjectLocation): Promise<void> {
    const path = await this.objectPath(location, false);
    const stats = await lstat(path).catch(rethrowAs('delete failed'));

    try {
      if (!stats.isDirectory()) await unlink(path);
      else if (this.format.isDeleteRecursive) await rm(path, { recursive: true });
      else await rmdir(path);
    } catch (error) {
      rethrowAs('delete failed')(error);
    }
  }

  async list(bucket: string, options: api.ListOptions = {}): Promise<api.ListResult> {
    const prefix = (options.prefix ?? '').replace(/^\/+/, '');
    assertSafeKey(prefix);

    const containerDir = await this.paths.containerDir(toContainer(this.definition, bucket), false);
    const base = listingBase(this.definition);
    const scope = (base + prefix).slice(0, (base + prefix).lastIndexOf('/') + 1);
    await this.paths.resolve(containerDir, `/${scope}`);

    const found = await collectKeys(containerDir, scope, options.delimiter !== '/');
    const page = selectKeyPage(
      found.map((key) => key.slice(base.length)),
      {
        prefix,
        delimiter: options.delimiter || undefined,
        marker: options.marker,
        maxKeys: options.maxKeys ?? DEFAULT_MAX_KEYS,
      },
    );

    const entries: api.ListEntry[] = [];
    for (const key of page.objectKeys) {
      const entry = await this.describe(key, `${containerDir}/${base}${key}`);
      if (entry) entries.push(entry);
    }

    const { commonPrefixes, isTruncated, nextMarker } = page;
    return { entries, commonPrefixes, isTruncated, nextMarker };
  }

  private async objectPath(location: api.ObjectLocation, isWrite: boolean): Promise<string> {
    const { container, storageKey } = resolveLocation(this.definition, location);
    // Writing or deleting the container itself is never an object operation (SPEC §12.37).
    if (storageKey === '/') throw new MortError('bad_request', 'empty object key');

    const containerDir = await this.paths.containerDir(container, isWrite);
    return this.paths.resolve(containerDir, storageKey);
  }

  private async openObject(location: api.ObjectLocation): Promise<OpenedObject> {
    const { container, storageKey } = resolveLocation(this.definition, location);
    const containerDir = await this.paths.containerDir(container, false);
    const path = await this.paths.resolve(containerDir, storageKey);
    const handle = await open(path, READ_WITHOUT_BLOCKING).catch(rethrowAs('open failed'));

    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile() && !stats.isDirectory()) throw itemNotFound();
      const opened = await this.readMetadata(handle, stats, storageKey);

      return { handle, path, ...opened };
    } catch (error) {
      await handle.close();
      throw isMortError(error) ? error : storageFailure('cannot read object', error);
    }
  }

  private async readMetadata(
    handle: FileHandle,
    stats: BigIntStats,
    storageKey: string,
  ): Promise<Omit<OpenedObject, 'handle' | 'path'>> {
    const base = { etag: this.format.etag(stats), lastModified: stats.mtime };

    if (stats.isDirectory()) {
      const metadata = {
        ...base,
        size: 0,
        contentType: DIRECTORY_CONTENT_TYPE,
        isDirectory: true,
        stored: {},
      };
      return { headerBytes: 0, metadata };
    }

    const fileSize = Number(stats.size);
    const { headerBytes, stored } = await this.format.readHeader(handle, fileSize);
    const contentType =
      stored['content-type'] ||
      contentTypeByExtension(storageKey) ||
      sniffContentType(await readAt(handle, headerBytes, SNIFF_BYTES));
    const size = fileSize - headerBytes;
    const isDirectory = contentType === DIRECTORY_CONTENT_TYPE;
    // A strong ETag written with the object (e.g. the MD5 of a rendered image) keeps the
    // validator a client saw on the first, rendered answer; Mort ignores it (SPEC §8.3).
    const etag = /^"[^"]+"$/.test(stored.etag ?? '') ? stored.etag! : base.etag;

    return { headerBytes, metadata: { ...base, etag, size, contentType, isDirectory, stored } };
  }

  // Metadata of one listed key; undefined when it vanished since the directory was read.
  private async describe(key: string, path: string): Promise<api.ListEntry | undefined> {
    const handle = await open(path, READ_WITHOUT_BLOCKING).catch(() => undefined);
    if (!handle) return undefined;

    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile() && !stats.isDirectory()) return undefined;
      const etag = this.format.etag(stats);
      const headerBytes = stats.isDirectory()
        ? 0
        : (await this.format.readHeader(handle, Number(stats.size))).headerBytes;
      const size = stats.isDirectory() ? 0 : Number(stats.size) - headerBytes;

      return { key, size, lastModified: stats.mtime, etag };
    } catch {
      return undefined;
    } finally {
      await handle.close();
    }
  }
}

// Maps file-system errors: a missing path (or a file used as a directory) is a miss.
function rethrowAs(message: string): (error: unknown) => never {
  return (error: unknown) => {
    if (isMortError(error)) throw error;

    const code = (error as NodeJS.ErrnoException).code;
    // ENXIO: a unix socket file, which open() refuses; it is no object either.
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENXIO') throw itemNotFound();

    throw storageFailure(message, error);
  };
}
