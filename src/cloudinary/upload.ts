// Cloudinary's signed upload API (SPEC §10.2): a `POST` to a bucket whose transform kind is
// `cloudinary` stores one image under a random public id. It runs before S3 authentication
// (SPEC §3 step 2) and answers every request it takes on.

import { isMortError } from '../errors.ts';
import { decodeRequestPath, splitPath } from '../object/index.ts';
import { isFreshTimestamp, isSameSignature, signFields, type FormField } from './signature.ts';

/** The part of a bucket the upload reads (config/'s BucketConfig fits). */
export interface UploadBucketShape {
  /** The single entry is the api key (accessKey) and api secret (secretAccessKey). */
  readonly keys?: readonly { readonly accessKey: string; readonly secretAccessKey: string }[];
  readonly transform?: { readonly kind: string } | undefined;
}

/** What the upload handler needs from the server. */
export interface UploadDeps {
  readonly config: { readonly buckets: Readonly<Record<string, UploadBucketShape>> };
  /**
   * Stores `body` in the bucket's `basic` storage at `key` (leading `/`). A rejection with
   * a MortError status > 399 is answered with that status.
   */
  readonly put: (
    bucket: string,
    key: string,
    body: Uint8Array,
    contentType: string,
  ) => Promise<unknown>;
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
}

const PUBLIC_ID_LENGTH = 20;
const ASSET_ID_LENGTH = 8;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Largest multiple of 62 below 256: bytes at or above it are redrawn so every character is
// equally likely.
const UNBIASED_LIMIT = 248;

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain' } });
}

/** `length` characters from [A-Za-z0-9], from the CSPRNG. */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

interface UploadTarget {
  readonly name: string;
  readonly bucket: UploadBucketShape;
}

/** The bucket of a cloudinary upload, or undefined when the request is not one. */
function uploadTarget(request: Request, url: URL, deps: UploadDeps): UploadTarget | undefined {
  if (request.method !== 'POST') return undefined;

  let name: string;
  try {
    name = splitPath(decodeRequestPath(url.pathname)).bucket;
  } catch {
    return undefined; // the main handler answers the bad path
  }

  const { buckets } = deps.config;
  const bucket = Object.hasOwn(buckets, name) ? buckets[name] : undefined;
  return bucket?.transform?.kind === 'cloudinary' ? { name, bucket } : undefined;
}

/**
 * Answers a Cloudinary upload, or resolves undefined when the request is not a `POST` to a
 * `cloudinary` bucket (the caller carries on with S3 auth). The form is read into memory, as
 * the signature covers fields that may follow the file part. Rejects only when `put` fails
 * with something other than a MortError.
 */
export async function handleCloudinaryUpload(
  request: Request,
  url: URL,
  deps: UploadDeps,
): Promise<Response | undefined> {
  const target = uploadTarget(request, url, deps);
  if (target === undefined) return undefined;

  const [key, ...extraKeys] = target.bucket.keys ?? [];
  if (key === undefined || extraKeys.length > 0) return text(500, 'Server configuration error');

  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    return text(400, "request Content-Type isn't multipart/form-data");
  }

  let form: Awaited<ReturnType<Request['formData']>>;
  try {
    form = await request.formData();
  } catch (err) {
    return text(400, err instanceof Error ? err.message : 'invalid multipart body');
  }

  const fields: FormField[] = [];
  const files: { name: string; file: File }[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.push({ name, value });
    else files.push({ name, file: value });
  }

  const nowSeconds = Math.floor((deps.now ?? Date.now)() / 1000);
  if (!isSignedBy(fields, key, nowSeconds)) return text(403, 'signature does not match');

  // §12.34: the reference crashed on a single part not named `file`.
  const [upload, ...extraFiles] = files;
  if (upload === undefined || extraFiles.length > 0 || upload.name !== 'file') {
    return text(400, 'only upload of one file is supported');
  }

  const subtype = imageSubtype(upload.file.type);
  if (subtype === undefined) return text(400, 'invalid file Content-Type');

  const publicId = randomAlphanumeric(PUBLIC_ID_LENGTH);
  try {
    const bytes = new Uint8Array(await upload.file.arrayBuffer());
    await deps.put(target.name, `/${publicId}`, bytes, upload.file.type);
  } catch (err) {
    // Unexpected failures go to the caller's error mapping, which logs them.
    if (!isMortError(err) || err.status <= 399) throw err;
    return text(err.status, 'parent storage error');
  }

  return Response.json({
    asset_id: randomAlphanumeric(ASSET_ID_LENGTH),
    public_id: publicId,
    version: nowSeconds,
    format: subtype,
    resource_type: 'image',
    bytes: upload.file.size,
    type: 'upload',
    original_filename: upload.file.name,
  });
}

function isSignedBy(
  fields: readonly FormField[],
  key: { readonly accessKey: string; readonly secretAccessKey: string },
  nowSeconds: number,
): boolean {
  const field = (name: string) => fields.find((entry) => entry.name === name)?.value ?? '';

  if (field('api_key') !== key.accessKey) return false;
  if (!isFreshTimestamp(field('timestamp'), nowSeconds)) return false;

  return isSameSignature(signFields(fields, key.secretAccessKey), field('signature'));
}

/** `image/<subtype>` (parameters dropped) → subtype; undefined for anything else. */
function imageSubtype(contentType: string): string | undefined {
  const match = /^image\/([^;\s]+)/i.exec(contentType);
  return match?.[1];
}
