// Debug mode (SPEC §6.13): the `X-Mort-Debug` request header shows how a request resolved.
import { chainRecords, type MortObject } from '../object/index.ts';
import { hex64, mergeRecords, type TransformRecord } from '../transforms/index.ts';
import { version } from '../version.ts';

const rendered = new WeakSet<Response>();

/** The request flow marks responses it rendered in this request. */
export function markRendered(response: Response): Response {
  rendered.add(response);
  return response;
}

export function isDebug(request: Request): boolean {
  return (request.headers.get('x-mort-debug') ?? '') !== '';
}

function describeRecord(record: TransformRecord): Record<string, unknown> {
  const { acc: _acc, ...fields } = record;
  return { ...fields, hash: hex64(record.hash()) };
}

export function addDebugHeaders(
  response: Response,
  object: MortObject,
  storageKind: (object: MortObject) => string,
): void {
  const headers = response.headers;
  headers.set('cache-control', 'no-cache');
  headers.set('x-mort-key', object.key);
  headers.set('x-mort-storage', storageKind(object));
  headers.set('x-mort-version', version);
  if (object.transforms) {
    const records = rendered.has(response) ? mergeRecords(chainRecords(object)) : [];
    headers.set('x-mort-transform', 'true');
    headers.set('x-mort-transform-json', JSON.stringify(records.map(describeRecord)));
  }
  if (object.parent) {
    headers.set('x-mort-parent-key', object.parent.key);
    headers.set('x-mort-parent-bucket', object.parent.bucket);
    headers.set('x-mort-parent-storage', storageKind(object.parent));
  }
}
