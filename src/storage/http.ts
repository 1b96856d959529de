// `http` storage (SPEC §8.6): read-only objects behind a URL template. HEAD decides existence;
// GET streams the upstream body and forwards byte ranges.

import { MortError } from '../errors.ts';
import { contentTypeByExtension, DIRECTORY_CONTENT_TYPE } from './content-type.ts';
import type { StorageContext, StorageDefinition } from './definition.ts';
import {
  DirectoryObjectError,
  itemNotFound,
  operationNotSupported,
  storageFailure,
} from './errors.ts';
import { resolveLocation } from './keys.ts';
import { bareEtag, quoteEtag, responseHeaders } from './metadata.ts';
import { contentRange, satisfyRange, sliceStream } from './range.ts';
import type * as api from './types.ts';

/** SPEC §8.6: the upstream must start answering within this time. */
const RESPONSE_HEADERS_TIMEOUT_MS = 10_000;

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

/** Creates an http storage; `url` is required (config validation enforces it). */
export function createHttpStorage(
  definition: StorageDefinition,
  context: StorageContext,
): api.Storage {
  if (!definition.url) throw storageFailure('http storage needs url');

  return new HttpStorage(definition, definition.url, context.fetch ?? fetch);
}

class HttpStorage implements api.Storage {
  readonly kind = 'http';

  constructor(
    private readonly definition: StorageDefinition,
    private readonly urlTemplate: string,
    private readonly fetchUpstream: typeof fetch,
  ) {}

  async head(location: api.ObjectLocation): Promise<api.HeadResult> {
    const { url, storageKey } = this.target(location);
    const response = await this.request(url, 'HEAD', {});

    if (response.status === 404) throw itemNotFound();
    if (response.status !== 200) throw upstreamStatus(response.status);

    const metadata = readMetadata(response, storageKey, undefined);
    return { status: 200, metadata, headers: responseHeaders(metadata) };
  }

  async get(location: api.ObjectLocation, options: api.GetOptions = {}): Promise<api.GetResult> {
    const { url, storageKey } = this.target(location);
    const range = options.range;
    const rangeHeader: Record<string, string> = range
      ? { range: `bytes=${range.start}-${range.end}` }
      : {};
    const response = await this.request(url, 'GET', rangeHeader);

    try {
      return this.readGetResponse(response, storageKey, range);
    } catch (error) {
      await response.body?.cancel().catch(() => undefined);
      throw error;
    }
  }

  async put(): Promise<api.PutResult> {
    throw operationNotSupported(this.kind, 'writes');
  }

  async delete(): Promise<void> {
    throw operationNotSupported(this.kind, 'deletes');
  }

  async list(): Promise<api.ListResult> {
    throw operationNotSupported(this.kind, 'listing');
  }

  private readGetResponse(
    response: Response,
    storageKey: string,
    range: api.ByteRange | undefined,
  ): api.GetResult {
    if (response.status === 404) throw itemNotFound();
    if (response.status === 416) {
      throw new MortError('range_not_satisfiable', 'range not satisfiable');
    }

    const isPartial = response.status === 206 && range !== undefined;
    if (response.status !== 200 && !isPartial) throw upstreamStatus(response.status);

    const served = isPartial ? parseContentRange(response.headers.get('content-range')) : undefined;
    const metadata = readMetadata(response, storageKey, served?.size);
    if (metadata.isDirectory) throw new DirectoryObjectError();

    const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    const headers = responseHeaders(metadata);
    if (!range) return { status: 200, metadata, headers, body };

    // The upstream ignored Range: cut the requested bytes out of the full body ourselves.
    const part = served ?? satisfyRange(range, metadata.size ?? Number.MAX_SAFE_INTEGER);
    const partBody = served ? body : sliceStream(body, part.start, part.end);

    headers['content-range'] = contentRange(part.start, part.end, metadata.size);
    headers['content-length'] = String(part.end - part.start + 1);
    return { status: 206, metadata, headers, body: partBody };
  }

  private target(location: api.ObjectLocation): { url: string; storageKey: string } {
    const { container, storageKey } = resolveLocation(this.definition, location);
    const encodedKey = storageKey.split('/').map(encodeURIComponent).join('/');
    // Function replacers: `$` in names must not be read as replacement patterns.
    const url = this.urlTemplate
      .replace('<container>', () => encodeURIComponent(container))
      .replace('<item>', () => encodedKey);

    return { url, storageKey };
  }

  private async request(
    url: string,
    method: 'GET' | 'HEAD',
    extraHeaders: Record<string, string>,
  ): Promise<Response> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), RESPONSE_HEADERS_TIMEOUT_MS);
    // identity: sizes, ranges and ETags must describe the stored bytes, not a compressed copy.
    const headers = { ...this.definition.headers, 'accept-encoding': 'identity', ...extraHeaders };

    try {
      return await this.fetchUpstream(url, { method, headers, signal: abort.signal });
    } catch (error) {
      throw storageFailure('upstream request failed', error);
    } finally {
      clearTimeout(timer);
    }
  }
}

// Metadata = every upstream response header (SPEC §8.6); `totalSize` overrides the length of
// a 206, whose Content-Length only covers the part.
function readMetadata(
  response: Response,
  storageKey: string,
  totalSize: number | undefined,
): api.ObjectMetadata {
  const stored: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    stored[name.toLowerCase()] = value;
  });

  const lengthHeader = stored['content-length'];
  const size = totalSize ?? (lengthHeader === undefined ? undefined : Number(lengthHeader));
  const contentType =
    stored['content-type'] || contentTypeByExtension(storageKey) || 'application/octet-stream';
  const upstreamEtag = stored['etag'];

  return {
    size: size !== undefined && Number.isSafeInteger(size) ? size : undefined,
    contentType,
    etag: upstreamEtag ? quoteEtag(bareEtag(upstreamEtag)) : undefined,
    lastModified: parseLastModified(stored['last-modified']),
    isDirectory: contentType === DIRECTORY_CONTENT_TYPE,
    stored,
  };
}

function parseLastModified(value: string | undefined): Date {
  if (value === undefined) return new Date();

  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw storageFailure('unparsable upstream Last-Modified');

  return date;
}

function parseContentRange(value: string | null): { start: number; end: number; size?: number } {
  const match = CONTENT_RANGE.exec(value ?? '');
  if (!match) throw storageFailure('upstream sent a 206 without a valid Content-Range');

  const [, start, end, size] = match;
  return { start: Number(start), end: Number(end), size: size === '*' ? undefined : Number(size) };
}

function upstreamStatus(status: number) {
  return storageFailure('unexpected upstream status', `status ${status}`);
}
