// Multipart uploads in progress, kept on disk: one folder per upload under a private directory
// (by default in os.tmpdir()), holding `upload.json` (target and metadata) and per part a data
// file plus `<n>.json` naming it. A part counts once its `.json` was renamed into place, so a
// re-upload of the same number swaps atomically. Uploads older than `maxAgeMs` are abandoned:
// they are refused and removed lazily, at most once per check interval.

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { noSuchUpload } from '../errors.ts';
import { writePartFile } from './part-file.ts';

/** What CreateMultipartUpload recorded. */
export interface UploadInfo {
  readonly bucket: string;
  /** Decoded key with its leading `/`. */
  readonly key: string;
  readonly contentType: string | undefined;
  readonly metadata: Record<string, string>;
  readonly createdMs: number;
}

export interface PartInfo {
  readonly partNumber: number;
  /** Quoted hex MD5 of the part. */
  readonly etag: string;
  readonly size: number;
  readonly lastModifiedMs: number;
  /** Data file name inside the upload folder. */
  readonly file: string;
}

export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const EXPIRY_CHECK_MS = 10 * 60 * 1000;
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const PART_META = /^(\d+)\.json$/;
const MANIFEST = 'upload.json';

export class MultipartStore {
  private lastExpiryMs = 0;

  constructor(
    private readonly dir: string,
    private readonly maxAgeMs: number = DEFAULT_MAX_AGE_MS,
  ) {}

  /** Records a new upload; returns its id. */
  async create(info: Omit<UploadInfo, 'createdMs'>, now = Date.now()): Promise<string> {
    await this.expireStale(now);

    const uploadId = randomBytes(16).toString('hex');
    const folder = this.folder(uploadId);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await mkdir(folder, { mode: 0o700 });
    await writeJson(join(folder, MANIFEST), { ...info, createdMs: now });
    return uploadId;
  }

  /** The upload, if it exists, targets this bucket and key, and has not expired. */
  async open(uploadId: string, bucket: string, key: string, now = Date.now()):
    Promise<UploadInfo> {
    if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload();

    const info = await readJson<UploadInfo>(join(this.folder(uploadId), MANIFEST));
    const isExpired = info !== undefined && now - info.createdMs > this.maxAgeMs;
    if (info === undefined || isExpired || info.bucket !== bucket || info.key !== key) {
      throw noSuchUpload();
    }

    return info;
  }

  /** Stores one part (replacing an earlier one of that number) once its body ended cleanly. */
  async writePart(
    uploadId: string,
    partNumber: number,
    body: ReadableStream<Uint8Array> | Uint8Array,
    length: number,
  ): Promise<PartInfo> {
    const folder = this.folder(uploadId);
    const file = `${partNumber}-${randomUUID()}.data`;
    const written = await writePartFile(join(folder, file), body, length);
    const part: PartInfo = {
      partNumber,
      etag: `"${written.md5Hex}"`,
      size: written.size,
      lastModifiedMs: Date.now(),
      file,
    };

    const metaPath = join(folder, `${partNumber}.json`);
    const previous = await readJson<PartInfo>(metaPath);
    try {
      await writeJson(metaPath, part);
    } catch (error) {
      // Aborted meanwhile, or the disk is full: the data file must not stay behind.
      await unlink(join(folder, file)).catch(() => undefined);
      throw error;
    }

    if (previous && previous.file !== file) {
      await unlink(join(folder, previous.file)).catch(() => undefined);
    }

    return part;
  }

  /** Recorded parts, by ascending part number. */
  async parts(uploadId: string): Promise<PartInfo[]> {
    const folder = this.folder(uploadId);
    const names = await readdir(folder).catch(() => [] as string[]);
    const parts: PartInfo[] = [];

    for (const name of names) {
      if (!PART_META.test(name)) continue;

      const part = await readJson<PartInfo>(join(folder, name));
      if (part) parts.push(part);
    }

    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Absolute path of a part's data. */
  partPath(uploadId: string, part: PartInfo): string {
    return join(this.folder(uploadId), part.file);
  }

  async remove(uploadId: string): Promise<void> {
    await rm(this.folder(uploadId), { recursive: true, force: true });
  }

  private folder(uploadId: string): string {
    // Ids reach us from clients; only our own format may name a folder.
    if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload();

    return join(this.dir, uploadId);
  }

  private async createdMs(uploadId: string, now: number): Promise<number> {
    const info = await readJson<UploadInfo>(join(this.dir, uploadId, MANIFEST));
    if (info) return info.createdMs;

    // No readable manifest: a create in progress or the debris of a failed one. The folder's
    // own age decides.
    const folder = await stat(join(this.dir, uploadId)).catch(() => undefined);
    return folder?.mtimeMs ?? now;
  }

  private async expireStale(now: number): Promise<void> {
    if (now - this.lastExpiryMs < EXPIRY_CHECK_MS) return;

    this.lastExpiryMs = now;
    const names = await readdir(this.dir).catch(() => [] as string[]);

    for (const name of names) {
      if (!UPLOAD_ID.test(name)) continue;

      const createdMs = await this.createdMs(name, now);
      if (now - createdMs > this.maxAgeMs) await this.remove(name);
    }
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

// Written beside and renamed over the target, so readers never see half a document.
async function writeJson(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;

  try {
    await writeFile(temp, JSON.stringify(value), { flag: 'wx', mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
