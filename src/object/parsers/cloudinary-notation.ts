// The subset of Cloudinary's transformation notation that Mort understands (SPEC §10.1):
// `c_<mode>` first, then `w_<int>` / `h_<int>` qualifiers, e.g. `c_fill,w_300,h_200`.

import { MortError } from '../../errors.ts';
import { TransformRecord } from '../../transforms/index.ts';

/** A crop mode of the first token and the record it builds. */
type Mode = 'fit' | 'fill' | 'crop';

const MODES: readonly string[] = ['fit', 'fill', 'crop'];

// Qualifiers with a meaning in Cloudinary that Mort never implemented. Refusing them beats
// silently rendering something other than what the URL asks for.
const NOT_IMPLEMENTED = new Set(['b', 'ar', 'g', 'bo', 'co', 'x', 'y']);

const NON_NEGATIVE_INT = /^[0-9]+$/;
const INT32_MAX = 2 ** 31 - 1;

const invalid = (message: string) =>
  new MortError('bad_request', `invalid transformation: ${message}`);

interface Token {
  readonly name: string;
  readonly values: readonly string[];
}

/** `name_value[:value…]`; the name ends at the first `_`. */
function splitToken(text: string): Token {
  const underscore = text.indexOf('_');
  if (underscore < 0) throw invalid('expected name_value tokens');

  return { name: text.slice(0, underscore), values: text.slice(underscore + 1).split(':') };
}

/** `w_`/`h_` value: a base-10 integer >= 0 that fits the record's 32-bit fields. */
function readSize(token: Token): number {
  const [text = ''] = token.values;
  const value = NON_NEGATIVE_INT.test(text) ? Number(text) : Number.NaN;
  if (!(value <= INT32_MAX)) throw invalid(`${token.name} expects an integer >= 0`);

  return value;
}

/**
 * Parses one transformation definition into a record. Throws a 400 MortError for a first
 * token other than `c_<mode>`, an unknown mode, a bad width/height, or a qualifier Mort does
 * not implement. Unknown qualifiers are ignored, as the reference does.
 */
export function parseCloudinaryNotation(text: string): TransformRecord {
  const [first, ...qualifiers] = text.split(',').map(splitToken);
  if (first === undefined || first.name !== 'c') throw invalid('unknown action');

  const mode = first.values[0] ?? '';
  if (!MODES.includes(mode)) throw invalid('crop mode not implemented');

  let width = 0;
  let height = 0;
  for (const token of qualifiers) {
    if (token.name === 'w') width = readSize(token);
    else if (token.name === 'h') height = readSize(token);
    else if (NOT_IMPLEMENTED.has(token.name)) throw invalid(`${token.name} not implemented`);
  }

  return recordFor(mode as Mode, width, height);
}

function recordFor(mode: Mode, width: number, height: number): TransformRecord {
  const record = new TransformRecord();

  if (mode === 'fit') record.resize(width, height, false, true, false);
  else if (mode === 'fill') record.resize(width, height, true, true, true);
  else record.setCrop(width, height, 'smart', false, false);

  return record;
}
