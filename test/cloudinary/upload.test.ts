// Cloudinary's signed upload API (SPEC §10.2, §12.34), through a real server: the handler runs
// in Bun.serve on an ephemeral port and stores into a real local-meta storage.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  handleCloudinaryUpload,
  randomAlphanumeric,
  signedText,
  type UploadDeps,
} from '../../src/cloudinary/index.ts';
import { MortError } from '../../src/errors.ts';
import { createStorage, type Storage } from '../../src/storage/index.ts';

const API_KEY = 'cloudinary-key';
const API_SECRET = 'cloudinary-secret';
const NOW_SECONDS = 1_700_000_000;
const IMAGE = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

const key = { accessKey: API_KEY, secretAccessKey: API_SECRET };
const cloudinary = { kind: 'cloudinary' };
const buckets = {
  media: { keys: [key], transform: cloudinary },
  keyless: { keys: [], transform: cloudinary },
  twoKeys: { keys: [key, { accessKey: 'b', secretAccessKey: 'c' }], transform: cloudinary },
  plain: { keys: [key], transform: { kind: 'presets' } },
  broken: { keys: [key], transform: cloudinary },
};

let root: string;
let storage: Storage;
let server: ReturnType<typeof Bun.serve>;

const deps: UploadDeps = {
  config: { buckets },
  put: async (bucket, objectKey, body, contentType) => {
    if (bucket === 'broken') throw new MortError('unavailable', 'storage down');
    return storage.put({ bucket, key: objectKey }, body, {
      contentType,
      contentLength: body.byteLength,
    });
  },
  now: () => NOW_SECONDS * 1000,
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mort-cloudinary-'));
  await mkdir(join(root, 'media'));
  storage = createStorage({ kind: 'local-meta', rootPath: root });
  server = Bun.serve({
    port: 0,
    async fetch(request) {
      const answer = await handleCloudinaryUpload(request, new URL(request.url), deps);
      return answer ?? new Response('not an upload', { status: 418 });
    },
  });
});

afterAll(async () => {
  await server.stop(true);
  await rm(root, { recursive: true, force: true });
});

/** Cloudinary's client-side signing, written out independently of the server code. */
function sign(fields: [string, string][], secret = API_SECRET): string {
  const text = fields
    .filter(([name]) => name !== 'api_key' && name !== 'signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return createHash('sha1').update(text + secret).digest('hex');
}

interface UploadOptions {
  fields?: [string, string][];
  files?: [string, File][];
  signature?: string;
  apiKey?: string;
}

function imageFile(type = 'image/jpeg', name = 'cat.jpg'): File {
  return new File([IMAGE], name, { type });
}

function signedForm(options: UploadOptions = {}): FormData {
  const fields = options.fields ?? [['timestamp', String(NOW_SECONDS)]];
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  form.append('api_key', options.apiKey ?? API_KEY);
  form.append('signature', options.signature ?? sign(fields));
  for (const [name, file] of options.files ?? [['file', imageFile()]]) form.append(name, file);
  return form;
}

type Body = FormData | URLSearchParams | string;

function post(path: string, body: Body, headers?: Record<string, string>): Promise<Response> {
  return fetch(new URL(path, server.url), { method: 'POST', body, headers });
}

async function expectText(response: Response, status: number, body: string | RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('text/plain');
  const text = await response.text();
  if (typeof body === 'string') expect(text).toBe(body);
  else expect(text).toMatch(body);
}

describe('a signed upload', () => {
  test('stores the file under a random public id and describes it', async () => {
    const response = await post('/media/any/path', signedForm());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toStartWith('application/json');

    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      asset_id: expect.stringMatching(/^[A-Za-z0-9]{8}$/),
      public_id: expect.stringMatching(/^[A-Za-z0-9]{20}$/),
      version: NOW_SECONDS,
      format: 'jpeg',
      resource_type: 'image',
      bytes: IMAGE.byteLength,
      type: 'upload',
      original_filename: 'cat.jpg',
    });
    expect(Object.keys(body)[0]).toBe('asset_id');

    const stored = await storage.get({ bucket: 'media', key: `/${body.public_id}` });
    expect(new Uint8Array(await new Response(stored.body).arrayBuffer())).toEqual(IMAGE);
    expect(stored.metadata.contentType).toBe('image/jpeg');
  });

  test('signs every other field, sorted, repeated fields in order', async () => {
    const fields: [string, string][] = [
      ['timestamp', String(NOW_SECONDS)],
      ['tags', 'b'],
      ['eager', 'c_fit,w_100'],
      ['tags', 'a'],
    ];
    expect(await post('/media', signedForm({ fields })).then((r) => r.status)).toBe(200);
    expect(signedText(fields.map(([name, value]) => ({ name, value })))).toBe(
      `eager=c_fit,w_100&tags=b&tags=a&timestamp=${NOW_SECONDS}`,
    );
  });

  test('accepts a timestamp up to 10 minutes ahead and up to an hour old', async () => {
    for (const timestamp of [NOW_SECONDS + 600, NOW_SECONDS - 3600]) {
      const fields: [string, string][] = [['timestamp', String(timestamp)]];
      expect((await post('/media', signedForm({ fields }))).status).toBe(200);
    }
  });
});

