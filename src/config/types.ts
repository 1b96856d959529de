// Typed, frozen view of mort.yml (SPEC §2). Field names are the YAML keys verbatim so every module
// can map a config key to its field without a lookup table. Defaults are already applied: a field
// typed without `undefined` always holds a value. Fields that are not YAML keys say so.

/** The whole configuration, as returned by `loadConfig` / `parseConfig`. */
export interface MortConfig {
  readonly server: ServerConfig;
  /** Global response header rules, in file order (§2.5, §6.10). */
  readonly headers: readonly HeaderRule[];
  /** Buckets by name. Iterate `bucketNames` when order matters (numeric names reorder here). */
  readonly buckets: Readonly<Record<string, BucketConfig>>;
  /** Not a YAML key: bucket names in file order (§7.2 "first bucket in config order"). */
  readonly bucketNames: readonly string[];
  /** Not a YAML key: access key → buckets whose `keys` hold it, in file order (§2.6.4). */
  readonly accessKeyIndex: ReadonlyMap<string, readonly string[]>;
}

/** `server` (§2.3). */
export interface ServerConfig {
  /** Single public listener, used only when `listens` is empty. Default `:8080`. */
  readonly listen: string;
  /** Public listeners (`host:port`, `:port` or `unix:/path`). Default `[listen]`. */
  readonly listens: readonly string[];
  /** Listener for /metrics and /debug. Default `:8081`; never equal to a public listener. */
  readonly internalListen: string;
  /** `prometheus` enables application metrics (§11.2); anything else disables them. */
  readonly monitoring: string;
  /** `debug` = human-readable debug logs; other values = JSON logs (default `prod`). */
  readonly logLevel: string;
  /** JSON access log (§11.3). */
  readonly accessLogs: boolean;
  /** Max concurrent renderings, and max waiting ones (§6.6). Default 100 (also when ≤ 0). */
  readonly concurrentImageProcessing: number;
  /** Deadline in seconds for requests on transformed objects (§6.7). Default 60. */
  readonly requestTimeout: number;
  /** Seconds a collapsed request waits; also the Redis lock TTL (§6.5). Default 30. */
  readonly lockTimeout: number;
  readonly cache: CacheConfig;
  readonly lock: LockConfig;
  readonly idleCleanup: IdleCleanupConfig;
  /** Originals larger than this many bytes are redirected (§6.11). 0 = off. */
  readonly maxFileSize: number;
  /** Placeholder image source as written: `http…` URL or file path (§6.9). */
  readonly placeholder: string | undefined;
  /** Not a YAML key: the placeholder bytes, fetched once at start-up. */
  readonly placeholderBytes: Uint8Array | undefined;
  readonly plugins: PluginsConfig;
  readonly remoteFetch: RemoteFetchConfig;
}

/** Cache and lock backends; any unknown `type` value means `memory`. */
export type BackendType = 'memory' | 'redis' | 'redis-cluster';

/** `server.cache` (§2.3, §6.8). */
export interface CacheConfig {
  readonly type: BackendType;
  /** Redis `host:port` list: one = single node, several = sharding; cluster: seed nodes. */
  readonly address: readonly string[];
  /** Memory cache budget in bytes (sum of entry sizes). Default 50000. */
  readonly cacheSize: number;
  /** Max cached body size as written (default 5). See `maxCacheItemBytes` for the limit. */
  readonly maxCacheItemSizeMB: number;
  /** Not a YAML key: `maxCacheItemSizeMB × 2 MiB`, the reference limit (§12 item 8). */
  readonly maxCacheItemBytes: number;
  /** Redis only: fill attempts before an item is really stored. */
  readonly minUseCount: number;
  /** Sent as Redis `CONFIG SET name value` on connect (errors ignored). */
  readonly clientConfig: Readonly<Record<string, string>>;
}

/** `server.lock` (§6.5). Absent = memory lock. */
export interface LockConfig {
  readonly type: BackendType;
  readonly address: readonly string[];
  readonly clientConfig: Readonly<Record<string, string>>;
}

/** `server.idleCleanup` (§11.4). */
export interface IdleCleanupConfig {
  readonly enabled: boolean;
  /** Minutes without a rendering before cleanup. Default 15; at least 5 when enabled. */
  readonly idleTimeoutMin: number;
  readonly aggressiveGC: boolean;
}

