// The transform record of SPEC §5.1: the operations one request asks for, plus the accumulator
// their setters feed. Setters validate first and write nothing on failure, so a rejected call
// leaves both the fields and the hash untouched.

import { Accumulator, transformHash } from './accumulator.ts';
import {
  FORMAT_CODES,
  GRAVITY_CODES,
  isWatermarkPosition,
  parseFormat,
  parseGravity,
  type Gravity,
  type OutputFormat,
} from './codes.ts';
import { invalidParameter } from './errors.ts';

/**
 * Where a watermark image reference came from. `request` sources (query strings, later
 * cloudinary/scripts) must only be fetched from public http(s) URLs (SPEC §12.30); the fetcher
 * enforces that. `config` sources (presets) may also name local files.
 */
export type WatermarkOrigin = 'config' | 'request';

/** A watermark to composite over the output (§5.4). */
export interface Watermark {
  /** URL (`http…`) or file path of the image. */
  image: string;
  /** `<top|center|bottom>-<left|center|right>`. */
  position: string;
  /** 0..1, already rounded to single precision when it came from a query. */
  opacity: number;
  origin: WatermarkOrigin;
}

/** Gaussian blur parameters. */
export interface Blur {
  /** 0 < sigma <= 100. */
  sigma: number;
  /** >= 0; 0 lets the renderer pick its default. */
  minAmpl: number;
}

const ROTATE_STEP = 90;

function requireNonNegativeInt(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidParameter(name, 'an integer >= 0');
  }
}

/** One record of operations; see SPEC §5.1 for field meanings and §5.4 for rendering. */
export class TransformRecord {
  width = 0;
  height = 0;
  enlarge = false;
  preserveAspectRatio = false;
  fill = false;
  crop = false;
  embed = false;
  /** Defaults to `center` (code 0); `crop` without a known gravity sets `smart`. */
  gravity: Gravity = 'center';
  /** -1 when an extract was asked at (0, 0): forces the extract step; render clamps to 0. */
  top = 0;
  left = 0;
  areaWidth = 0;
  areaHeight = 0;
  autoCropWidth = 0;
  autoCropHeight = 0;
  /** 0 = encoder default. */
  quality = 0;
  interlace = false;
  strip = false;
  /** Undefined = keep the input format. */
  format: OutputFormat | undefined = undefined;
  blur: Blur | undefined = undefined;
  watermark: Watermark | undefined = undefined;
  grayscale = false;
  /** Clockwise degrees: 0, 90, 180 or 270. 0 means "apply EXIF orientation". */
  rotate = 0;
  /** True once any setter ran (even a failing `format`): the record has operations. */
  notEmpty = false;
  /** Set by resizeCropAuto: chained records must render one by one (§5.6). */
  noMerge = false;
  readonly acc: Accumulator = new Accumulator();

  /** The transform hash `h64` of this record (§5.1). */
  hash(): bigint {
    return transformHash(this.acc.value);
  }

  /** Target size (0 = derive from the other side); flags as in §5.4. */
  resize(width: number, height: number, enlarge: boolean, keepAspect: boolean, fill: boolean) {
    requireNonNegativeInt('width', width);
    requireNonNegativeInt('height', height);

    this.width = width;
    this.height = height;
    this.enlarge = enlarge;
    this.preserveAspectRatio = keepAspect;
    this.fill = fill;
    this.acc.write(1111, BigInt(width) * 7n, BigInt(height) * 3n);
    if (enlarge) this.acc.write(12311);
    if (keepAspect) this.acc.write(700000001);
    if (fill) this.acc.write(700000002);
    this.notEmpty = true;
  }

  /** Crop to a size at a gravity; the reference never renders `embed` (§12.28). */
  setCrop(width: number, height: number, gravity: string, enlarge: boolean, embed: boolean) {
    requireNonNegativeInt('width', width);
    requireNonNegativeInt('height', height);

    const parsedGravity = parseGravity(gravity);
    this.width = width;
    this.height = height;
    this.crop = true;
    this.gravity = parsedGravity;
    this.enlarge = enlarge;
    this.embed = embed;
    this.acc.write(1212, BigInt(width) * 5n, height, GRAVITY_CODES[parsedGravity]);
    if (embed) this.acc.write(3333);
    if (enlarge) this.acc.write(54324);
    this.notEmpty = true;
  }

