// The internal listener (SPEC §11.1): Prometheus metrics and a health check, apart from the
// public traffic.
import { registry } from '../monitoring/metrics.ts';

export async function internalFetch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/metrics') {
    return new Response(await registry.metrics(), {
      headers: { 'content-type': registry.contentType },
    });
  }
  if (pathname === '/health' || pathname === '/') return new Response('ok');
  return new Response('{"message":"error: not found"}', {
    status: 404,
    headers: { 'content-type': 'application/json' },
  });
}