describe('403 signature does not match', () => {
  const cases: [string, UploadOptions][] = [
    ['a wrong api_key', { apiKey: 'someone-else' }],
    ['a wrong signature', { signature: sign([['timestamp', '1']]) }],
    ['a signature made with another secret', {
      signature: sign([['timestamp', String(NOW_SECONDS)]], 'guess'),
    }],
    ['a timestamp that is not an integer', { fields: [['timestamp', '17e8']] }],
    ['no timestamp', { fields: [['tags', 'a']] }],
    ['a timestamp more than 10 minutes ahead', {
      fields: [['timestamp', String(NOW_SECONDS + 601)]],
    }],
    ['a timestamp more than an hour old', { fields: [['timestamp', String(NOW_SECONDS - 3601)]] }],
  ];

  for (const [name, options] of cases) {
    test(name, async () => {
      await expectText(await post('/media', signedForm(options)), 403, 'signature does not match');
    });
  }
});

describe('400 for bad bodies and files', () => {
  test('a body that is not multipart/form-data', async () => {
    const body = new URLSearchParams({ timestamp: String(NOW_SECONDS) });
    await expectText(await post('/media', body), 400, /multipart\/form-data/);
  });

  test('broken multipart gives the parse error', async () => {
    const headers = { 'content-type': 'multipart/form-data; boundary=XX' };
    const body = '--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated';
    await expectText(await post('/media', body, headers), 400, /boundary/);
  });

  test('no file, two files, or one file not named "file" (§12.34)', async () => {
    const variants: [string, File][][] = [
      [],
      [['file', imageFile()], ['file', imageFile()]],
      [['file', imageFile()], ['other', imageFile()]],
      [['upload', imageFile()]],
    ];
    for (const files of variants) {
      const response = await post('/media', signedForm({ files }));
      await expectText(response, 400, 'only upload of one file is supported');
    }
  });

  test('a file part that is not an image', async () => {
    const files: [string, File][] = [['file', imageFile('text/plain', 'a.txt')]];
    await expectText(await post('/media', signedForm({ files })), 400, 'invalid file Content-Type');
  });

  test('the signature is checked before the file', async () => {
    const response = await post('/media', signedForm({ files: [], apiKey: 'x' }));
    expect(response.status).toBe(403);
  });
});

describe('configuration and storage failures', () => {
  test('a bucket without exactly one key is a 500', async () => {
    for (const bucket of ['keyless', 'twoKeys']) {
      await expectText(await post(`/${bucket}/x`, signedForm()), 500, 'Server configuration error');
    }
  });

  test('a storage failure answers its status', async () => {
    await expectText(await post('/broken/x', signedForm()), 503, 'parent storage error');
  });

  test('other requests are left to the S3 and image handlers', async () => {
    expect((await post('/plain/x', signedForm())).status).toBe(418);
    expect((await post('/unknown/x', signedForm())).status).toBe(418);
    expect((await fetch(new URL('/media/x', server.url))).status).toBe(418);
    const put = await fetch(new URL('/media/x', server.url), { method: 'PUT', body: 'x' });
    expect(put.status).toBe(418);
  });
});

test('random ids use only [A-Za-z0-9]', () => {
  const ids = Array.from({ length: 200 }, () => randomAlphanumeric(20));
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{20}$/);
  expect(new Set(ids).size).toBe(ids.length);
});
