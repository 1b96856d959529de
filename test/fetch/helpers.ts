// Shared pieces of the src/fetch tests: real loopback origins and MortError assertions.

import { expect } from 'bun:test';
import type { Server } from 'bun';
import { isMortError, type MortError } from '../../src/errors.ts';

/** A real Bun.serve origin on 127.0.0.1 that counts the requests it receives. */
export interface Origin {
  readonly server: Server<undefined>;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** `127.0.0.1:<port>`, the allow-list entry for this origin. */
  readonly hostPort: string;
  /** What arrived, copied while the request was live (Bun clears a finished request). */
  readonly requests: SeenRequest[];
}

/** The parts of a received request the tests look at. */
export interface SeenRequest {
  readonly url: string;
  readonly headers: Headers;
}

/** Starts an origin; stop it with `stopAll` (or `origin.server.stop(true)`). */
export function startOrigin(handle: (request: Request) => Response | Promise<Response>): Origin {
  const requests: SeenRequest[] = [];
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      requests.push({ url: request.url, headers: new Headers(request.headers) });
      return handle(request);
    },
  });
  const port = server.port ?? 0;

  const hostPort = `127.0.0.1:${port}`;
  return { server, port, base: `http://${hostPort}`, hostPort, requests };
}

/** Stops every origin, dropping open connections so no test leaves a socket behind. */
export function stopAll(origins: Origin[]): void {
  for (const origin of origins.splice(0)) origin.server.stop(true);
}

/** Awaits `work`, asserts it fails with a 400 MortError with `message`, and returns the error. */
export async function expectRefusal(work: Promise<unknown>, message: string): Promise<MortError> {
  const err: unknown = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isMortError(err)) throw new Error(`expected a MortError, got ${String(err)}`);

  expect(err.message).toBe(message);
  expect(err.status).toBe(400);
  expect(err.message).not.toMatch(/127\.0\.0\.1|localhost|https?:|\//);
  return err;
}

/** `n` bytes of a repeating pattern. */
export function patternBytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => i % 251);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
