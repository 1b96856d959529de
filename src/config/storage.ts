// `buckets.<name>.storages` (SPEC §2.6.2, §2.6.3, §8). Every storage is checked, not only the
// first ones (the reference misses some), and kinds we do not ship point to their replacement.

import type { Section } from './read.ts';
import type { StorageConfig, StorageKind } from './types.ts';

const STORAGE_KINDS: readonly StorageKind[] = [
  'local',
  'local-meta',
  's3',
  'http',
  'noop',
  'azure',
  'sftp',
];

// Providers reached through their S3-compatible API instead of a client of their own.
const S3_COMPATIBLE_KINDS: Readonly<Record<string, string>> = {
  b2: 'Backblaze B2',
  google: 'Google Cloud Storage',
  oracle: 'Oracle Cloud Object Storage',
};

// Fields required per kind (SPEC §2.6.3 and §8.8).
const REQUIRED_FIELDS: Readonly<Partial<Record<StorageKind, readonly (keyof StorageConfig)[]>>> = {
  local: ['rootPath'],
  'local-meta': ['rootPath'],
  http: ['url'],
  s3: ['accessKey', 'secretAccessKey'],
  azure: ['azureAccount', 'azureKey'],
  sftp: ['sftpHost', 'sftpPort', 'sftpUsername'],
};

/** Reads every storage of a bucket; storages with a missing or invalid kind are left out. */
export function readStorages(storages: Section): Record<string, StorageConfig> {
  const entries: [string, StorageConfig][] = [];

  for (const name of storages.keys()) {
    const storage = readStorage(name, storages.child(name));
    if (storage !== undefined) entries.push([name, storage]);
  }

  if (!storages.has('basic')) storages.problems.add(storages.pathOf('basic'), 'is required');

  return Object.fromEntries(entries);
}

function readStorage(name: string, storage: Section): StorageConfig | undefined {
  const kind = readKind(storage);
  const sftpPort = storage.int('sftpPort');
  const config: StorageConfig = {
    name,
    kind: kind ?? 'noop',
    rootPath: storage.string('rootPath'),
    // A storage literally named `transforms` gets its name as prefix (reference default).
    pathPrefix: storage.string('pathPrefix') ?? (name === 'transforms' ? 'transforms' : ''),
    bucket: nonEmpty(storage.string('bucket')),
    url: storage.string('url'),
    headers: storage.stringMap('headers') ?? {},
    accessKey: storage.string('accessKey'),
    secretAccessKey: storage.string('secretAccessKey'),
    region: storage.string('region') ?? (kind === 's3' ? 'us-east-1' : undefined),
    endpoint: nonEmpty(storage.string('endpoint')),
    HTTPTracing: readTracing(storage),
    azureAccount: storage.string('azureAccount'),
    azureKey: storage.string('azureKey'),
    sftpHost: storage.string('sftpHost'),
    sftpPort,
    sftpUsername: storage.string('sftpUsername'),
    sftpPassword: storage.string('sftpPassword'),
    sftpPrivateKey: storage.string('sftpPrivateKey'),
    sftpPrivateKeypassphrase: storage.string('sftpPrivateKeypassphrase'),
    sftpHostPublicKey: storage.string('sftpHostPublicKey'),
    sftpBasePath: storage.string('sftpBasePath') ?? (kind === 'sftp' ? '.' : undefined),
  };

  if (kind === undefined) return undefined;

  for (const field of REQUIRED_FIELDS[kind] ?? []) {
    if (config[field] === undefined || config[field] === '') {
      storage.problems.add(storage.pathOf(field), `is required for kind ${kind}`);
    }
  }

  if (kind === 'sftp' && sftpPort !== undefined && sftpPort < 1) {
    storage.problems.add(storage.pathOf('sftpPort'), `must be at least 1, got ${sftpPort}`);
  }

  return config;
}

function readKind(storage: Section): StorageKind | undefined {
  const kind = storage.string('kind');
  const path = storage.pathOf('kind');

  if (kind === undefined || kind === '') {
    storage.problems.add(path, 'is required');
    return undefined;
  }

  const provider = S3_COMPATIBLE_KINDS[kind];
  if (provider !== undefined) {
    storage.problems.add(
      path,
      `kind ${kind} is not supported; use kind: s3 with ${provider}'s S3-compatible endpoint ` +
        '(set endpoint, region, accessKey and secretAccessKey)',
    );
    return undefined;
  }

  if (!(STORAGE_KINDS as readonly string[]).includes(kind)) {
    const known = STORAGE_KINDS.join(', ');
    storage.problems.add(path, `unknown storage kind "${kind}" (known: ${known})`);
    return undefined;
  }

  return kind as StorageKind;
}

// The reference compares the text with "true"; a YAML boolean is accepted too.
function readTracing(storage: Section): boolean {
  const node = storage.node('HTTPTracing');

  return node?.kind === 'scalar' && (node.value === true || node.text === 'true');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
