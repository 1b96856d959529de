// Prometheus metrics (SPEC §11.2), served on the internal listener. Process metrics are always
// there; the application metrics are registered when `monitoring: prometheus`. Durations are in
// milliseconds (SPEC §12.29): the reference's microseconds against these buckets mostly land in
// +Inf.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const buckets = [10, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, 5000, 6000, 10000,
  30000, 60000, 70000, 80000];

/**
 * Cache outcomes are counted with plain integers on the hot path and copied into the
 * Prometheus counter when it is scraped: a labelled `inc` per hit costs more than the hit.
 */
export const cacheCounts = { hit: 0, miss: 0, set: 0 };

export const metrics = {
  cacheRatio: new Counter({ name: 'mort_cache_ratio', help: 'Response cache lookups and stores',
    labelNames: ['status'] as const, registers: [],
    collect() {
      this.reset();
      for (const [status, count] of Object.entries(cacheCounts)) this.inc({ status }, count);
    } }),
  throttled: new Counter({ name: 'mort_request_throttled_count',
    help: 'Renderings refused by the throttle', registers: [] }),
  collapsed: new Counter({ name: 'mort_request_collapsed_count',
    help: 'Requests that waited on an identical one', registers: [] }),
  requestType: new Counter({ name: 'mort_request_type_count', help: 'Downloads and transforms',
    labelNames: ['type'] as const, registers: [] }),
  glacierDetected: new Counter({ name: 'mort_glacier_error_detected',
    help: 'Archived objects met', registers: [] }),
  glacierRestores: new Counter({ name: 'mort_glacier_restore_initiated',
    help: 'Archive restores requested', registers: [] }),
  vipsCleanup: new Counter({ name: 'mort_vips_cleanup_count',
    help: 'Idle cleanups that freed memory', registers: [] }),
  storageThroughput: new Gauge({ name: 'mort_storage_throughput',
    help: 'Bytes read from and written to storages', labelNames: ['method', 'storage'] as const,
    registers: [] }),
  storageRequest: new Counter({ name: 'mort_storage_request', help: 'Storage calls',
    labelNames: ['method', 'bucket', 'storage', 'object_type'] as const, registers: [] }),
  storageTime: new Histogram({ name: 'mort_storage_time',
    help: 'Storage call duration in milliseconds', labelNames: ['method', 'storage'] as const,
    buckets, registers: [] }),
  generationTime: new Histogram({ name: 'mort_generation_time',
    help: 'Rendering duration in milliseconds', buckets, registers: [] }),
  responseTime: new Histogram({ name: 'mort_response_time',
    help: 'Main handler duration in milliseconds', labelNames: ['method'] as const, buckets,
    registers: [] }),
};

let registered = false;

/** Adds the application metrics to /metrics (once per process). */
export function enableApplicationMetrics(): void {
  if (registered) return;
  registered = true;
  for (const metric of Object.values(metrics)) registry.registerMetric(metric);
}
