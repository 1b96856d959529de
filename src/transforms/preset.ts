// Preset definitions (SPEC §5.2) turned into records. Setters run in one fixed order because
// the accumulator, and so every stored result key, depends on the order of writes.

import { MortError } from '../errors.ts';
import { TransformRecord } from './record.ts';

/** A preset as it appears under `transform.presets.<name>` in mort.yml. */
export interface PresetShape {
  /** Ignored unless 1..100. */
  readonly quality?: number;
  /** Applied only when non-empty. */
  readonly format?: string;
  readonly filters?: PresetFiltersShape;
}

/** `presets.<name>.filters`; absent filters are skipped. */
export interface PresetFiltersShape {
  readonly thumbnail?: {
    readonly width?: number;
    readonly height?: number;
    /** `outbound` means enlarge. */
    readonly mode?: string;
    readonly preserveAspectRatio?: boolean;
    readonly fill?: boolean;
  };
  readonly crop?: {
    readonly width?: number;
    readonly height?: number;
    readonly gravity?: string;
    readonly mode?: string;
    readonly embed?: boolean;
  };
  readonly extract?: {
    readonly width?: number;
    readonly height?: number;
    readonly top?: number;
    readonly left?: number;
  };
  readonly resizeCropAuto?: { readonly width?: number; readonly height?: number };
  readonly interlace?: boolean;
  readonly strip?: boolean;
  readonly grayscale?: boolean;
  /** Accepted for compatibility; has no effect. */
  readonly auto_rotate?: boolean;
  readonly blur?: { readonly sigma?: number; readonly minAmpl?: number };
  readonly watermark?: {
    readonly image?: string;
    readonly position?: string;
    readonly opacity?: number;
  };
  readonly rotate?: { readonly angle?: number };
}

const OUTBOUND = 'outbound';

/** Builds a record from a preset; throws the first setter error (400). Not memoised. */
export function buildPresetRecord(preset: PresetShape): TransformRecord {
  const record = new TransformRecord();
  const filters = preset.filters ?? {};
  const { thumbnail, crop, extract, resizeCropAuto, blur, watermark, rotate } = filters;

  if (thumbnail) {
    record.resize(
      thumbnail.width ?? 0,
      thumbnail.height ?? 0,
      thumbnail.mode === OUTBOUND,
      thumbnail.preserveAspectRatio ?? false,
      thumbnail.fill ?? false,
    );
  }
  if (crop) {
    record.setCrop(
      crop.width ?? 0,
      crop.height ?? 0,
      crop.gravity ?? '',
      crop.mode === OUTBOUND,
      crop.embed ?? false,
    );
  }
  if (extract) {
    record.extract(extract.top ?? 0, extract.left ?? 0, extract.width ?? 0, extract.height ?? 0);
  }
  if (resizeCropAuto) record.resizeCropAuto(resizeCropAuto.width ?? 0, resizeCropAuto.height ?? 0);

  // An out-of-range quality (including absent/0) is skipped, not an error (§5.2).
  const quality = preset.quality ?? 0;
  if (Number.isInteger(quality) && quality >= 1 && quality <= 100) record.setQuality(quality);

  if (filters.interlace) record.setInterlace();
  if (filters.strip) record.stripMetadata();
  if (preset.format) record.setFormat(preset.format);
  if (blur) record.setBlur(blur.sigma ?? 0, blur.minAmpl ?? 0);
  if (watermark) {
    const { image = '', position = '', opacity = 0 } = watermark;
    record.setWatermark(image, position, opacity, 'config');
  }
  if (filters.grayscale) record.setGrayscale();
  if (rotate) trySetRotate(record, rotate.angle ?? 0);
  return record;
}

/** An invalid preset angle is skipped silently (§5.2). */
function trySetRotate(record: TransformRecord, angle: number): void {
  try {
    record.setRotate(angle);
  } catch (err) {
    if (!(err instanceof MortError)) throw err;
  }
}

// Keyed by the preset object itself, so same-named presets of two buckets never share an entry
// (§12.12) and a reloaded config never sees stale records. Errors are memoised as well.
const memo = new WeakMap<PresetShape, TransformRecord | MortError>();

/** The record for a preset, built on first use; each call gets its own copy. */
export function presetRecord(preset: PresetShape): TransformRecord {
  let built = memo.get(preset);
  if (built === undefined) {
    try {
      built = buildPresetRecord(preset);
    } catch (err) {
      if (!(err instanceof MortError)) throw err;
      built = err;
    }
    memo.set(preset, built);
  }

  if (built instanceof MortError) throw built;
  return built.clone();
}
