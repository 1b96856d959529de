// Decoder of `Content-Encoding: aws-chunked` bodies into the plain payload. Framing:
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n … 0[;chunk-signature=<sig>]\r\n
//   [<trailer name>:<value>\r\n …][x-amz-trailer-signature:<sig>\r\n]\r\n
// Data is passed on as soon as it arrives; a bad signature or frame errors the stream at the end
// of the chunk it is in, which is why consumers only commit a cleanly ended stream.

import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

import type { ChunkSignatureChain } from './chunk-signatures.ts';
import { BodyVerificationError } from './errors.ts';
import { EMPTY_SHA256 } from './sigv4.ts';

/** How to decode one body. */
export interface AwsChunkedOptions {
  /** Signature chain of signed bodies; undefined for `STREAMING-UNSIGNED-PAYLOAD-TRAILER`. */
  readonly chain: ChunkSignatureChain | undefined;
  /** `…-PAYLOAD-TRAILER` signed bodies end with `x-amz-trailer-signature`. */
  readonly hasSignedTrailer: boolean;
  /** `x-amz-decoded-content-length`, when sent: the payload must have exactly this length. */
  readonly decodedLength: number | undefined;
  /** Receives the trailers (lower-case names) before the decoded stream ends. */
  readonly trailers: Map<string, string>;
}

/** Longest accepted size or trailer line, so a peer cannot make us buffer without bound. */
const MAX_LINE_BYTES = 4096;
const LENGTH_MISMATCH = 'the decoded body length differs from x-amz-decoded-content-length';
const CR = 0x0d;
const LF = 0x0a;

function malformed(message: string): BodyVerificationError {
  return new BodyVerificationError(400, 'IncompleteBody', message);
}

function badSignature(): BodyVerificationError {
  const message = 'The chunk signature does not match the signature you provided.';
  return new BodyVerificationError(403, 'SignatureDoesNotMatch', message);
}

type Mode = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/** Incremental parser: `push` hands each piece of payload to `emit` as soon as it is parsed. */
class AwsChunkedParser {
  private mode: Mode = 'size';
  private readonly line = new Uint8Array(MAX_LINE_BYTES);
  private lineLength = 0;
  private remaining = 0;
  private crlfSeen = 0;
  private decoded = 0;
  private chunkHash: Hash | undefined;
  private chunkSignature = '';
  private readonly trailerLines: string[] = [];
  private trailerSignature: string | undefined;

  constructor(private readonly options: AwsChunkedOptions) {}

  push(input: Uint8Array, emit: (data: Uint8Array) => void): void {
    let offset = 0;

    while (offset < input.length) {
      if (this.mode === 'size' || this.mode === 'trailer') {
        offset = this.readLine(input, offset);
      } else if (this.mode === 'data') {
        offset = this.readData(input, offset, emit);
      } else if (this.mode === 'data-end') {
        const expected = this.crlfSeen === 0 ? CR : LF;
        if (input[offset++] !== expected) throw malformed('chunk not followed by CRLF');
        if (++this.crlfSeen === 2) this.endChunk();
      } else {
        throw malformed('data after the final chunk');
      }
    }
  }

  /** Called at the end of input. */
  end(): void {
    // The AWS SDK ends a trailer-less unsigned body right after `0\r\n`: no closing blank line.
    if (this.mode === 'trailer' && this.lineLength === 0) this.endTrailers();
    if (this.mode !== 'done') throw malformed('the body ended inside a chunk');

    const expected = this.options.decodedLength;
    if (expected !== undefined && expected !== this.decoded) {
      throw malformed(LENGTH_MISMATCH);
    }
  }

  private readData(input: Uint8Array, offset: number, emit: (data: Uint8Array) => void): number {
    const data = input.subarray(offset, offset + Math.min(this.remaining, input.length - offset));

    const limit = this.options.decodedLength;

    this.chunkHash?.update(data);
    this.remaining -= data.length;
    this.decoded += data.length;
    // Fail as soon as the payload outgrows its announced length, not after storing it all.
    if (limit !== undefined && this.decoded > limit) throw malformed(LENGTH_MISMATCH);
    emit(data);
    if (this.remaining === 0) this.mode = 'data-end';

    return offset + data.length;
  }

  private readLine(input: Uint8Array, offset: number): number {
    const newline = input.indexOf(LF, offset);
    const end = newline < 0 ? input.length : newline;

    if (this.lineLength + end - offset > MAX_LINE_BYTES) throw malformed('chunk header too long');
    this.line.set(input.subarray(offset, end), this.lineLength);
    this.lineLength += end - offset;
    if (newline < 0) return end;

    let length = this.lineLength;
    if (length > 0 && this.line[length - 1] === CR) length--;
    const text = Buffer.from(this.line.buffer, 0, length).toString('latin1');
    this.lineLength = 0;

    if (this.mode === 'size') this.onSizeLine(text);
    else this.onTrailerLine(text);

    return newline + 1;
  }

  private onSizeLine(text: string): void {
    const [sizeText = '', ...extensions] = text.split(';');
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText.trim())) throw malformed('invalid chunk size');

    const size = Number.parseInt(sizeText.trim(), 16);
    const signature = extensions.find((ext) => ext.trim().startsWith('chunk-signature='));
    this.chunkSignature = signature?.trim().slice('chunk-signature='.length) ?? '';
    if (this.options.chain && this.chunkSignature === '') throw badSignature();

    if (size === 0) {
      this.verifyChunk(EMPTY_SHA256);
      this.mode = 'trailer';
      return;
    }

    this.remaining = size;
    this.chunkHash = this.options.chain ? createHash('sha256') : undefined;
    this.mode = 'data';
  }

  private endChunk(): void {
    this.crlfSeen = 0;
    if (this.chunkHash) this.verifyChunk(this.chunkHash.digest('hex'));
    this.chunkHash = undefined;
    this.mode = 'size';
  }

  private verifyChunk(dataSha256: string): void {
    const chain = this.options.chain;
    if (chain && !chain.verifyChunk(dataSha256, this.chunkSignature)) throw badSignature();
  }

  private onTrailerLine(text: string): void {
    if (text === '') {
      this.endTrailers();
      return;
    }

    const colon = text.indexOf(':');
    if (colon <= 0) throw malformed('invalid trailer line');

    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();

    if (name === 'x-amz-trailer-signature') {
      this.trailerSignature = value;
      return;
    }

    this.options.trailers.set(name, value);
    this.trailerLines.push(`${name}:${value}\n`);
  }

  private endTrailers(): void {
    const { chain, hasSignedTrailer } = this.options;

    if (chain && hasSignedTrailer) {
      const signature = this.trailerSignature ?? '';
      if (!chain.verifyTrailer(this.trailerLines.join(''), signature)) throw badSignature();
    }

    this.mode = 'done';
  }
}

/** A stream turning an aws-chunked body into its payload, verifying it on the way. */
export function awsChunkedDecoder(
  options: AwsChunkedOptions,
): TransformStream<Uint8Array, Uint8Array> {
  const parser = new AwsChunkedParser(options);

  return new TransformStream({
    transform(chunk, controller) {
      parser.push(chunk, (data) => controller.enqueue(data));
    },
    flush() {
      parser.end();
    },
  });
}
