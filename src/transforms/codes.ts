// Numeric codes that go into the accumulator (SPEC §5.1). They are part of every stored result
// key, so they can never be renumbered.

/** Gravity names and their accumulator codes (libvips/bimg order). */
export const GRAVITY_CODES = {
  center: 0,
  north: 1,
  east: 2,
  south: 3,
  west: 4,
  smart: 5,
} as const;

/** A gravity name; see GRAVITY_CODES. */
export type Gravity = keyof typeof GRAVITY_CODES;

/** Any other or empty gravity name means `smart`, which is also the crop default. */
export function parseGravity(name: string | undefined): Gravity {
  return name !== undefined && Object.hasOwn(GRAVITY_CODES, name) ? (name as Gravity) : 'smart';
}

/** Output formats a record may ask for; `jpg` is an alias stored as `jpeg`. */
export type OutputFormat = 'jpeg' | 'webp' | 'png' | 'gif' | 'pdf' | 'svg' | 'avif';

/**
 * Format codes. 4 was never used by the reference. `avif` is our addition: 8 is outside the
 * reference table, so an `avif` key can never collide with a key the Go server wrote.
 */
export const FORMAT_CODES: Readonly<Record<OutputFormat, number>> = {
  jpeg: 1,
  webp: 2,
  png: 3,
  gif: 5,
  pdf: 6,
  svg: 7,
  avif: 8,
};

/** Canonical format for a requested name (case-sensitive, as the reference), or undefined. */
export function parseFormat(name: string): OutputFormat | undefined {
  if (name === 'jpg') return 'jpeg';
  return Object.hasOwn(FORMAT_CODES, name) ? (name as OutputFormat) : undefined;
}

/** Watermark position parts: `<vertical>-<horizontal>`. */
export const WATERMARK_VERTICAL = ['top', 'center', 'bottom'] as const;
export const WATERMARK_HORIZONTAL = ['left', 'center', 'right'] as const;

/** True for `<top|center|bottom>-<left|center|right>`. */
export function isWatermarkPosition(position: string): boolean {
  const parts = position.split('-');
  if (parts.length !== 2) return false;

  const [vertical, horizontal] = parts as [string, string];
  return (
    (WATERMARK_VERTICAL as readonly string[]).includes(vertical) &&
    (WATERMARK_HORIZONTAL as readonly string[]).includes(horizontal)
  );
}
