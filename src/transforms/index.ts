// Public surface of the operation model: the transform record and its setters (SPEC §5.1),
// presets (§5.2), query parameters (§5.3), chain merging (§5.6) and the hashing that result
// keys are built from (§4.4).

export { Accumulator, be8, hex64, transformHash } from './accumulator.ts';
export {
  FORMAT_CODES,
  GRAVITY_CODES,
  parseFormat,
  parseGravity,
  type Gravity,
  type OutputFormat,
} from './codes.ts';
export { invalidParameter } from './errors.ts';
export { mergeRecords } from './merge.ts';
export { murmur3x64_128 } from './murmur3.ts';
export {
  buildPresetRecord,
  presetRecord,
  type PresetFiltersShape,
  type PresetShape,
} from './preset.ts';
export { checkDimension, MAX_DIMENSION, queryRecord } from './query.ts';
export {
  firstValue,
  parseFloat32,
  parseFormQuery,
  parseInt32,
  type QueryValues,
} from './query-values.ts';
export { TransformRecord, type Blur, type Watermark, type WatermarkOrigin } from './record.ts';
