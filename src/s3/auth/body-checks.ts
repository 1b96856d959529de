// Checks that run over the plain payload while it streams and decide at its end (§7.3 payload
// hash, Content-MD5, x-amz-checksum-*, the V2 body-MD5 quirk).

import { createHash } from 'node:crypto';

import type { BodyDigest } from './checksums.ts';
import { digestFor } from './checksums.ts';
import { BodyVerificationError } from './errors.ts';

/** One end-of-body check. */
export interface BodyCheck {
  update(chunk: Uint8Array): void;
  /** The failure, if the whole payload does not pass; called once, after the last chunk. */
  finish(): BodyVerificationError | undefined;
}

/** The body's SHA-256 must equal the signed `x-amz-content-sha256`. */
export function sha256Check(expectedHex: string): BodyCheck {
  const hash = createHash('sha256');

  return {
    update: (chunk) => void hash.update(chunk),
    finish() {
      if (hash.digest('hex') === expectedHex.toLowerCase()) return undefined;

      const message = "The provided 'x-amz-content-sha256' header does not match the body.";
      return new BodyVerificationError(400, 'XAmzContentSHA256Mismatch', message);
    },
  };
}

/**
 * A `Content-MD5` or `x-amz-checksum-*` value must match. `expected` is read at the end, so a
 * trailer can supply it. Undefined when the algorithm cannot be computed here.
 */
export function digestCheck(
  name: string,
  expected: () => string | undefined,
): BodyCheck | undefined {
  const digest: BodyDigest | undefined = digestFor(name);
  if (digest === undefined) return undefined;

  return {
    update: (chunk) => digest.update(chunk),
    finish() {
      const value = expected();
      if (value === undefined || digest.digestBase64() === value.trim()) return undefined;

      const message = `The ${name} you specified did not match the calculated checksum.`;
      return new BodyVerificationError(400, 'BadDigest', message);
    },
  };
}

/** The V2 reference quirk: the signature holds only with the body's MD5 (§7.3). */
export function v2BodyMd5Check(matchesBodyMd5: (md5Base64: string) => boolean): BodyCheck {
  const hash = createHash('md5');

  return {
    update: (chunk) => void hash.update(chunk),
    finish() {
      if (matchesBodyMd5(hash.digest('base64'))) return undefined;

      const message = 'The request signature we calculated does not match the one provided.';
      return new BodyVerificationError(403, 'SignatureDoesNotMatch', message, { isBare: true });
    },
  };
}

/** Passes the payload through unchanged and errors at its end when a check fails. */
export function checkedStream(
  checks: readonly BodyCheck[],
): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      for (const check of checks) check.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      for (const check of checks) {
        const failure = check.finish();
        if (failure) throw failure;
      }
    },
  });
}
