// The slice of a bucket's storage definition (SPEC §2.6.2) that the storage adapters read.
// Field names are the YAML keys verbatim, so the config module's full type is assignable to
// this one structurally; keeping our own copy lets src/storage/ build without src/config/.

/** One entry of `buckets.<name>.storages` in mort.yml. */
export interface StorageDefinition {
  /** Adapter kind: local, local-meta, s3, http, b2, noop, google, azure, sftp, oracle. */
  kind: string;
  /** local, local-meta: existing directory holding one sub-directory per container. */
  rootPath?: string;
  /** All kinds: prefix joined in front of every key (SPEC §8.1). */
  pathPrefix?: string;
  /** All kinds: container name override; default is the object's bucket name. */
  bucket?: string;
  /** http: URL template with `<container>` and `<item>` placeholders (SPEC §8.6). */
  url?: string;
  /** http: headers sent upstream; all kinds: merged into metadata on writes (SPEC §7.7). */
  headers?: Record<string, string>;
}

/** What the caller knows about the storage besides its definition. */
export interface StorageContext {
  /** Bucket that declares the storage; only used in error details for logs. */
  bucketName?: string;
  /** Name of the storage inside the bucket (`basic`, `transform`, ...); for error details. */
  storageName?: string;
  /** Replaces the global fetch for the http adapter (proxies, instrumentation). */
  fetch?: typeof fetch;
}
