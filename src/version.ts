// Version line of `-version` (SPEC §1): `<version> commit <commit> date <date>`. A compiled
// executable gets commit and date baked in by the build (see scripts/build.ts).
import packageJson from '../package.json' with { type: 'json' };

declare const MORT_COMMIT: string | undefined;
declare const MORT_BUILD_DATE: string | undefined;

export const version = packageJson.version;
export const commit = typeof MORT_COMMIT === 'string' ? MORT_COMMIT : 'dev';
export const buildDate = typeof MORT_BUILD_DATE === 'string' ? MORT_BUILD_DATE : 'unknown';

export function versionLine(): string {
  return `${version} commit ${commit} date ${buildDate}`;
}
