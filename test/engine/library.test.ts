// One libvips in the process, shared by sharp and the addon.
import { expect, test } from 'bun:test';
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metadata, vipsVersion } from '../../src/engine/index.ts';
import { fixture } from '../helpers/images.ts';

test('the addon and sharp report the same libvips version', () => {
  expect(vipsVersion()).toBe(sharp.versions.vips);
});

test('the process maps exactly one libvips, the one in sharp\'s platform package', async () => {
  await metadata(await fixture('small.jpg'));
  await sharp(await fixture('small.jpg')).metadata();
  const maps = readFileSync('/proc/self/maps', 'utf8');
  const paths = new Set(
    maps.split('\n').map((line) => line.split(/\s+/)[5] ?? '').filter((p) => /libvips/.test(p)),
  );
  expect(paths.size).toBe(1);
  expect([...paths][0]).toContain(join('@img', 'sharp-libvips-linux-x64', 'lib'));
});

test('the addon links libvips-cpp from node_modules, not a system copy', async () => {
  const addonPath = join(import.meta.dir, '..', '..', 'native', 'build', 'Release', 'mort.node');
  const ldd = Bun.spawnSync(['ldd', addonPath]).stdout.toString();
  const line = ldd.split('\n').find((l) => l.includes('libvips-cpp'));
  expect(line).toContain('sharp-libvips-linux-x64/lib/libvips-cpp.so');
  expect(ldd).not.toContain('not found');
});
