// Small helpers shared by the storage tests.

import { afterEach, expect } from 'bun:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMortError, type ErrorCode } from '../../src/errors.ts';

/** Asserts that `action` rejects with a MortError of `code`; returns the error. */
export async function expectMortError(action: Promise<unknown>, code: ErrorCode) {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );

  if (!isMortError(error)) throw new Error(`expected MortError ${code}, got ${String(error)}`);
  expect(error.code).toBe(code);
  return error;
}

/** A fresh directory under the OS temp dir, and its removal. */
export async function makeTempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'mort-storage-'));

  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Registers an afterEach that removes every temp dir the file's tests made, so a failing
 * assertion cannot leave directories behind. Call once per test file, at module level.
 */
export function useTempDirs(): () => Promise<string> {
  const made: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const remove of made.splice(0)) await remove();
  });

  return async () => {
    const dir = await makeTempDir();
    made.push(dir.remove);
    return dir.path;
  };
}

/** Deterministic bytes `0, 1, …, 255, 0, …` of the given length. */
export function patternBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => index % 256);
}

/** A stream that yields `chunks`, then fails when `failure` is given. */
export function streamOf(chunks: Uint8Array[], failure?: Error): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (failure) controller.error(failure);
      else controller.close();
    },
  });
}

/** Reads a whole stream into one array. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export const text = (value: string) => new TextEncoder().encode(value);
