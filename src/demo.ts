// The embedded default configuration serves `demo` from ./data; the first start seeds it with
// a sample photo so that `curl localhost:8080/demo/small/sample.jpg` works on a fresh machine.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import samplePath from '../assets/sample.jpg' with { type: 'file' };

export async function seedDemoData(rootPath: string): Promise<void> {
  const bucketDir = join(rootPath, 'demo');
  mkdirSync(bucketDir, { recursive: true });
  mkdirSync(join(rootPath, '.transforms'), { recursive: true });
  const sample = join(bucketDir, 'sample.jpg');
  if (!existsSync(sample)) await Bun.write(sample, Bun.file(samplePath));
}
