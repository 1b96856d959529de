// Query parameters → record, for the `query` and `presets-query` kinds (SPEC §5.3).
// Parameters are shared by every `operation` in the request, and setters run in the order the
// operations are listed, because that order is hashed.

import { invalidParameter, invalidTransform } from './errors.ts';
import { firstValue, parseFloat32, parseInt32, type QueryValues } from './query-values.ts';
import { TransformRecord } from './record.ts';

/**
 * Largest width, height or area side a query may ask for (SPEC §12.32): bigger values could
 * exhaust memory, and libvips' smart crop and extract refuse them anyway.
 */
export const MAX_DIMENSION = 16383;

/** Rejects a requested pixel size above MAX_DIMENSION (shared with other URL notations). */
export function checkDimension(name: string, value: number): void {
  if (value > MAX_DIMENSION) throw invalidParameter(name, `at most ${MAX_DIMENSION}`);
}

/** Plain `width`/`height` without `operation`: present values must be integers > 0. */
function requiredPositive(query: QueryValues, name: string): number {
  const text = firstValue(query, name) ?? '';
  if (text === '') throw invalidParameter(name, 'a non-empty value');

  const value = parseInt32(text);
  if (value === undefined || value <= 0) throw invalidParameter(name, 'an integer > 0');
  checkDimension(name, value);
  return value;
}

/** Operation parameters: absent or unparsable → 0, negative → error. */
function optionalNonNegative(query: QueryValues, name: string): number {
  const value = parseInt32(firstValue(query, name) ?? '') ?? 0;
  if (value < 0) throw invalidParameter(name, 'an integer >= 0');
  return value;
}

function optionalDimension(query: QueryValues, name: string): number {
  const value = optionalNonNegative(query, name);
  checkDimension(name, value);
  return value;
}

function requiredFloat(query: QueryValues, name: string): number {
  const value = parseFloat32(firstValue(query, name) ?? '');
  if (value === undefined) throw invalidParameter(name, 'a number');
  return value;
}

function applyOperation(record: TransformRecord, operation: string, query: QueryValues): void {
  switch (operation) {
    case 'resize': {
      const width = optionalDimension(query, 'width');
      const height = optionalDimension(query, 'height');
      if (width === 0 && height === 0) throw invalidParameter('width', 'width or height > 0');
      record.resize(width, height, false, false, false);
      return;
    }
    case 'crop': {
      const width = optionalDimension(query, 'width');
      const height = optionalDimension(query, 'height');
      const embed = (firstValue(query, 'embed') ?? '') !== '';
      record.setCrop(width, height, firstValue(query, 'gravity') ?? '', false, embed);
      return;
    }
    case 'resizeCropAuto':
      record.resizeCropAuto(optionalDimension(query, 'width'), optionalDimension(query, 'height'));
      return;
    case 'extract': {
      // `areaWith` is the reference's spelling; the corrected `areaWidth` is accepted when the
      // misspelt one is absent.
      const areaName = query.has('areaWith') ? 'areaWith' : 'areaWidth';
      const areaWidth = optionalDimension(query, areaName);
      const areaHeight = optionalDimension(query, 'areaHeight');
      const top = optionalNonNegative(query, 'top');
      const left = optionalNonNegative(query, 'left');
      record.extract(top, left, areaWidth, areaHeight);
      return;
    }
    case 'watermark': {
      const opacity = requiredFloat(query, 'opacity');
      const image = firstValue(query, 'image') ?? '';
      const position = firstValue(query, 'position') ?? '';
      record.setWatermark(image, position, opacity, 'request');
      return;
    }
    case 'blur': {
      const sigma = requiredFloat(query, 'sigma');
      const minAmpl = parseFloat32(firstValue(query, 'minAmpl') ?? '') ?? 0;
      if (minAmpl < 0) throw invalidParameter('minAmpl', 'a number >= 0');
      record.setBlur(sigma, minAmpl);
      return;
    }
    case 'rotate': {
      const angle = parseInt32(firstValue(query, 'angle') ?? '');
      if (angle === undefined) throw invalidParameter('angle', 'an integer');
      record.setRotate(angle);
      return;
    }
    default:
      // Unknown operation names are ignored, as the reference does.
      return;
  }
}

/**
 * Builds the record a query string asks for, or undefined when it asks for nothing (the object
 * is then an original). Throws a 400 MortError on any invalid parameter.
 */
export function queryRecord(query: QueryValues): TransformRecord | undefined {
  if (query.size === 0) return undefined;

  const record = new TransformRecord();
  const operations = query.get('operation');
  if (operations === undefined) {
    const hasWidth = query.has('width');
    const hasHeight = query.has('height');
    if (hasWidth || hasHeight) {
      const width = hasWidth ? requiredPositive(query, 'width') : 0;
      const height = hasHeight ? requiredPositive(query, 'height') : 0;
      record.resize(width, height, false, false, false);
    }
  } else {
    if (operations[0] === '') throw invalidTransform('invalid operation: expected a name');
    for (const operation of operations) applyOperation(record, operation, query);
  }

  if (query.has('quality')) {
    const quality = parseInt32(firstValue(query, 'quality') ?? '');
    if (quality === undefined) throw invalidParameter('quality', 'an integer from 1 to 100');
    record.setQuality(quality);
  }
  if (query.has('format')) record.setFormat(firstValue(query, 'format') ?? '');
  if (query.has('grayscale')) record.setGrayscale();

  return record.notEmpty ? record : undefined;
}
