// The typed boundary to the native pipeline: validate, call, map failures to MortError.
import { MortError, type ErrorCode } from '../errors.ts';
import { addon, type NativeMetadata, type NativePoolStats, type NativeReleased } from
  './addon.ts';
import type { OutputFormat, RenderPlan } from './plan.ts';
import { validatePlan } from './validate.ts';

export interface RenderResult {
  /** Encoded bytes in pooled native memory, handed over without a copy. */
  data: Buffer;
  width: number;
  /** Height of one frame. */
  height: number;
  pages: number;
  format: OutputFormat;
}

export type ImageMetadata = NativeMetadata;

const codes: Record<string, ErrorCode> = {
  too_large: 'too_large',
  unsupported_image: 'unsupported_image',
  corrupt_image: 'corrupt_image',
  bad_request: 'bad_request',
  timeout: 'timeout',
};

function toMortError(err: unknown): MortError {
  const native = err as { code?: string; message?: string; detail?: string };
  const code = codes[native.code ?? ''];
  if (code) return new MortError(code, native.message ?? 'invalid image', {
    detail: native.detail,
  });
  // Shape errors from the addon mean our own validation missed something: a bug, not input.
  return new MortError('internal', 'image processing failed', {
    detail: native.detail ?? native.message,
  });
}

export async function render(input: Uint8Array, plan: RenderPlan): Promise<RenderResult> {
  validatePlan(plan);
  try {
    const result = await addon.render(input, plan);
    return { ...result, format: result.format as OutputFormat };
  } catch (err) {
    throw toMortError(err);
  }
}

/** Reads the header only: cheap, and safe on images too large to decode. */
export async function metadata(input: Uint8Array): Promise<ImageMetadata> {
  try {
    return await addon.metadata(input);
  } catch (err) {
    throw toMortError(err);
  }
}

export function poolStats(): NativePoolStats {
  return addon.stats();
}

export function vipsVersion(): string {
  return addon.versions().vips;
}

/** libvips threads per render; the default is one per core. */
export function setThreads(threads: number): number {
  return addon.setConcurrency(threads);
}

/**
 * Gives memory back between bursts of work: libvips' operation cache, idle output blocks and
 * free heap pages. Safe while renders run, but meant for idle moments.
 */
export function releaseMemory(): NativeReleased {
  return addon.releaseMemory();
}
