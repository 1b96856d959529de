// Serving speed: the product answering a cached ~30 KB image against Bun.serve returning the
// same bytes from memory, in the same run, both driven by wrk (autocannon tops out near 7k req/s
// on this machine, far below Bun.serve). Then the transform path with autocannon.
//
//   bun run bench/serve.ts [--seconds 10] [--connections 64] [--rounds 3]
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { spawnServer } from '../test/helpers/process.ts';

const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '10' },
  connections: { type: 'string', default: '64' },
  rounds: { type: 'string', default: '3' },
} });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);

function wrk(url: string): number {
  const run = Bun.spawnSync(['wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url]);
  const text = run.stdout.toString();
  const match = /Requests\/sec:\s+([\d.]+)/.exec(text);
  if (!match) throw new Error(`wrk failed:\n${text}\n${run.stderr.toString()}`);
  const p99 = /99%\s+(\S+)/.exec(text)?.[1] ?? '?';
  console.log(`  ${url}: ${Number(match[1]).toFixed(0)} req/s, p99 ${p99}`);
  return Number(match[1]);
}

const dir = mkdtempSync(join(tmpdir(), 'mort-bench-'));
const photo = join(import.meta.dir, '..', 'test', 'fixtures', 'astronaut-progressive.jpg');
const image = await sharp(photo).resize(480).jpeg({ quality: 75 }).toBuffer();
await Bun.write(join(dir, 'originals', 'media', 'photo.jpg'), image);
await Bun.write(join(dir, 'originals', 'media', 'big.jpg'), Bun.file(photo));
await Bun.write(join(dir, 'mort.yml'), `
server:
  listen: "127.0.0.1:0"
  internalListen: "unix:${dir}/internal.sock"
  cache:
    type: "memory"
    cacheSize: 50000000
headers:
  - statusCodes: [200]
    values:
      cache-control: "max-age=3600, public"
buckets:
  media:
    transform:
      kind: "query"
    storages:
      basic: { kind: "local-meta", rootPath: "${dir}/originals" }
`);

const server = await spawnServer(['bun', 'run', join(import.meta.dir, '..', 'src', 'index.ts'),
  '-config', 'mort.yml'], dir);
const base = server.listen[0]!;
// The reference runs in its own process: wrk is run synchronously from this one.
const staticServer = Bun.spawn(['bun', 'run', join(import.meta.dir, 'static-server.ts'),
  join(dir, 'originals', 'media', 'photo.jpg')], { stdout: 'pipe' });
const firstLine = await staticServer.stdout.getReader().read();
const staticPort = Number(new TextDecoder().decode(firstLine.value).trim());

try {
  console.log(`image: ${image.length} bytes; wrk ${connections} connections, ${seconds} s each`);
  // Warm the cache, and check that it answers hits.
  for (let i = 0; i < 3; i++) await (await fetch(`${base}/media/photo.jpg`)).arrayBuffer();
  const probe = await fetch(`${base}/media/photo.jpg`);
  await probe.arrayBuffer();
  if (probe.headers.get('x-mort-cache') !== 'hit') throw new Error('cache is not answering hits');

  // Alternate the two, several rounds, and take the median ratio: the machine drifts.
  const ratios: number[] = [];
  const references: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const staticRate = wrk(`http://127.0.0.1:${staticPort}/media/photo.jpg`);
    const hitRate = wrk(`${base}/media/photo.jpg`);
    references.push(staticRate);
    ratios.push(hitRate / staticRate);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1]!;
  const reference = median(references);
  console.log(`static reference ${reference.toFixed(0)} req/s ` +
    `(autocannon's ceiling here is ~7k req/s: ${reference > 14_000 ? 'well above' : 'NOT above'})`);

  // The transform path: every request a distinct size of a 2048x2048 JPEG, never cached.
  let width = 100;
  const transform = await autocannon({
    url: base, connections: 4, duration: seconds,
    requests: [{ setupRequest: (request: { path: string }) =>
      ({ ...request, path: `/media/big.jpg?width=${width++}` }) }],
  });
  console.log(`transform path (autocannon, 4 connections): ${transform.requests.average} req/s, ` +
    `p99 ${transform.latency.p99} ms, errors ${transform.errors + transform.non2xx}`);
  console.log(`cache-hit/static ratio: ${median(ratios).toFixed(2)}`);
} finally {
  staticServer.kill('SIGTERM');
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
