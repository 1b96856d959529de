// The plan handed to the native pipeline: plain data, validated here so that native code only
// ever sees well-formed values. Field meanings follow SPEC §5.1 and §5.4.

export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'tiff';
export type Gravity = 'center' | 'north' | 'south' | 'east' | 'west' | 'smart';
export type WatermarkPosition = `${'top' | 'center' | 'bottom'}-${'left' | 'center' | 'right'}`;

export interface WatermarkPlan {
  /** Encoded image bytes, already fetched. */
  image: Uint8Array;
  position: WatermarkPosition;
  /** 0..1; 0 means fully opaque, as in Mort. */
  opacity: number;
}

/** One transform record; records are applied in order on one decoded image. */
export interface RecordPlan {
  width?: number;
  height?: number;
  enlarge?: boolean;
  preserveAspectRatio?: boolean;
  fill?: boolean;
  crop?: boolean;
  embed?: boolean;
  gravity?: Gravity;
  /** -1 means "0, but do extract" (SPEC §5.1). */
  top?: number;
  left?: number;
  areaWidth?: number;
  areaHeight?: number;
  autoCropWidth?: number;
  autoCropHeight?: number;
  blurSigma?: number;
  blurMinAmpl?: number;
  rotate?: 0 | 90 | 180 | 270;
  watermark?: WatermarkPlan;
}

export interface OutputPlan {
  /** Absent: keep the input format (SVG becomes PNG). */
  format?: OutputFormat;
  /** 1..100, default 75. */
  quality?: number;
  interlace?: boolean;
  strip?: boolean;
  grayscale?: boolean;
  /** Background for formats without alpha, RGB 0..255. Default white. */
  background?: [number, number, number];
}

export interface RenderPlan {
  records: RecordPlan[];
  output: OutputPlan;
  /** Apply the EXIF orientation. Default true. */
  autoOrient?: boolean;
  /** Refuse inputs (and outputs) with more pixels than this. Default 100 megapixels. */
  maxPixels?: number;
  /** Milliseconds the render may take before it is stopped with a `timeout` error. */
  timeoutMs?: number;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;

/** The largest side an extract, crop or resize may ask for (SPEC §12.32). */
export const MAX_SIDE = 16383;
