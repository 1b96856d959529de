// The addon against sharp on the same pipelines, interleaved in one process so both see the
// same machine state. Prints images/s per pipeline and library, the engine/sharp ratios
// (median of rounds), allocations per render and the memory peak.
//
//   bun run bench/engine.ts [--rounds 7] [--images 24] [--concurrency 2]
import sharp from 'sharp';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { poolStats, render, type RenderPlan } from '../src/engine/index.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    images: { type: 'string', default: '24' },
    concurrency: { type: 'string', default: '2' },
  },
});
const rounds = Number(values.rounds);
const imagesPerRound = Number(values.images);
const concurrency = Number(values.concurrency);

interface Pipeline {
  name: string;
  engine: (input: Uint8Array) => Promise<unknown>;
  sharp: (input: Uint8Array) => Promise<unknown>;
}

// sharp strips metadata by default, so the engine is asked to strip too.
const plan = (records: RenderPlan['records'], output: RenderPlan['output']): RenderPlan =>
  ({ records, output: { strip: true, quality: 75, ...output } });

const pipelines: Pipeline[] = [
  {
    name: 'resize-300 jpeg',
    engine: (input) => render(input, plan([{ width: 300 }], { format: 'jpeg' })),
    sharp: (input) => sharp(input).resize(300).jpeg({ quality: 75 }).toBuffer(),
  },
  {
    name: 'crop-400 webp',
    engine: (input) => render(input, plan(
      [{ width: 400, height: 400, crop: true, gravity: 'center' }], { format: 'webp' })),
    sharp: (input) => sharp(input).resize(400, 400, { fit: 'cover', position: 'centre' })
      .webp({ quality: 75 }).toBuffer(),
  },
  {
    name: 'resize-1200 jpeg',
    engine: (input) => render(input, plan([{ width: 1200 }], { format: 'jpeg' })),
    sharp: (input) => sharp(input).resize(1200).jpeg({ quality: 75 }).toBuffer(),
  },
];

async function makeInput(): Promise<Uint8Array> {
  // ~12 megapixels of photographic content: coffee.jpg upscaled with lanczos3.
  const source = join(import.meta.dir, '..', 'test', 'fixtures', 'coffee.jpg');
  return sharp(source).resize(4240, 2827, { kernel: 'lanczos3' }).jpeg({ quality: 90 })
    .toBuffer();
}

let rssPeak = 0;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
}, 5);

/** Images per second for `count` renders with `concurrency` in flight. */
async function throughput(run: (input: Uint8Array) => Promise<unknown>, input: Uint8Array) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < imagesPerRound) await run(input);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return imagesPerRound / ((performance.now() - started) / 1000);
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

const input = await makeInput();
const size = await sharp(input).metadata();
console.log(`input: ${size.width}x${size.height} JPEG, ${(input.length / 1e6).toFixed(1)} MB; ` +
  `${rounds} rounds x ${imagesPerRound} images, concurrency ${concurrency}, ` +
  `libvips threads ${sharp.concurrency()}`);
sharp.cache(false);

// Warm both up so that first-use costs (thread start, codec init) stay out of the figures.
for (const pipeline of pipelines) {
  await pipeline.engine(input);
  await pipeline.sharp(input);
}

const before = poolStats();
let engineRenders = 0;
const ratios = new Map<string, number[]>();
const rates = new Map<string, { engine: number[]; sharp: number[] }>();
for (let round = 0; round < rounds; round++) {
  for (const pipeline of pipelines) {
    const entry = rates.get(pipeline.name) ?? { engine: [], sharp: [] };
    // Alternate who goes first, so neither always runs on a warmer machine.
    const engineFirst = round % 2 === 0;
    if (!engineFirst) entry.sharp.push(await throughput(pipeline.sharp, input));
    entry.engine.push(await throughput(pipeline.engine, input));
    engineRenders += imagesPerRound;
    if (engineFirst) entry.sharp.push(await throughput(pipeline.sharp, input));
    rates.set(pipeline.name, entry);
    const ratio = entry.engine.at(-1)! / entry.sharp.at(-1)!;
    ratios.set(pipeline.name, [...(ratios.get(pipeline.name) ?? []), ratio]);
  }
}
const after = poolStats();
clearInterval(sampler);

for (const pipeline of pipelines) {
  const entry = rates.get(pipeline.name)!;
  console.log(`${pipeline.name.padEnd(18)} engine ${median(entry.engine).toFixed(1).padStart(6)} ` +
    `img/s   sharp ${median(entry.sharp).toFixed(1).padStart(6)} img/s   ` +
    `ratio ${median(ratios.get(pipeline.name)!).toFixed(2)}`);
}
const allocations = (after.allocations - before.allocations) / engineRenders;
console.log(`output buffer allocations per render: ${allocations.toFixed(3)} ` +
  `(pool: ${after.pooledBlocks} idle blocks, ${(after.pooledBytes / 1e6).toFixed(1)} MB)`);
console.log(`memory peak (rss, whole process): ${(rssPeak / 1e6).toFixed(0)} MB`);
console.log(`engine/sharp ratio: ${median(ratios.get('resize-300 jpeg')!).toFixed(2)}`);
