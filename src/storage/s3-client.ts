// One S3 client per storage definition, created on first use (SPEC §2.6.3, §8.1, §8.5). A
// failed creation is answered with 503 and tried again on the next request (SPEC §12.24).

import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { storageUnavailable } from './errors.ts';

/** The fields of a storage definition that configure the client (SPEC §2.6.2, §8.5). */
export interface S3ClientSettings {
  accessKey?: string;
  secretAccessKey?: string;
  /** Default `us-east-1`. */
  region?: string;
  /** URL of an S3-compatible endpoint; when set, path-style addressing is used. */
  endpoint?: string;
}

/** Builds the SDK client; tests replace it to simulate creation failures. */
export type S3ClientFactory = (config: S3ClientConfig) => S3Client;

const DEFAULT_REGION = 'us-east-1';
/** SPEC §8.5: up to 3 attempts, connect within 4 s, response headers within 10 s. */
const MAX_ATTEMPTS = 3;
const CONNECT_TIMEOUT_MS = 4_000;
const RESPONSE_HEADERS_TIMEOUT_MS = 10_000;

// Libraries don't print (STYLE §21): the SDK would otherwise warn on the console.
const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The client of one storage definition, created lazily; creation is retried after failures. */
export class LazyS3Client {
  private client: S3Client | undefined;

  constructor(
    private readonly settings: S3ClientSettings,
    private readonly factory: S3ClientFactory = (config) => new S3Client(config),
  ) {}

  /** The client; throws `unavailable` (503) when it cannot be created right now. */
  get(): S3Client {
    if (this.client) return this.client;

    try {
      this.client = this.factory(clientConfig(this.settings));
    } catch (error) {
      throw storageUnavailable('object store client cannot be created', error);
    }

    return this.client;
  }
}

/** The SDK configuration for one storage definition. */
export function clientConfig(settings: S3ClientSettings): S3ClientConfig {
  const { accessKey, secretAccessKey, endpoint } = settings;
  if (endpoint !== undefined) assertEndpoint(endpoint);

  return {
    region: settings.region || DEFAULT_REGION,
    endpoint,
    // Compatible stores (MinIO, B2, GCS, Oracle, s3rver) rarely have wildcard DNS per bucket.
    forcePathStyle: endpoint !== undefined,
    // Without keys the SDK's default chain applies (environment, profile, instance role).
    credentials:
      accessKey && secretAccessKey ? { accessKeyId: accessKey, secretAccessKey } : undefined,
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      requestTimeout: RESPONSE_HEADERS_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    // The SDK's default CRC checksums are refused by several S3-compatible stores; send and
    // check them only where the S3 API requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    logger: silentLogger,
  };
}

function assertEndpoint(endpoint: string): void {
  const url = URL.parse(endpoint);

  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    // The endpoint itself may carry credentials in its userinfo: keep it out of the detail.
    throw new Error('endpoint is not an http(s) URL');
  }
}
