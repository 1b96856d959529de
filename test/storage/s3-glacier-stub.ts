// A stand-in S3 endpoint for archived objects (SPEC §6.12): GetObject answers with the
// InvalidObjectState error document S3 sends for GLACIER / DEEP_ARCHIVE objects, HeadObject
// still works, and RestoreObject requests (`POST ?restore`) are recorded.

export interface RestoreCall {
  path: string;
  body: string;
}

export interface GlacierStub {
  endpoint: string;
  restores: RestoreCall[];
  /** Status RestoreObject answers with; 202 (accepted) by default. */
  restoreStatus: number;
  /** Milliseconds RestoreObject waits before answering. */
  restoreDelayMs: number;
  stop(): void;
}

/** Keys under `/deep/` are DEEP_ARCHIVE, every other key is GLACIER. */
export function startGlacierStub(): GlacierStub {
  const stub: GlacierStub = {
    endpoint: '',
    restores: [],
    restoreStatus: 202,
    restoreDelayMs: 0,
    stop: () => server.stop(true),
  };

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const storageClass = url.pathname.includes('/deep/') ? 'DEEP_ARCHIVE' : 'GLACIER';

      if (request.method === 'POST' && url.searchParams.has('restore')) {
        stub.restores.push({ path: url.pathname, body: await request.text() });
        await Bun.sleep(stub.restoreDelayMs);
        return stub.restoreStatus < 300
          ? new Response(null, { status: stub.restoreStatus })
          : errorDocument(stub.restoreStatus, 'InternalError', 'We encountered an internal error.');
      }

      if (request.method === 'HEAD') {
        return new Response(null, {
          headers: {
            'content-type': 'image/jpeg',
            'content-length': '1234',
            etag: '"0123456789abcdef"',
            'last-modified': new Date(0).toUTCString(),
            'x-amz-storage-class': storageClass,
          },
        });
      }

      return errorDocument(
        403,
        'InvalidObjectState',
        "The operation is not valid for the object's storage class",
        `<StorageClass>${storageClass}</StorageClass>`,
      );
    },
  });

  stub.endpoint = `http://127.0.0.1:${server.port}`;
  return stub;
}

function errorDocument(status: number, code: string, message: string, extra = ''): Response {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>${extra}` +
    '<RequestId>9FEFFF118E15B86F</RequestId>' +
    '<HostId>WVQ5kzhiT+oiUfDCOiOYv8W4Tk9eNcxWi/MK+hTS/av34Xy4rBU3zsavf0aaaaa=</HostId></Error>';

  return new Response(xml, { status, headers: { 'content-type': 'application/xml' } });
}
