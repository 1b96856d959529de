// The connection goes to the address the SSRF check approved, while the server still sees the
// original host: in the Host header and, over TLS, in SNI and certificate verification. The
// fixture certificate is self-signed for `watermark.test`, a name no resolver knows, so these
// requests can only succeed by connecting to the pinned 127.0.0.1.

import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { pinnedUrl, requestHop } from '../../src/fetch/pinned-request.ts';

const fixtures = join(import.meta.dir, 'fixtures');
const cert = await Bun.file(join(fixtures, 'watermark-test.cert.pem')).text();
const key = await Bun.file(join(fixtures, 'watermark-test.key.pem')).text();

const seenHosts: string[] = [];
const tlsServer = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  tls: { key, cert, serverName: 'watermark.test' },
  fetch(request) {
    seenHosts.push(request.headers.get('host') ?? '');
    return new Response('pinned');
  },
});
const plainServer = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch(request) {
    seenHosts.push(request.headers.get('host') ?? '');
    return Response.redirect('/elsewhere', 302);
  },
});
afterAll(() => {
  tlsServer.stop(true);
  plainServer.stop(true);
});

const signal = () => AbortSignal.timeout(5000);

describe('requestHop', () => {
  test('connects to the pinned address and sends the original Host over http', async () => {
    const url = new URL(`http://watermark.test:${plainServer.port}/w.png`);

    const response = await requestHop(url, '127.0.0.1', { signal: signal() });

    expect(seenHosts.at(-1)).toBe(`watermark.test:${plainServer.port}`);
    // Redirects are returned to the caller, never followed by fetch itself.
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/elsewhere');
  });

  test('verifies the certificate against the original host name over https', async () => {
    const url = new URL(`https://watermark.test:${tlsServer.port}/w.png`);

    const response = await requestHop(url, '127.0.0.1', { signal: signal(), ca: cert });

    expect(await response.text()).toBe('pinned');
    expect(seenHosts.at(-1)).toBe(`watermark.test:${tlsServer.port}`);
  });

  test('rejects a certificate that does not match the original host name', async () => {
    const url = new URL(`https://other.test:${tlsServer.port}/w.png`);

    const outcome = await requestHop(url, '127.0.0.1', { signal: signal(), ca: cert }).then(
      () => 'connected',
      (err: unknown) => (err as { code?: string }).code,
    );

    expect(outcome).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  test('pinnedUrl swaps only the host, bracketing IPv6', () => {
    const url = new URL('https://user:pw@cdn.example:8443/a/w.png?v=1#x');

    const pinned = pinnedUrl(url, '203.0.113.7');

    expect(pinned.href).toBe('https://user:pw@203.0.113.7:8443/a/w.png?v=1#x');
    expect(pinnedUrl(url, '2001:db8::7').host).toBe('[2001:db8::7]:8443');
    expect(url.host).toBe('cdn.example:8443');
  });
});
