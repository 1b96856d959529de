// The signature chain of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]` bodies: each chunk is
// signed over the previous signature, starting from the request's own (the seed).

import { createHash } from 'node:crypto';

import { isSameSignature } from './compare.ts';
import type { SigningContext } from './sigv4.ts';
import { EMPTY_SHA256, signString } from './sigv4.ts';

/** Verifies chunk and trailer signatures in order. */
export class ChunkSignatureChain {
  private previous: string;

  constructor(
    private readonly context: SigningContext,
    seedSignature: string,
  ) {
    this.previous = seedSignature;
  }

  /** Checks the next chunk, given the hex SHA-256 of its data; advances the chain on success. */
  verifyChunk(dataSha256: string, signature: string): boolean {
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      this.context.amzDate,
      this.context.scope,
      this.previous,
      EMPTY_SHA256,
      dataSha256,
    ].join('\n');

    return this.advance(stringToSign, signature);
  }

  /** Checks `x-amz-trailer-signature` over the trailer lines (`name:value\n` each). */
  verifyTrailer(trailerLines: string, signature: string): boolean {
    const stringToSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      this.context.amzDate,
      this.context.scope,
      this.previous,
      createHash('sha256').update(trailerLines, 'utf8').digest('hex'),
    ].join('\n');

    return this.advance(stringToSign, signature);
  }

  private advance(stringToSign: string, signature: string): boolean {
    const expected = signString(this.context.signingKey, stringToSign);
    if (!isSameSignature(expected, signature)) return false;

    this.previous = expected;
    return true;
  }
}