  /**
   * Cut an area. Hashes the current width/height, not the area: reference behaviour
   * (§12.10, keys).
   */
  extract(top: number, left: number, width: number, height: number) {
    requireNonNegativeInt('top', top);
    requireNonNegativeInt('left', left);
    requireNonNegativeInt('areaWidth', width);
    requireNonNegativeInt('areaHeight', height);

    this.top = top === 0 && left === 0 ? -1 : top;
    this.left = left;
    this.areaWidth = width;
    this.areaHeight = height;
    this.acc.write(1611, BigInt(this.width) * 3n, BigInt(this.height) * 3n, BigInt(top) * 6n, left);
    this.notEmpty = true;
  }

  /** Auto-crop to an aspect-ratio box (§5.4 auto-crop passes). */
  resizeCropAuto(width: number, height: number) {
    requireNonNegativeInt('width', width);
    requireNonNegativeInt('height', height);

    this.autoCropWidth = width;
    this.autoCropHeight = height;
    this.noMerge = true;
    this.acc.write(31229, BigInt(width) * 2n, height);
    this.notEmpty = true;
  }

  /** Progressive JPEG / interlaced PNG output. */
  setInterlace() {
    this.interlace = true;
    this.acc.write(1311, 71);
    this.notEmpty = true;
  }

  /** Encoder quality, 1..100. */
  setQuality(quality: number) {
    if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
      throw invalidParameter('quality', 'an integer from 1 to 100');
    }

    this.quality = quality;
    this.acc.write(1401, quality);
    this.notEmpty = true;
  }

  /** Drop EXIF, ICC and XMP metadata from the output. */
  stripMetadata() {
    this.strip = true;
    this.acc.write(1999);
    this.notEmpty = true;
  }

  /**
   * Gaussian blur. Negative minAmpl is refused too: the reference's hash of it is undefined
   * (§12.31).
   */
  setBlur(sigma: number, minAmpl: number) {
    if (!Number.isFinite(sigma) || sigma <= 0 || sigma > 100) {
      throw invalidParameter('sigma', 'a number in (0, 100]');
    }
    if (!Number.isFinite(minAmpl) || minAmpl < 0) {
      throw invalidParameter('minAmpl', 'a number >= 0');
    }

    this.blur = { sigma, minAmpl };
    this.acc.write(19121, Math.trunc(sigma * 1000), Math.trunc(minAmpl * 1000));
    this.notEmpty = true;
  }

  /** Output format by name; marks the record non-empty even when the name is refused. */
  setFormat(name: string) {
    this.notEmpty = true;
    const format = parseFormat(name);
    if (format === undefined) throw invalidParameter('format', 'a known image format');

    this.format = format;
    this.acc.write(1122121, FORMAT_CODES[format]);
  }

  /** Watermark. Only the lengths of image and position are hashed (§12.11, keys). */
  setWatermark(image: string, position: string, opacity: number, origin: WatermarkOrigin) {
    if (image === '') throw invalidParameter('image', 'a non-empty image source');
    if (!isWatermarkPosition(position)) {
      throw invalidParameter('position', '<top|center|bottom>-<left|center|right>');
    }
    if (!Number.isFinite(opacity) || opacity < 0 || opacity > 1) {
      throw invalidParameter('opacity', 'a number from 0 to 1');
    }

    this.watermark = { image, position, opacity, origin };
    const opacityPercent = Math.trunc(Math.fround(Math.fround(opacity) * 100));
    this.acc.write(171200, utf8Length(image), utf8Length(position), opacityPercent);
    this.notEmpty = true;
  }

  /** Single-channel black-and-white output. */
  setGrayscale() {
    this.grayscale = true;
    this.acc.write(32309);
    this.notEmpty = true;
  }

  /** Clockwise rotation by a multiple of 90 degrees, applied before resizing. */
  setRotate(angle: number) {
    const turns = angle / ROTATE_STEP;
    if (!Number.isInteger(turns) || turns < 0 || turns > 3) {
      throw invalidParameter('angle', 'one of 0, 90, 180, 270');
    }

    this.rotate = angle;
    this.acc.write(32941, turns);
    this.notEmpty = true;
  }

  /** Deep copy: memoised preset records are cloned so plugins may change a request's copy. */
  clone(): TransformRecord {
    const copy = Object.assign(new TransformRecord(), this, { acc: this.acc.clone() });
    copy.blur = this.blur && { ...this.blur };
    copy.watermark = this.watermark && { ...this.watermark };
    return copy;
  }
}

const encoder = new TextEncoder();

/** Byte length as Go's len(string) counts it. */
function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
