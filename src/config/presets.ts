// `transform.presets` (SPEC §5.2). Only types are checked here: range errors (quality 0, unknown
// format, bad angle) are per-request behaviour defined by the setters, not start-up failures.

import type { Section } from './read.ts';
import type {
  BlurFilter,
  CropFilter,
  ExtractFilter,
  PresetConfig,
  PresetFilters,
  RotateFilter,
  SizeFilter,
  ThumbnailFilter,
  WatermarkFilter,
} from './types.ts';

/** Reads every preset of a transform, keyed by name in file order. */
export function readPresets(presets: Section | undefined): Record<string, PresetConfig> {
  if (presets === undefined) return {};

  return Object.fromEntries(presets.keys().map((name) => [name, readPreset(presets.child(name))]));
}

function readPreset(preset: Section): PresetConfig {
  return {
    quality: preset.int('quality') ?? 0,
    format: preset.string('format') ?? '',
    filters: readFilters(preset.child('filters')),
  };
}

function readFilters(filters: Section): PresetFilters {
  return {
    thumbnail: mapIfSet(filters, 'thumbnail', readThumbnail),
    crop: mapIfSet(filters, 'crop', readCrop),
    extract: mapIfSet(filters, 'extract', readExtract),
    resizeCropAuto: mapIfSet(filters, 'resizeCropAuto', readSize),
    interlace: filters.bool('interlace') ?? false,
    strip: filters.bool('strip') ?? false,
    grayscale: filters.bool('grayscale') ?? false,
    auto_rotate: filters.bool('auto_rotate') ?? false,
    blur: mapIfSet(filters, 'blur', readBlur),
    watermark: mapIfSet(filters, 'watermark', readWatermark),
    rotate: mapIfSet(filters, 'rotate', readRotate),
  };
}

// A filter written as `thumbnail: ~` is absent, like a nil pointer in the reference.
function mapIfSet<T>(filters: Section, key: string, read: (filter: Section) => T): T | undefined {
  const filter = filters.section(key);

  return filter === undefined ? undefined : read(filter);
}

function readSize(filter: Section): SizeFilter {
  return { width: filter.int('width') ?? 0, height: filter.int('height') ?? 0 };
}

function readThumbnail(filter: Section): ThumbnailFilter {
  return {
    ...readSize(filter),
    mode: filter.string('mode') ?? '',
    preserveAspectRatio: filter.bool('preserveAspectRatio') ?? false,
    fill: filter.bool('fill') ?? false,
  };
}

function readCrop(filter: Section): CropFilter {
  return {
    ...readSize(filter),
    gravity: filter.string('gravity') ?? '',
    mode: filter.string('mode') ?? '',
    embed: filter.bool('embed') ?? false,
  };
}

function readExtract(filter: Section): ExtractFilter {
  return { ...readSize(filter), top: filter.int('top') ?? 0, left: filter.int('left') ?? 0 };
}

function readBlur(filter: Section): BlurFilter {
  return { sigma: filter.number('sigma') ?? 0, minAmpl: filter.number('minAmpl') ?? 0 };
}

function readWatermark(filter: Section): WatermarkFilter {
  return {
    image: filter.string('image') ?? '',
    position: filter.string('position') ?? '',
    opacity: filter.number('opacity') ?? 0,
  };
}

function readRotate(filter: Section): RotateFilter {
  return { angle: filter.int('angle') ?? 0 };
}