/** `server.plugins` (§9). Only known names are accepted at load time. */
export interface PluginsConfig {
  /** `webp: ~` present: negotiate WebP via `Accept` (§9.1). */
  readonly webp: boolean;
  /** `avif: ~` present: like `webp`, for `image/avif`. */
  readonly avif: boolean;
  /** `compress:` present (§9.2). */
  readonly compress: CompressPluginConfig | undefined;
}

/** `server.plugins.compress`: one entry per configured encoding. */
export interface CompressPluginConfig {
  readonly gzip: CompressEncodingConfig | undefined;
  readonly brotli: CompressEncodingConfig | undefined;
  readonly zstd: CompressEncodingConfig | undefined;
}

/** One encoding of the compress plugin. */
export interface CompressEncodingConfig {
  /** Content-type substrings that qualify. Default `[text/html]`. */
  readonly types: readonly string[];
  /** Encoder level (brotli quality, gzip 1–9, zstd speed band). Default 4. */
  readonly level: number;
}

/** `server.remoteFetch`: where watermark images may be fetched from (§12 item 30). */
export interface RemoteFetchConfig {
  /** Entries `host` (any port) or `host:port`. Default `[]`: no restriction list. */
  readonly allow: readonly string[];
}

/** One global header rule (§2.5). */
export interface HeaderRule {
  readonly statusCodes: readonly number[];
  readonly values: Readonly<Record<string, string>>;
  /** true: set every value; false (default): only headers the response lacks. */
  readonly override: boolean;
}

/** `buckets.<name>` (§2.6). */
export interface BucketConfig {
  /** Not a YAML key: the bucket's name (its key under `buckets`). */
  readonly name: string;
  /** S3 credentials accepted for this bucket (§7); cloudinary uses the single entry (§10.2). */
  readonly keys: readonly AccessKeyConfig[];
  /** URL → operations mapping; undefined = every object is an original. */
  readonly transform: TransformConfig | undefined;
  /** Storages by name; `basic` always exists. */
  readonly storages: Readonly<Record<string, StorageConfig>>;
  /** Headers added to every response of this bucket (§6.10). */
  readonly headers: Readonly<Record<string, string>>;
  readonly glacier: GlacierConfig;
}

/** One S3 credential pair. */
export interface AccessKeyConfig {
  readonly accessKey: string;
  readonly secretAccessKey: string;
}

/** Transform kinds; Tengo's `tengo` is replaced by `script`. */
export type TransformKind =
  | 'presets'
  | 'query'
  | 'presets-query'
  | 'base64_presets'
  | 'cloudinary'
  | 'script';

/** Result-key schemes (§4.4); unknown values behave as `""` like the reference. */
export type ResultKeyKind = '' | 'hash' | 'hashParent';

/** `buckets.<name>.transform` (§2.6.1). */
export interface TransformConfig {
  readonly kind: TransformKind;
  /** The `path` regexp as written (RE2 syntax, `(?P<name>…)` groups). */
  readonly path: string | undefined;
  /** Not a YAML key: `path` compiled for JS, unanchored, no `g` flag. */
  readonly pathRegexp: RegExp | undefined;
  readonly presets: Readonly<Record<string, PresetConfig>>;
  /** Bucket name prefixed to parent paths (§4.3). Default `""`. */
  readonly parentBucket: string;
  /** Storage of this bucket parents are read from. Default `basic`. */
  readonly parentStorage: string;
  /** Always verify the parent still exists (§6.3). */
  readonly checkParent: boolean;
  /** Default `""`, `hashParent` for `query` and `presets-query`. */
  readonly resultKey: ResultKeyKind;
  /** `kind: script`: absolute path of the TS/JS module exporting `parse`. */
  readonly scriptPath: string | undefined;
}

/** One preset (§5.2). Setter-level validation (ranges, formats) happens per request. */
export interface PresetConfig {
  /** 0 when absent; ignored unless 1..100. */
  readonly quality: number;
  /** `""` when absent. */
  readonly format: string;
  readonly filters: PresetFilters;
}

