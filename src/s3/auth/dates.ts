// Request time checks: clock skew of signed requests and expiry of presigned URLs (§7.3).

/** AWS refuses header-signed requests whose time is further than this from the server clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** AWS caps `X-Amz-Expires` at one week. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses the ISO 8601 basic form `YYYYMMDD'T'HHMMSS'Z'`; undefined when malformed. */
export function parseAmzDate(text: string): Date | undefined {
  const match = AMZ_DATE.exec(text);
  if (!match) return undefined;

  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);

  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Formats a date as `YYYYMMDD'T'HHMMSS'Z'`. */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Parses an `x-amz-date` or HTTP `Date` value (ISO basic form or RFC 7231). */
export function parseRequestDate(text: string): Date | undefined {
  const amz = parseAmzDate(text);
  if (amz) return amz;

  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** True when `date` is within ±15 minutes of `now`. */
export function isWithinSkew(date: Date, now: Date): boolean {
  return Math.abs(now.getTime() - date.getTime()) <= MAX_SKEW_MS;
}
