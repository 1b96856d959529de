// `server.plugins` (SPEC §2.3, §9). Any name outside the known set aborts start-up, as in the
// reference, so a typo never silently disables a plugin.

import type { Section } from './read.ts';
import type { CompressEncodingConfig, CompressPluginConfig, PluginsConfig } from './types.ts';

const KNOWN_PLUGINS = ['webp', 'avif', 'compress'] as const;
const COMPRESS_ENCODINGS = ['gzip', 'brotli', 'zstd'] as const;
const DEFAULT_COMPRESS_TYPES = ['text/html'];
const DEFAULT_COMPRESS_LEVEL = 4;

/** Reads `server.plugins`; `plugins` is undefined when the key is absent or null. */
export function readPlugins(plugins: Section | undefined): PluginsConfig {
  if (plugins === undefined) return { webp: false, avif: false, compress: undefined };

  for (const name of plugins.keys()) {
    if (!(KNOWN_PLUGINS as readonly string[]).includes(name)) {
      plugins.problems.add(
        plugins.pathOf(name),
        `unknown plugin "${name}" (known plugins: ${KNOWN_PLUGINS.join(', ')})`,
      );
    }
  }

  return {
    // `webp: ~` is the documented spelling: presence enables it, the value is ignored.
    webp: plugins.has('webp'),
    avif: plugins.has('avif'),
    compress: plugins.has('compress') ? readCompress(plugins) : undefined,
  };
}

function readCompress(plugins: Section): CompressPluginConfig | undefined {
  const compress = plugins.section('compress');

  if (compress === undefined) {
    plugins.problems.add(plugins.pathOf('compress'), 'must be a map of gzip, brotli and/or zstd');
    return undefined;
  }

  const [gzip, brotli, zstd] = COMPRESS_ENCODINGS.map((name) => readEncoding(compress, name));

  return { gzip, brotli, zstd };
}

// A present but empty encoding (`gzip: ~`) enables it with the defaults.
function readEncoding(compress: Section, name: string): CompressEncodingConfig | undefined {
  if (!compress.has(name)) return undefined;

  const encoding = compress.section(name);

  return {
    types: encoding?.stringList('types') ?? DEFAULT_COMPRESS_TYPES,
    level: encoding?.int('level') ?? DEFAULT_COMPRESS_LEVEL,
  };
}
