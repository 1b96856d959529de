// `bun run build`: one executable in dist/ that runs without Bun or node_modules. The addon and
// the libvips it links sit beside it; the addon's rpath ($ORIGIN) finds libvips there.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dir, '..');
const dist = join(root, 'dist');
const vipsDir = join(root, 'node_modules', '@img', 'sharp-libvips-linux-x64', 'lib');

function run(command: string[]): string {
  const result = Bun.spawnSync(command, { cwd: root, stderr: 'pipe' });
  if (result.exitCode !== 0) {
    throw new Error(`${command.join(' ')} failed:\n${result.stderr.toString()}`);
  }
  return result.stdout.toString().trim();
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

const commit = Bun.spawnSync(['git', 'rev-parse', '--short', 'HEAD'], { cwd: root })
  .stdout.toString().trim() || 'unknown';
const date = new Date().toISOString();
run(['bun', 'build', '--compile', 'src/index.ts', '--outfile', join(dist, 'mort'),
  '--define', `MORT_COMMIT=${JSON.stringify(commit)}`,
  '--define', `MORT_BUILD_DATE=${JSON.stringify(date)}`]);

copyFileSync(join(root, 'native', 'build', 'Release', 'mort.node'), join(dist, 'mort.node'));
for (const name of readdirSync(vipsDir).filter((file) => file.startsWith('libvips-cpp.so'))) {
  copyFileSync(join(vipsDir, name), join(dist, name));
}
console.log(`built ${join(dist, 'mort')} (commit ${commit})`);
