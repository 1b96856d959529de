// The internal listener (SPEC §11.1): Prometheus metrics, a health check and a snapshot of the
// server's moving parts, apart from the public traffic.
import { poolStats, vipsVersion } from '../engine/index.ts';
import { registry } from '../monitoring/metrics.ts';
import type { Services } from '../processor/context.ts';
import { versionLine } from '../version.ts';

export function createInternalFetch(services: Services) {
  return async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/metrics') {
      return new Response(await registry.metrics(), {
        headers: { 'content-type': registry.contentType },
      });
    }
    if (pathname === '/health' || pathname === '/') return new Response('ok');
    if (pathname === '/debug/vars') return Response.json(debugVars(services));
    return new Response('{"message":"error: not found"}', {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** What an operator looks at when memory or latency goes wrong (like Go's expvar). */
function debugVars(services: Services) {
  return {
    version: versionLine(),
    libvips: vipsVersion(),
    uptimeSeconds: Math.round(process.uptime()),
    memory: process.memoryUsage(),
    renders: {
      running: services.throttle.active,
      waiting: services.throttle.queued,
      started: services.renderGate.started,
    },
    outputBuffers: poolStats(),
    responseCache: services.cache.stats,
    background: {
      running: services.background.pending,
      skipped: services.background.skipped,
      failed: services.background.failed,
    },
  };
}
