// Content type of an object when the backend stored none (SPEC §8.2): the fixed extension
// table first, then a standard MIME table, then a look at the first bytes.

import { lookup } from 'mime-types';

/** How many leading bytes `sniffContentType` needs. */
export const SNIFF_BYTES = 512;

export const DIRECTORY_CONTENT_TYPE = 'application/directory';

const BY_EXTENSION: Record<string, string> = {
  avif: 'image/avif',
  css: 'text/css; charset=utf-8',
  gif: 'image/gif',
  htm: 'text/html; charset=utf-8',
  html: 'text/html; charset=utf-8',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml',
  wasm: 'application/wasm',
  webp: 'image/webp',
  xml: 'text/xml; charset=utf-8',
};

/** Type from the key's extension (case-insensitive), or undefined when unknown. */
export function contentTypeByExtension(key: string): string | undefined {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;

  const extension = name.slice(dot + 1).toLowerCase();
  const fromTable = BY_EXTENSION[extension];
  if (fromTable) return fromTable;

  const fromMime = lookup(extension);
  return fromMime === false ? undefined : fromMime;
}

/** Image signatures first, then text vs binary, like Go's http.DetectContentType. */
export function sniffContentType(head: Uint8Array): string {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));

  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 12) === 'ftypavif' || ascii(4, 12) === 'ftypavis') return 'image/avif';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'image/tiff';
  if (ascii(0, 2) === 'BM') return 'image/bmp';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';

  return looksLikeText(head) ? 'text/plain; charset=utf-8' : 'application/octet-stream';
}

function looksLikeText(head: Uint8Array): boolean {
  for (const byte of head) {
    // Control bytes other than tab, LF, FF, CR and ESC mark binary data (WHATWG sniffing).
    const isControl = byte < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(byte);
    if (isControl || byte === 0x7f) return false;
  }

  return true;
}
