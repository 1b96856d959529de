// The access log (SPEC §11.3, `accessLogs: true`): one JSON line when a request arrives and one
// when its response is complete, with secrets in headers masked.
import { STATUS_CODES } from 'node:http';
import pino from 'pino';
import { observeStream } from '../http/body-stream.ts';
import { version } from '../version.ts';

export type FetchWithPeer = (request: Request, server: PeerSource) => Promise<Response>;

/** What Bun.serve passes as the second argument of `fetch`, reduced to what we use. */
export interface PeerSource {
  requestIP(request: Request): { address: string } | null;
}

// Mort masks the first three; the others carry credentials too. A signed URL's query is cut
// for the same reason (see requestFields).
const maskedHeaders = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization',
  'x-amz-security-token']);
// A presigned URL may arrive as the Referer of a page, or leave as a maxFileSize redirect.
const urlHeaders = new Set(['location', 'referer']);
const errorBodyBytes = 512;

export function createAccessLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: 'info',
    base: { service: 'mort-access', tags: { version, logType: 'access' } },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Wraps a fetch handler so that every request and response is logged. */
export function withAccessLog(fetch: FetchWithPeer, logger: pino.Logger): FetchWithPeer {
  return async (request, server) => {
    const started = performance.now();
    const url = new URL(request.url);
    const requestID = request.headers.get('x-request-id') || crypto.randomUUID();
    const remoteIP = server.requestIP(request)?.address ?? '';
    logger.info({ httpRequest: requestFields(request, url, requestID, remoteIP) },
      `Request: ${request.method} ${url.pathname}`);

    const response = await fetch(request, server);
    const done = (bytes: number, body?: string) => {
      logResponse(logger, response, bytes, performance.now() - started, body);
    };
    return track(request, response, done);
  };
}

function requestFields(request: Request, url: URL, requestID: string, remoteIP: string) {
  return {
    // Presigned URLs carry their signature in the query: only the path is logged.
    requestURL: `${url.protocol}//${url.host}${url.pathname}`,
    requestMethod: request.method,
    requestPath: url.pathname,
    remoteIP,
    proto: 'HTTP/1.1',
    scheme: url.protocol.replace(':', ''),
    requestID,
    header: maskHeaders(request.headers),
  };
}

function maskHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (maskedHeaders.has(name)) out[name] = '***';
    else out[name] = urlHeaders.has(name) ? withoutQuery(value) : value;
  }
  return out;
}

function withoutQuery(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : `${url.slice(0, query)}?***`;
}

/**
 * Calls `done` once the body has been sent (or abandoned): bodies of known length are logged at
 * once, error bodies are read (they are short JSON) so the log can quote them, and streams of
 * unknown length are counted as they pass.
 */
async function track(request: Request, response: Response,
  done: (bytes: number, body?: string) => void): Promise<Response> {
  if (response.status >= 400 && response.body !== null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    done(bytes.byteLength, new TextDecoder().decode(bytes.subarray(0, errorBodyBytes)));
    return new Response(bytes, response);
  }

  const length = response.headers.get('content-length');
  if (response.body === null || request.method === 'HEAD' || length !== null) {
    done(response.body === null || request.method === 'HEAD' ? 0 : Number(length));
    return response;
  }
  let bytes = 0;
  return new Response(observeStream(response.body, {
    onChunk: (chunk) => { bytes += chunk.byteLength; },
    onEnd: () => done(bytes),
  }), response);
}

function logResponse(logger: pino.Logger, response: Response, bytes: number, elapsed: number,
  body: string | undefined): void {
  const fields = {
    httpResponse: {
      status: response.status,
      bytes,
      elapsed: Math.round(elapsed * 1000) / 1000,
      header: maskHeaders(response.headers),
      ...(body === undefined ? {} : { body }),
    },
  };
  const message = `Response: ${response.status} ${response.statusText || statusText(response)}`;
  if (response.status >= 500) logger.error(fields, message);
  else if (response.status >= 400) logger.warn(fields, message);
  else logger.info(fields, message);
}

/** Node's reason phrases, plus nginx's 499 that Mort answers on a request timeout. */
function statusText(response: Response): string {
  return STATUS_CODES[response.status] ?? (response.status === 499 ? 'Client Closed Request' : '');
}
