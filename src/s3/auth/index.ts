// Public surface of S3 signature verification (SPEC §7.1–§7.3).

export { authenticate, bucketNameOf, isAuthRequired } from './authenticate.ts';
export { BodyVerificationError, isBodyVerificationError } from './errors.ts';
export { forbiddenResponse, s3ErrorResponse, unauthorizedResponse } from './responses.ts';
export type { S3AuthErrorCode } from './responses.ts';
export type {
  AnonymousResult,
  AuthenticatedResult,
  AuthResult,
  AuthScheme,
  BodyWrapper,
  DeniedResult,
  ListBucketsResult,
  PayloadForm,
} from './types.ts';
