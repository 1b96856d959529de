// HTTP-date parsing for validators (RFC 9110 §5.6.7). Date.parse is not used: it accepts
// almost anything ("2020", local times), and a lenient parse would turn garbage in
// If-Modified-Since into a 304.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = /^[A-Z][a-z]+, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// Sun Nov  6 08:49:37 1994
const ASCTIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** Milliseconds since the epoch, or undefined when `value` is not an HTTP-date. */
export function parseHttpDate(value: string): number | undefined {
  const text = value.trim();
  let match = IMF_FIXDATE.exec(text);
  if (match) return build(match[3], match[2], match[1], match[4], match[5], match[6]);

  match = RFC_850.exec(text);
  if (match) {
    // Two-digit years: Go's time package and most servers read 69–99 as 19xx.
    const yy = Number(match[3]);
    const year = String(yy >= 69 ? 1900 + yy : 2000 + yy);
    return build(year, match[2], match[1], match[4], match[5], match[6]);
  }

  match = ASCTIME.exec(text);
  if (match) return build(match[6], match[1], match[2], match[3], match[4], match[5]);

  return undefined;
}

/** Whole seconds since the epoch: validators compare at 1 s precision (SPEC §6.14). */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function build(
  year: string | undefined,
  monthName: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): number | undefined {
  const month = MONTHS.indexOf(monthName ?? '');
  const parts = [year, day, hour, minute, second].map((part) => Number(part?.trim()));
  const [y = NaN, d = NaN, h = NaN, mi = NaN, s = NaN] = parts;
  if (month < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;

  const ms = Date.UTC(y, month, d, h, mi, Math.min(s, 59));
  // Reject rollovers such as 31 Feb, which Date.UTC would silently move to March.
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== d) return undefined;

  return ms;
}
