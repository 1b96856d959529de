// The `webp` and `avif` plugins (SPEC §9.1): a client that accepts the format gets transformed
// images in it, under their own key, and responses say they vary by Accept. AVIF wins when
// both are enabled and accepted: it is the smaller of the two.
import type { PluginsConfig } from '../config/index.ts';
import { withNegotiatedFormat, type ConfigShape, type MortObject } from '../object/index.ts';

export function negotiatedFormat(request: Request, plugins: PluginsConfig):
  'avif' | 'webp' | undefined {
  const accept = request.headers.get('accept') ?? '';
  if (plugins.avif && accepts(accept, 'image/avif')) return 'avif';
  if (plugins.webp && accepts(accept, 'image/webp')) return 'webp';
  return undefined;
}

/**
 * Whether `accept` names `type` with a non-zero quality. Mort looks for the substring only;
 * `image/avif;q=0` says the client refuses AVIF. Wildcards do not count: every browser sends
 * `*\/*`, which says nothing about new formats.
 */
function accepts(accept: string, type: string): boolean {
  const lower = accept.toLowerCase();
  if (!lower.includes(type)) return false;
  for (const range of lower.split(',')) {
    const [name, ...params] = range.split(';').map((part) => part.trim());
    if (name !== type) continue;
    const quality = params.find((param) => param.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  }
  return false;
}

export function preFormat(
  request: Request,
  object: MortObject,
  plugins: PluginsConfig,
  config: ConfigShape,
): MortObject {
  const format = object.transforms ? negotiatedFormat(request, plugins) : undefined;
  return format ? withNegotiatedFormat(object, format, config) : object;
}

export function postFormat(object: MortObject, plugins: PluginsConfig, response: Response): void {
  if (!(plugins.webp || plugins.avif) || !object.transforms) return;
  if (!(response.headers.get('content-type') ?? '').includes('image/')) return;
  const vary = response.headers.get('vary');
  if (!vary?.split(',').some((part) => part.trim().toLowerCase() === 'accept')) {
    response.headers.set('vary', vary ? `${vary}, Accept` : 'Accept');
  }
}
