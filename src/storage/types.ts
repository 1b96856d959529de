// The one interface every storage adapter implements (SPEC §8). Keys, containers and path
// prefixes are resolved inside the adapter so callers only name the object's bucket and key.

/** Where an object lives, as the HTTP layer sees it (SPEC §4.1). */
export interface ObjectLocation {
  /** The object's bucket; the container is this unless the definition sets `bucket`. */
  bucket: string;
  /** Key with its leading `/` (`/a/b.jpg`); `""` or `/` names the container root. */
  key: string;
}

/** Inclusive byte range, as in `Range: bytes=start-end`; `end` past the size is clamped. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Metadata of one object (SPEC §8.2). */
export interface ObjectMetadata {
  /** Full object size in bytes; undefined only when an http upstream sends no length. */
  size: number | undefined;
  /** Stored content type, else derived from the key's extension or sniffed. */
  contentType: string;
  /** Quoted entity tag (`"…"` or `W/"…"`), undefined when the backend has none. */
  etag: string | undefined;
  lastModified: Date;
  /** Directories (and `application/directory` objects) are never served as content. */
  isDirectory: boolean;
  /** Stored or upstream metadata with lower-cased names (`content-type`, `x-amz-meta-*`). */
  stored: Record<string, string>;
}

/** Result of HEAD: status is always 200, misses throw `not_found`. */
export interface HeadResult {
  status: 200;
  metadata: ObjectMetadata;
  /** Response headers with lower-cased names, ready for the HTTP layer (SPEC §7.9). */
  headers: Record<string, string>;
}

/** Result of GET: 206 when a range was requested and served. */
export interface GetResult {
  status: 200 | 206;
  metadata: ObjectMetadata;
  /** Includes `content-length`, and `content-range` for a 206. */
  headers: Record<string, string>;
  /**
   * Streamed from the backend, never buffered whole. The consumer must read it to the end or
   * cancel it: that is what releases the file handle or upstream connection.
   */
  body: ReadableStream<Uint8Array>;
  /**
   * Local files only: the same bytes as a lazily opened Blob, which Bun sends with sendfile and
   * an exact Content-Length (it drops Content-Length for JS streams). A consumer that sends the
   * Blob must cancel `body`. The file is reopened by path when sent: a concurrent overwrite
   * may be served in its place.
   */
  file?: Blob;
}

export interface GetOptions {
  range?: ByteRange;
}

export interface PutOptions {
  /** Stored as metadata `content-type`. */
  contentType?: string;
  /** Declared body length; local-meta requires it for streams and checks it for every body. */
  contentLength?: number;
  /** Extra metadata (`etag`, `x-amz-meta-*`); names are lower-cased before storing. */
  metadata?: Record<string, string>;
}

export interface PutResult {
  /** Bytes of content written (excluding any metadata header). */
  size: number;
  etag: string | undefined;
}

export interface ListOptions {
  /** S3 prefix relative to the bucket, without leading `/`; default "". */
  prefix?: string;
  /** Groups keys into common prefixes at the first delimiter after the prefix. */
  delimiter?: string;
  /** S3 `marker` / `start-after`: only keys strictly after it are returned. */
  marker?: string;
  /** Entries plus common prefixes per page; default 1000. */
  maxKeys?: number;
}

export interface ListEntry {
  /** Key relative to the bucket, without leading `/` (S3 form). */
  key: string;
  size: number;
  lastModified: Date;
  etag: string | undefined;
}

export interface ListResult {
  entries: ListEntry[];
  /** Each ends with the delimiter, listed once, sorted. */
  commonPrefixes: string[];
  isTruncated: boolean;
  /** Last key or prefix returned when truncated; pass it back as `marker`. */
  nextMarker: string | undefined;
}

/**
 * A storage adapter. Failures are MortErrors: `not_found` (404) for missing objects,
 * `bad_request` (400) for unsafe keys, `unavailable` (503) when the backend cannot be reached
 * or created, `internal` (500) for everything else, including unsupported operations.
 */
export interface Storage {
  readonly kind: string;
  /** Object metadata; directories succeed with `isDirectory: true`. */
  head(location: ObjectLocation): Promise<HeadResult>;
  /** Object content; directories throw DirectoryObjectError (404, SPEC §8.1). */
  get(location: ObjectLocation, options?: GetOptions): Promise<GetResult>;
  /** Stores the body; an aborted or failing body leaves nothing behind. */
  put(
    location: ObjectLocation,
    body: ReadableStream<Uint8Array> | Uint8Array,
    options?: PutOptions,
  ): Promise<PutResult>;
  /** Removes the object; a missing object throws `not_found`. */
  delete(location: ObjectLocation): Promise<void>;
  /** S3-style listing of one bucket. */
  list(bucket: string, options?: ListOptions): Promise<ListResult>;
  /** Pre-signed GET URL; only object stores that can sign implement it (SPEC §8.5). */
  presignGet?(location: ObjectLocation, expiresSeconds: number): Promise<string>;
}
