// Requests whose Host header is missing (HTTP/1.0) or unusable are still answered cleanly,
// with or without access logs, and never with Bun's development error page.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startMediaServer, type TestServer } from '../helpers/server.ts';

/** Sends raw bytes and returns the whole answer as text. */
async function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  let answer = '';
  const { promise, resolve } = Promise.withResolvers<void>();
  const socket = await Bun.connect({ hostname, port: Number(port), socket: {
    data(_, chunk) { answer += new TextDecoder().decode(chunk); },
    close() { resolve(); },
  } });
  socket.write(text);
  await Promise.race([promise, Bun.sleep(3000)]);
  socket.end();
  return answer;
}

for (const accessLogs of [false, true]) {
  describe(`accessLogs: ${accessLogs}`, () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startMediaServer({ server: accessLogs ? '  accessLogs: true\n' : '' });
    });

    afterAll(() => server.close());

    test('HTTP/1.0 without Host is served', async () => {
      const answer = await raw(server.url, 'GET /media/coffee.jpg?width=50 HTTP/1.0\r\n\r\n');
      expect(answer).toStartWith('HTTP/1.1 200');
      expect(answer.toLowerCase()).toContain('content-type: image/jpeg');
    });

    for (const host of ['a b', '[::1', 'x:99999', '@', 'a:b:c']) {
      test(`Host "${host}" gets a clean answer`, async () => {
        const answer = await raw(server.url,
          `GET /media/missing.jpg HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
        expect(answer).toStartWith('HTTP/1.1 404');
        expect(answer).not.toContain('text/html');
        expect(answer).not.toContain(process.cwd());
        expect(answer.length).toBeLessThan(1000);
      });
    }
  });
}
