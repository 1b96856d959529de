// HTTP(S) watermark sources: manual redirects (at most 5), each hop checked like the first for
// request-supplied URLs, a 2xx requirement and the streamed size cap (SPEC §12 item 30).

import type { Deadline } from './deadline.ts';
import {
  describeUrl,
  errorCode,
  fetchFailed,
  sourceNotAllowed,
  sourceTooLarge,
} from './errors.ts';
import { requestHop } from './pinned-request.ts';
import { readLimited } from './read-limited.ts';
import { resolveCheckedAddress } from './resolve-target.ts';

/** Redirects followed before giving up; Go's net/http, which the reference uses, allows 10. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** How one remote source is fetched. */
export interface RemoteOptions {
  /** false for request-supplied URLs: every hop is resolved, checked and pinned. */
  readonly isTrusted: boolean;
  /** `server.remoteFetch.allow`; only consulted when `isTrusted` is false. */
  readonly allow: readonly string[];
  readonly maxBytes: number;
  readonly deadline: Deadline;
}

/** Fetches `url` and returns its body; all failures are MortErrors except the deadline's. */
export async function fetchRemote(url: URL, options: RemoteOptions): Promise<Uint8Array> {
  let current = url;

  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await openHop(current, options);

    if (REDIRECT_STATUSES.has(response.status)) {
      current = redirectTarget(current, response);
      continue;
    }
    if (response.status < 200 || response.status > 299) {
      await discard(response);
      throw fetchFailed(`status ${response.status} from ${describeUrl(current)}`);
    }

    return readBody(current, response, options);
  }

  throw fetchFailed(`more than ${MAX_REDIRECTS} redirects from ${describeUrl(url)}`);
}

async function openHop(url: URL, options: RemoteOptions): Promise<Response> {
  const { deadline } = options;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw sourceNotAllowed(`scheme ${url.protocol} is not http(s)`);
  }

  const address = options.isTrusted
    ? undefined
    : await resolveCheckedAddress(url, options.allow, deadline);

  try {
    return await requestHop(url, address, { signal: deadline.signal });
  } catch (err) {
    if (deadline.signal.aborted) throw deadline.signal.reason;

    throw fetchFailed(`request to ${describeUrl(url)} failed: ${errorCode(err)}`);
  }
}

function redirectTarget(from: URL, response: Response): URL {
  const location = response.headers.get('location');
  void discard(response);
  if (!location) throw fetchFailed(`redirect without Location from ${describeUrl(from)}`);

  try {
    // Relative to the logical URL, not the pinned address we actually connected to.
    return new URL(location, from);
  } catch {
    throw fetchFailed(`invalid redirect Location from ${describeUrl(from)}`);
  }
}

async function readBody(url: URL, response: Response, options: RemoteOptions): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxBytes) {
    await discard(response);
    throw sourceTooLarge(`Content-Length ${declared} from ${describeUrl(url)}`);
  }
  if (!response.body) return new Uint8Array(0);

  return readLimited(response.body, options.maxBytes, options.deadline.signal);
}

/** Drops an unused body so the connection is released instead of buffered. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}
