// Compiles `transform.path` (RE2 syntax, as written for the Go reference) into a JS RegExp.
// Only the RE2 spellings real configs use are translated: `(?P<name>…)` groups, a leading flag
// group such as `(?i)`, `\A` / `\z`, `\Q…\E` literals, `\pL` classes and POSIX `[[:alpha:]]`.
// JS accepts some patterns RE2 rejects (look-arounds, back-references); that is harmless.

/** Result of compiling a `path` regexp: the RegExp, or why it does not compile. */
export type CompiledPath =
  | { regexp: RegExp; error?: undefined }
  | { regexp?: undefined; error: string };

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Translates RE2 source to JS and compiles it (unanchored, no `g` flag). */
export function compilePathRegexp(source: string): CompiledPath {
  const { body, flags, error } = splitLeadingFlags(source);

  if (error !== undefined) return { error };

  const translated = translateBody(body);
  // RE2 matches code points, which is what the `u` flag gives; patterns that are only valid
  // without it (e.g. `\-` outside a class) fall back to the legacy syntax.
  const attempts = translated.needsUnicode ? [`${flags}u`] : [`${flags}u`, flags];
  let lastError = '';

  for (const attemptFlags of attempts) {
    try {
      return { regexp: new RegExp(translated.pattern, attemptFlags) };
    } catch (caught) {
      lastError = (caught as Error).message;
    }
  }

  return { error: `invalid regular expression: ${lastError}` };
}

function splitLeadingFlags(source: string): { body: string; flags: string; error?: string } {
  const match = /^\(\?([imsU]+)\)/.exec(source);

  if (match === null) return { body: source, flags: '' };

  const written = match[1] ?? '';
  if (written.includes('U')) return { body: source, flags: '', error: 'flag U is not supported' };

  return { body: source.slice(match[0].length), flags: [...new Set(written)].join('') };
}

function translateBody(source: string): { pattern: string; needsUnicode: boolean } {
  let out = '';
  let inClass = false;
  let needsUnicode = false;

  for (let i = 0; i < source.length; i++) {
    const char = source[i] ?? '';
    const next = source[i + 1] ?? '';

    if (char === '\\') {
      const escape = translateEscape(source, i, inClass);
      out += escape.text;
      needsUnicode ||= escape.needsUnicode;
      i = escape.end - 1;
    } else if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(i));
      const ranges = posix === null ? undefined : POSIX_CLASSES[posix[2] ?? ''];

      if (posix !== null && ranges !== undefined && posix[1] === '') {
        out += ranges;
        i += posix[0].length - 1;
      } else {
        if (char === ']') inClass = false;
        out += char === '[' ? '\\[' : char;
      }
    } else if (char === '[') {
      inClass = true;
      out += char;
      // RE2 (like POSIX) reads a `]` right after `[` or `[^` as a literal; JS would close.
      if (next === '^') {
        out += '^';
        i++;
      }
      if (source[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else {
      out += char;
    }
  }

  return { pattern: out, needsUnicode };
}

interface Escape {
  readonly text: string;
  /** Index just after the escape in the source. */
  readonly end: number;
  readonly needsUnicode: boolean;
}

function translateEscape(source: string, start: number, inClass: boolean): Escape {
  const letter = source[start + 1] ?? '';

  if (letter === 'Q') {
    const close = source.indexOf('\\E', start + 2);
    const literal = source.slice(start + 2, close === -1 ? undefined : close);
    const end = close === -1 ? source.length : close + 2;

    // Inside a class only `\ ] ^ -` are special; outside, `\-` would be invalid with `u`.
    const specials = inClass ? /[\\\]^-]/g : /[\\^$.*+?()[\]{}|/]/g;

    return { text: literal.replace(specials, '\\$&'), end, needsUnicode: false };
  }

  if (!inClass && letter === 'A') return { text: '^', end: start + 2, needsUnicode: false };
  if (!inClass && letter === 'z') return { text: '$', end: start + 2, needsUnicode: false };

  if (letter === 'p' || letter === 'P') {
    const braced = /^\{\^?[A-Za-z_]+\}/.exec(source.slice(start + 2));
    const name = braced === null ? `{${source[start + 2] ?? ''}}` : braced[0];
    const end = start + 2 + (braced === null ? 1 : braced[0].length);
    // RE2 writes negation inside the braces as `\p{^Greek}`; JS spells it `\P{Greek}`.
    const negated = name.startsWith('{^') !== (letter === 'P');
    const text = `\\${negated ? 'P' : 'p'}{${name.replace(/^\{\^?|\}$/g, '')}}`;

    return { text, end, needsUnicode: true };
  }

  return { text: source.slice(start, start + 2), end: start + 2, needsUnicode: false };
}