/** `presets.<name>.filters`; an absent map filter is undefined. */
export interface PresetFilters {
  readonly thumbnail: ThumbnailFilter | undefined;
  readonly crop: CropFilter | undefined;
  readonly extract: ExtractFilter | undefined;
  readonly resizeCropAuto: SizeFilter | undefined;
  readonly interlace: boolean;
  readonly strip: boolean;
  readonly grayscale: boolean;
  /** Accepted for compatibility; has no effect. */
  readonly auto_rotate: boolean;
  readonly blur: BlurFilter | undefined;
  readonly watermark: WatermarkFilter | undefined;
  readonly rotate: RotateFilter | undefined;
}

/** Width/height pair in pixels; 0 = not set. */
export interface SizeFilter {
  readonly width: number;
  readonly height: number;
}

/** `thumbnail`: resize; `mode: outbound` enlarges. */
export interface ThumbnailFilter extends SizeFilter {
  readonly mode: string;
  readonly preserveAspectRatio: boolean;
  readonly fill: boolean;
}

/** `crop`; empty or unknown gravity means smart. */
export interface CropFilter extends SizeFilter {
  readonly gravity: string;
  readonly mode: string;
  readonly embed: boolean;
}

/** `extract`: area in pixels. */
export interface ExtractFilter extends SizeFilter {
  readonly top: number;
  readonly left: number;
}

/** `blur`: Gaussian sigma and minimum amplitude. */
export interface BlurFilter {
  readonly sigma: number;
  readonly minAmpl: number;
}

/** `watermark`: image URL or path, `V-H` position, opacity 0..1. */
export interface WatermarkFilter {
  readonly image: string;
  readonly position: string;
  readonly opacity: number;
}

/** `rotate`: clockwise degrees, a multiple of 90. */
export interface RotateFilter {
  readonly angle: number;
}

/** Storage kinds this server accepts (b2/google/oracle are reached through `s3`). */
export type StorageKind = 'local' | 'local-meta' | 's3' | 'http' | 'noop' | 'azure' | 'sftp';

/** `buckets.<name>.storages.<name>` (§2.6.2, §8). Fields unused by the kind are undefined. */
export interface StorageConfig {
  /** Not a YAML key: the storage's name (`basic`, `transform`, …). */
  readonly name: string;
  readonly kind: StorageKind;
  /** local, local-meta: existing directory holding one directory per container. */
  readonly rootPath: string | undefined;
  /** Prefix joined in front of every key; `""` when absent (`transforms` gets `transforms`). */
  readonly pathPrefix: string;
  /** Container name override; undefined = the object's bucket name. */
  readonly bucket: string | undefined;
  /** http: URL template with `<container>` and `<item>`. */
  readonly url: string | undefined;
  /** http: request headers; also merged into metadata on writes. */
  readonly headers: Readonly<Record<string, string>>;
  /** s3 credentials (required for s3). */
  readonly accessKey: string | undefined;
  readonly secretAccessKey: string | undefined;
  /** s3 region; `us-east-1` for s3 when absent. */
  readonly region: string | undefined;
  /** s3 endpoint URL; when set, path-style addressing is used. */
  readonly endpoint: string | undefined;
  /** s3: log connection events (`true` or the string `"true"`). */
  readonly HTTPTracing: boolean;
  readonly azureAccount: string | undefined;
  readonly azureKey: string | undefined;
  readonly sftpHost: string | undefined;
  /** sftp port, ≥ 1 (required for sftp). */
  readonly sftpPort: number | undefined;
  readonly sftpUsername: string | undefined;
  readonly sftpPassword: string | undefined;
  readonly sftpPrivateKey: string | undefined;
  readonly sftpPrivateKeypassphrase: string | undefined;
  /** known_hosts line; when absent the host key is not verified. */
  readonly sftpHostPublicKey: string | undefined;
  /** Default `.` for sftp. */
  readonly sftpBasePath: string | undefined;
}

/** Glacier restore tiers. */
export type GlacierTier = 'Expedited' | 'Standard' | 'Bulk';

/** `buckets.<name>.glacier` (§2.6.5); present with defaults even when not configured. */
export interface GlacierConfig {
  /** Start restores automatically; false also when `glacier` is absent. */
  readonly enabled: boolean;
  readonly restoreTier: GlacierTier;
  /** 1–30, default 3. */
  readonly restoreDays: number;
  /** `Retry-After` value; default by tier: Expedited 300, Standard 14400, Bulk 43200. */
  readonly retryAfterSeconds: number;
}

/** One start-up problem: a dotted key path (e.g. `buckets.media.transform.kind`) and why. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}
