// Public surface of the S3-compatible API (SPEC §7): what authenticated requests do, answered
// with S3 XML documents and error codes.

import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Services } from '../../processor/context.ts';
import type { AuthenticatedResult } from '../auth/index.ts';
import { listBuckets } from './buckets.ts';
import { DEFAULT_MAX_AGE_MS, MultipartStore } from './multipart/store.ts';
import { errorReply } from './responses.ts';
import { isObjectRead, newRequestId, s3RequestOf } from './request.ts';
import { routeS3 } from './router.ts';

export interface S3ApiOptions {
  /** Where multipart uploads keep their parts; default `<os.tmpdir()>/mort-multipart`. */
  readonly uploadDir?: string;
  /** Age after which an unfinished multipart upload is abandoned; default 24 h. */
  readonly uploadMaxAgeMs?: number;
}

export interface S3Api {
  /** Any authenticated request on a bucket path; never throws. */
  handle(request: Request, url: URL, auth: AuthenticatedResult): Promise<Response>;
  /** ListAllMyBuckets for `GET /` (SPEC §7.4). */
  listBuckets(accessKey: string): Response;
  /**
   * True for GET/HEAD of an object (not the bucket root, not ListParts): those take the
   * normal request flow with the `authenticated` flag, so renderings and ranges work too.
   */
  isObjectRead(request: Request, url: URL): boolean;
  /** An S3 error document for a failed authenticated request. */
  errorReply(error: unknown, request: Request, url: URL): Response;
}

export function createS3Api(services: Services, options: S3ApiOptions = {}): S3Api {
  const store = new MultipartStore(
    options.uploadDir ?? join(tmpdir(), 'mort-multipart'),
    options.uploadMaxAgeMs ?? DEFAULT_MAX_AGE_MS,
  );

  return {
    async handle(request, url, auth) {
      const requestId = newRequestId();

      try {
        return await routeS3(s3RequestOf(services, request, url, auth, requestId), store);
      } catch (error) {
        return errorReply(error, url.pathname, requestId, request.method === 'HEAD');
      }
    },
    listBuckets: (accessKey) => listBuckets(services.config, accessKey),
    isObjectRead,
    errorReply: (error, request, url) =>
      errorReply(error, url.pathname, newRequestId(), request.method === 'HEAD'),
  };
}
