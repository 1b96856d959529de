// Content-coding negotiation (RFC 9110 §12.5.3). The reference matched codings by substring and
// ignored q-values; honouring them is safe because q=0 is how clients refuse a coding.

/** The codings the compress plugin can produce, in tie-break order (SPEC §9.2). */
export const CODINGS = ['br', 'zstd', 'gzip'] as const;

/** One producible content-coding. */
export type Coding = (typeof CODINGS)[number];

/**
 * Picks the coding with the highest q-value among `offered`; ties go to the earlier entry of
 * CODINGS. A coding absent from the header takes the q of `*`, or is unacceptable. Undefined
 * when nothing offered is acceptable.
 */
export function chooseCoding(
  acceptEncoding: string,
  offered: readonly Coding[],
): Coding | undefined {
  const weights = parseAcceptEncoding(acceptEncoding);
  let best: Coding | undefined;
  let bestWeight = 0;

  for (const coding of CODINGS) {
    if (!offered.includes(coding)) continue;

    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }

  return best;
}

/** Coding name (lower case) → q-value; a malformed q-value drops the element. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();

  for (const element of header.split(',')) {
    const [rawName = '', ...params] = element.split(';');
    const name = canonicalName(rawName.trim().toLowerCase());
    if (name === '') continue;

    const weight = qValue(params);
    // The same coding listed twice: the first occurrence wins.
    if (weight !== undefined && !weights.has(name)) weights.set(name, weight);
  }

  return weights;
}

// RFC 9110 §8.4.1.3: "x-gzip" is an alias of "gzip".
function canonicalName(name: string): string {
  return name === 'x-gzip' ? 'gzip' : name;
}

function qValue(params: readonly string[]): number | undefined {
  for (const param of params) {
    const [key = '', value = ''] = param.split('=').map((part) => part.trim());
    if (key.toLowerCase() !== 'q') continue;

    if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value)) return undefined;

    return Number(value);
  }

  return 1;
}
