// Turns the merged transform records of a request into the engine's plan (SPEC §5.4): records
// keep their order, and the output options come from the last record that sets them, as the
// last pass's encoder would in Mort.
import type { OutputFormat, RecordPlan, RenderPlan } from '../engine/index.ts';
import { badRequest } from '../errors.ts';
import type { TransformRecord, Watermark } from '../transforms/index.ts';
import type { Services } from './context.ts';

export type WatermarkLoader = (watermark: Watermark) => Promise<Uint8Array>;

export interface PlanOptions {
  maxPixels: number;
  /** The render is stopped after this long; 0 lets it run. */
  timeoutMs?: number;
}

/**
 * The server's limits for every render: its pixel limit, and `requestTimeout`, past which
 * nobody waits for the result, so a render that long (a hostile SVG filter, say) is stopped
 * instead of holding a core for minutes.
 */
export function serverLimits(services: Pick<Services, 'maxPixels' | 'config'>): PlanOptions {
  return { maxPixels: services.maxPixels, timeoutMs: services.config.server.requestTimeout * 1000 };
}

const encodable = new Set<string>(['jpeg', 'png', 'webp', 'gif', 'avif']);

function outputFormat(records: readonly TransformRecord[]): OutputFormat | undefined {
  const asked = records.findLast((record) => record.format !== undefined)?.format;
  if (asked === undefined) return undefined;
  if (!encodable.has(asked)) throw badRequest(`invalid format: ${asked} cannot be encoded`);
  return asked as OutputFormat;
}

async function recordPlan(record: TransformRecord, loadWatermark: WatermarkLoader):
  Promise<RecordPlan> {
  const plan: RecordPlan = {
    width: record.width,
    height: record.height,
    enlarge: record.enlarge,
    preserveAspectRatio: record.preserveAspectRatio,
    fill: record.fill,
    crop: record.crop,
    embed: record.embed,
    gravity: record.gravity,
    top: record.top,
    left: record.left,
    areaWidth: record.areaWidth,
    areaHeight: record.areaHeight,
    autoCropWidth: record.autoCropWidth,
    autoCropHeight: record.autoCropHeight,
    rotate: record.rotate as RecordPlan['rotate'],
  };
  if (record.blur) {
    plan.blurSigma = record.blur.sigma;
    plan.blurMinAmpl = record.blur.minAmpl;
  }
  if (record.watermark) {
    plan.watermark = {
      image: await loadWatermark(record.watermark),
      position: record.watermark.position as NonNullable<RecordPlan['watermark']>['position'],
      opacity: record.watermark.opacity,
    };
  }
  return plan;
}

export async function buildRenderPlan(
  records: readonly TransformRecord[],
  loadWatermark: WatermarkLoader,
  options: PlanOptions,
): Promise<RenderPlan> {
  const last = records.at(-1);
  return {
    records: await Promise.all(records.map((record) => recordPlan(record, loadWatermark))),
    output: {
      format: outputFormat(records),
      quality: records.findLast((record) => record.quality > 0)?.quality,
      interlace: last?.interlace ?? false,
      strip: last?.strip ?? false,
      grayscale: records.some((record) => record.grayscale),
    },
    maxPixels: options.maxPixels,
    timeoutMs: options.timeoutMs ?? 0,
  };
}
