// Instructions per render, engine against sharp, counted by valgrind's callgrind: repeatable
// for the same binaries and inputs whatever else the machine does, so it settles differences
// smaller than the wall-clock noise of bench/engine.ts.
//
//   bun run bench/instructions.ts [--renders 3]
//
// Each (library, pipeline) runs in its own process under callgrind; a run with no renders
// gives the start-up cost, which is subtracted.
import sharp from 'sharp';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { render, type RenderPlan } from '../src/engine/index.ts';

const { values } = parseArgs({ allowPositionals: true, options: {
  renders: { type: 'string', default: '3' },
  child: { type: 'string' },
  input: { type: 'string' },
} });

type Library = 'engine' | 'sharp' | 'none';
type Run = (input: Uint8Array) => Promise<unknown>;

const pipelines: Record<string, Record<'engine' | 'sharp', Run>> = {
  'resize-300 jpeg': {
    engine: (input) => render(input, plan([{ width: 300 }], 'jpeg')),
    sharp: (input) => sharp(input).resize(300).jpeg({ quality: 75 }).toBuffer(),
  },
  'crop-400 webp': {
    engine: (input) => render(input, plan(
      [{ width: 400, height: 400, crop: true, gravity: 'center' }], 'webp')),
    sharp: (input) => sharp(input).resize(400, 400, { fit: 'cover', position: 'centre' })
      .webp({ quality: 75 }).toBuffer(),
  },
  'resize-1200 jpeg': {
    engine: (input) => render(input, plan([{ width: 1200 }], 'jpeg')),
    sharp: (input) => sharp(input).resize(1200).jpeg({ quality: 75 }).toBuffer(),
  },
};

function plan(records: RenderPlan['records'], format: 'jpeg' | 'webp'): RenderPlan {
  return { records, output: { format, strip: true, quality: 75 } };
}

if (values.child !== undefined) {
  // Inside valgrind: render and exit.
  const [library, name] = values.child.split(':') as [Library, string];
  const input = new Uint8Array(await Bun.file(values.input!).arrayBuffer());
  sharp.cache(false);
  sharp.concurrency(1);
  if (library !== 'none') {
    for (let i = 0; i < Number(values.renders); i++) await pipelines[name]![library](input);
  }
  process.exit(0);
}

function instructions(library: Library, name: string, input: string, renders: number) {
  const run = Bun.spawn(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null',
    'bun', import.meta.path, '--child', `${library}:${name}`, '--input', input,
    '--renders', String(renders)], { stdout: 'ignore', stderr: 'pipe' });
  return new Response(run.stderr).text().then((text) => {
    const match = /refs:\s+([\d,]+)/.exec(text);
    if (!match) throw new Error(`callgrind failed:\n${text}`);
    return Number(match[1]!.replaceAll(',', ''));
  });
}

const renders = Number(values.renders);
const inputPath = join(import.meta.dir, '..', 'node_modules', '.cache', 'bench-12mp.jpg');
const source = join(import.meta.dir, '..', 'test', 'fixtures', 'coffee.jpg');
await Bun.write(inputPath, await sharp(source).resize(4240, 2827, { kernel: 'lanczos3' })
  .jpeg({ quality: 90 }).toBuffer());
console.log(`input: 4240x2827 JPEG; ${renders} renders per run under callgrind`);

const startup = await instructions('none', 'resize-300 jpeg', inputPath, 0);
for (const name of Object.keys(pipelines)) {
  // Two at a time: one per core; the counts do not depend on it.
  const [engine, reference] = await Promise.all([
    instructions('engine', name, inputPath, renders),
    instructions('sharp', name, inputPath, renders),
  ]);
  const perRender = (total: number) => (total - startup) / renders / 1e6;
  console.log(`${name.padEnd(18)} engine ${perRender(engine).toFixed(1).padStart(7)} M   ` +
    `sharp ${perRender(reference).toFixed(1).padStart(7)} M instructions/render   ` +
    `sharp/engine ${(perRender(reference) / perRender(engine)).toFixed(3)}`);
}
