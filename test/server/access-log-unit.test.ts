// The access log wrapper on its own, with a captured destination: what a redirect to a
// presigned URL and a failing body leave in the log.
import { expect, test } from 'bun:test';
import { Writable } from 'node:stream';
import { createAccessLogger, withAccessLog } from '../../src/monitoring/access-log.ts';

function captured() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  } });
  return { lines, logger: createAccessLogger(destination) };
}

const peer = { requestIP: () => ({ address: '10.1.2.3' }) };

test('presigned URLs in Location and Referer are logged without their signature', async () => {
  const { lines, logger } = captured();
  const presigned = 'https://s3.example/bucket/big.jpg?X-Amz-Signature=cafebabe&X-Amz-Expires=60';
  const fetch = withAccessLog(async () => new Response(null,
    { status: 307, headers: { location: presigned } }), logger);

  const referer = 'https://app.example/page?X-Amz-Signature=deadbeef';
  const response = await fetch(new Request('http://img.example/media/big.jpg',
    { headers: { referer } }), peer);
  expect(response.status).toBe(307);
  expect(response.headers.get('location')).toBe(presigned);
  await Bun.sleep(10);

  const text = JSON.stringify(lines);
  expect(text).not.toContain('cafebabe');
  expect(text).not.toContain('deadbeef');
  const logged = lines[1] as { httpResponse: { header: Record<string, string> } };
  expect(logged.httpResponse.header.location).toBe('https://s3.example/bucket/big.jpg?***');
  expect((lines[0] as { httpRequest: { remoteIP: string } }).httpRequest.remoteIP)
    .toBe('10.1.2.3');
});

test('a body that fails mid-stream still gets its response line', async () => {
  const { lines, logger } = captured();
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulls++ === 0) controller.enqueue(new Uint8Array(100));
      else controller.error(new Error('storage went away'));
    },
  }, { highWaterMark: 0 });
  const fetch = withAccessLog(async () => new Response(body), logger);

  const response = await fetch(new Request('http://img.example/media/a.jpg'), peer);
  await expect(response.arrayBuffer()).rejects.toThrow();
  await Bun.sleep(10);

  expect(lines).toHaveLength(2);
  expect((lines[1] as { httpResponse: { bytes: number } }).httpResponse.bytes).toBe(100);
});
