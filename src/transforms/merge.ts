// Merging of chained records (SPEC §5.6): when a transformed object's parent is itself
// transformed, the whole chain is rendered from the top-most original in as few passes as
// possible. Inputs are never modified.

import type { TransformRecord } from './record.ts';

const FULL_TURN = 360;

/** Folds `other` into `base` (which the caller owns). */
function absorb(base: TransformRecord, other: TransformRecord): void {
  if (other.width !== 0) base.width = other.width;
  if (other.height !== 0) base.height = other.height;
  if (other.quality !== 0) base.quality = other.quality;
  if (other.format !== undefined) base.format = other.format;
  if (other.gravity !== 'center') base.gravity = other.gravity;

  base.crop ||= other.crop;
  base.embed ||= other.embed;
  base.preserveAspectRatio ||= other.preserveAspectRatio;
  base.fill ||= other.fill;
  base.interlace ||= other.interlace;
  base.strip ||= other.strip;
  base.notEmpty ||= other.notEmpty;

  base.top = other.top;
  base.left = other.left;
  base.areaWidth = other.areaWidth;
  base.areaHeight = other.areaHeight;
  base.autoCropWidth = other.autoCropWidth;
  base.autoCropHeight = other.autoCropHeight;

  if (other.blur) {
    const sigma = (base.blur?.sigma ?? 0) + other.blur.sigma;
    const minAmpl = (base.blur?.minAmpl ?? 0) + other.blur.minAmpl;
    base.blur = { sigma, minAmpl };
  }
  if (other.watermark && !base.watermark) base.watermark = { ...other.watermark };

  // The reference drops these three (§12.27); we carry them, as rendering the chain level by
  // level would. Rotations compose, so the angles add up.
  base.rotate = (base.rotate + other.rotate) % FULL_TURN;
  base.grayscale ||= other.grayscale;
  base.enlarge ||= other.enlarge;

  base.acc.write(other.acc.value);
}

/**
 * Turns the records of a chain, top-most first, into the records to render in order. With any
 * `noMerge` record they are rendered one by one; otherwise the first absorbs the rest, except
 * that a second watermark keeps its record separate, rendered after.
 */
export function mergeRecords(records: readonly TransformRecord[]): TransformRecord[] {
  const [first, ...rest] = records;
  if (first === undefined) return [];
  if (rest.length === 0 || records.some((record) => record.noMerge)) return [...records];

  const base = first.clone();
  const merged = [base];
  for (const other of rest) {
    if (base.watermark && other.watermark) merged.push(other);
    else absorb(base, other);
  }
  return merged;
}
