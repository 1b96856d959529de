// Checks a plan before it crosses into native code. Failures are client errors: the values come
// from URLs and presets.
import { badRequest } from '../errors.ts';
import { MAX_SIDE, type RenderPlan, type RecordPlan } from './plan.ts';

const formats = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff']);
const gravities = new Set(['center', 'north', 'south', 'east', 'west', 'smart']);
const positions = /^(top|center|bottom)-(left|center|right)$/;

function checkSide(value: number | undefined, name: string, min = 0): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > MAX_SIDE) {
    throw badRequest(`invalid ${name}: expected an integer from ${min} to ${MAX_SIDE}`);
  }
}

function checkRecord(record: RecordPlan): void {
  checkSide(record.width, 'width');
  checkSide(record.height, 'height');
  checkSide(record.top, 'top', -1);
  checkSide(record.left, 'left', -1);
  checkSide(record.areaWidth, 'area width');
  checkSide(record.areaHeight, 'area height');
  checkSide(record.autoCropWidth, 'auto-crop width');
  checkSide(record.autoCropHeight, 'auto-crop height');

  if (record.gravity !== undefined && !gravities.has(record.gravity)) {
    throw badRequest('invalid gravity');
  }
  if (record.rotate !== undefined && ![0, 90, 180, 270].includes(record.rotate)) {
    throw badRequest('invalid rotate angle: expected 90, 180 or 270');
  }
  const sigma = record.blurSigma ?? 0;
  const minAmpl = record.blurMinAmpl ?? 0;
  if (!(sigma >= 0 && sigma <= 100) || !(minAmpl >= 0 && minAmpl <= 1)) {
    throw badRequest('invalid blur: sigma must be in (0, 100], minAmpl in [0, 1]');
  }
  const mark = record.watermark;
  if (mark) {
    if (!(mark.image instanceof Uint8Array) || mark.image.length === 0) {
      throw badRequest('invalid watermark image');
    }
    if (!positions.test(mark.position)) throw badRequest('invalid watermark position');
    if (!(mark.opacity >= 0 && mark.opacity <= 1)) throw badRequest('invalid watermark opacity');
  }
}

export function validatePlan(plan: RenderPlan): RenderPlan {
  plan.records.forEach(checkRecord);

  const { format, quality } = plan.output;
  if (format !== undefined && !formats.has(format)) throw badRequest('unknown output format');
  if (quality !== undefined && !(Number.isInteger(quality) && quality >= 1 && quality <= 100)) {
    throw badRequest('invalid quality: expected an integer from 1 to 100');
  }
  if (plan.maxPixels !== undefined && !(plan.maxPixels >= 1)) {
    throw badRequest('invalid pixel limit');
  }
  if (plan.timeoutMs !== undefined && !(plan.timeoutMs >= 0 && plan.timeoutMs <= 1e9)) {
    throw badRequest('invalid render timeout');
  }
  return plan;
}
