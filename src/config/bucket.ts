// `buckets.<name>` (SPEC §2.6): credentials, headers, storages, transform and glacier.

import { Section } from './read.ts';
import { readStorages } from './storage.ts';
import { readTransform } from './transform.ts';
import type { AccessKeyConfig, BucketConfig, GlacierConfig, GlacierTier } from './types.ts';

const RETRY_AFTER_BY_TIER: Readonly<Record<GlacierTier, number>> = {
  Expedited: 300,
  Standard: 14400,
  Bulk: 43200,
};

/** Reads one bucket; `bucketNames` and `configDir` are needed by its transform. */
export function readBucket(
  name: string,
  bucket: Section,
  bucketNames: ReadonlySet<string>,
  configDir: string,
): BucketConfig {
  const storagesSection = bucket.child('storages');
  const storages = readStorages(storagesSection);
  const transformSection = bucket.section('transform');
  const context = { storageNames: new Set(storagesSection.keys()), bucketNames, configDir };

  return {
    name,
    keys: readKeys(bucket),
    transform: transformSection && readTransform(transformSection, context),
    storages,
    headers: bucket.stringMap('headers') ?? {},
    glacier: readGlacier(bucket.section('glacier')),
  };
}

function readKeys(bucket: Section): AccessKeyConfig[] {
  const keys: AccessKeyConfig[] = [];

  for (const item of bucket.items('keys') ?? []) {
    const pair = Section.of(item.node, item.path, bucket.problems);
    const accessKey = pair.string('accessKey') ?? '';
    const secretAccessKey = pair.string('secretAccessKey') ?? '';

    if (accessKey === '') pair.problems.add(pair.pathOf('accessKey'), 'is required');
    if (secretAccessKey === '') pair.problems.add(pair.pathOf('secretAccessKey'), 'is required');
    if (accessKey !== '' && secretAccessKey !== '') keys.push({ accessKey, secretAccessKey });
  }

  return keys;
}

function readGlacier(glacier: Section | undefined): GlacierConfig {
  const restoreTier = readTier(glacier);
  const restoreDays = glacier?.int('restoreDays') ?? 0;
  const retryAfterSeconds = glacier?.int('retryAfterSeconds') ?? 0;

  if (restoreDays !== 0 && (restoreDays < 1 || restoreDays > 30)) {
    glacier?.problems.add(glacier.pathOf('restoreDays'), `must be 1–30, got ${restoreDays}`);
  }

  if (retryAfterSeconds < 0) {
    glacier?.problems.add(
      glacier.pathOf('retryAfterSeconds'),
      `must not be negative, got ${retryAfterSeconds}`,
    );
  }

  return {
    enabled: glacier?.bool('enabled') ?? false,
    restoreTier,
    restoreDays: restoreDays === 0 ? 3 : restoreDays,
    retryAfterSeconds: retryAfterSeconds > 0 ? retryAfterSeconds : RETRY_AFTER_BY_TIER[restoreTier],
  };
}

function readTier(glacier: Section | undefined): GlacierTier {
  const tier = glacier?.string('restoreTier') ?? '';

  if (tier === '') return 'Standard';
  if (Object.hasOwn(RETRY_AFTER_BY_TIER, tier)) return tier as GlacierTier;

  glacier?.problems.add(
    glacier.pathOf('restoreTier'),
    `must be Expedited, Standard or Bulk, got "${tier}"`,
  );
  return 'Standard';
}
