// Decides what a watermark `image` string names, and refuses what a request may not name
// (SPEC §12 item 30). Presets come from the operator's config and are trusted; query and
// cloudinary sources come from clients and are not.

import { sourceNotAllowed } from './errors.ts';

/** A classified watermark source. */
export type WatermarkSource =
  | { readonly kind: 'url'; readonly url: URL }
  /** A path on the local disk; presets only. */
  | { readonly kind: 'file'; readonly path: string }
  /** A path inside the bucket's storage; request sources only. */
  | { readonly kind: 'relative'; readonly path: string };

// SPEC §5.4 item 3 (reference): an `http…` source is fetched over HTTP, anything else is a path.
const HTTP_URL = /^https?:\/\//i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Classifies `source`; throws 'not allowed' for what a request-supplied source may not be. */
export function classifySource(source: string, isFromQuery: boolean): WatermarkSource {
  if (source === '') throw sourceNotAllowed('empty source');

  if (HTTP_URL.test(source)) return { kind: 'url', url: parseUrl(source) };
  if (!isFromQuery) return { kind: 'file', path: source };

  // file:, data:, ftp: and friends would each need their own guard; clients get http(s) only.
  if (ANY_SCHEME.test(source)) throw sourceNotAllowed('scheme is not http(s)');
  // `/etc/passwd`, `\\server\share` and `//host` (protocol-relative) all leave the bucket.
  if (/^[/\\]/.test(source)) throw sourceNotAllowed('absolute path');
  // The storage layer guards its keys too; refusing here keeps that a second line of defence.
  if (source.includes('\0') || source.split(/[/\\]/).includes('..')) {
    throw sourceNotAllowed('path escapes the bucket');
  }

  return { kind: 'relative', path: source };
}

function parseUrl(source: string): URL {
  try {
    return new URL(source);
  } catch {
    throw sourceNotAllowed('malformed URL');
  }
}
