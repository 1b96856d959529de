// A small configuration in the shape config/ produces, shared by the object tests. Bucket
// `media` mirrors SPEC §4.4's worked examples; the others exercise parents and kinds.
import type { BucketShape, ConfigShape, TransformShape } from '../../src/object/index.ts';

const storages = {
  basic: { kind: 'local', bucket: undefined },
  transform: { kind: 'local', bucket: undefined },
};

/** `thumbnail width 300, quality 80`: the preset row of SPEC §4.4. */
export const thumbnailPreset = { quality: 80, filters: { thumbnail: { width: 300 } } };

/** Preset-path regexp with the parent under the preset name (`/<preset>/<parent…>`). */
export const PRESET_PATH = /\/(?<presetName>[a-z0-9]+)\/(?<parent>.*)/;

export function bucketWith(transform: Partial<TransformShape> | undefined): BucketShape {
  return transform ? { transform: { kind: 'presets', ...transform }, storages } : { storages };
}

export function configWith(buckets: Record<string, BucketShape>): ConfigShape {
  return { buckets: { originals: bucketWith(undefined), ...buckets } };
}

export const url = (pathAndQuery: string) => new URL(`http://mort.test${pathAndQuery}`);
