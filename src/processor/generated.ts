// Headers of a freshly rendered image (SPEC §5.4 "Generated response").
import type { RenderResult } from '../engine/index.ts';

const contentTypes: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  tiff: 'image/tiff',
};

export function generatedHeaders(result: RenderResult): Record<string, string> {
  const md5 = new Bun.CryptoHasher('md5').update(result.data).digest('hex');
  return {
    'content-type': contentTypes[result.format] ?? 'application/octet-stream',
    'content-length': String(result.data.length),
    'last-modified': new Date().toUTCString(),
    etag: `"${md5}"`,
    'x-amz-meta-public-width': String(result.width),
    'x-amz-meta-public-height': String(result.height),
  };
}

/** What is stored beside a rendered image, so a stored copy answers with the same headers. */
export function storedMetadata(headers: Record<string, string>): Record<string, string> {
  return {
    etag: headers.etag!,
    'x-amz-meta-public-width': headers['x-amz-meta-public-width']!,
    'x-amz-meta-public-height': headers['x-amz-meta-public-height']!,
  };
}
