// Environment expansion of the raw config text, before YAML parsing (SPEC §2.1). The rules are
// those of Go's os.Expand, which the reference applies to the whole file, so that existing files
// containing `$` (in regexps, passwords, …) expand exactly as they did before.

/** Environment lookup; unset names read as the empty string. */
export type EnvLookup = Readonly<Record<string, string | undefined>>;

/** Expands `${NAME}`, `$NAME` and one-character special names; see SPEC §2.1 for the rules. */
export function expandEnv(text: string, env: EnvLookup): string {
  let out = '';
  let copiedUpTo = 0;

  for (let i = 0; i < text.length; i++) {
    // A trailing `$` has nothing after it and is kept as is.
    if (text[i] !== '$' || i + 1 >= text.length) continue;

    out += text.slice(copiedUpTo, i);
    const { name, width } = readShellName(text, i + 1);

    if (name === '' && width === 0) out += '$';
    else if (name !== '') out += env[name] ?? '';
    // name === '' && width > 0: bad syntax (`${}`, unterminated `${`), the characters are eaten.

    i += width;
    copiedUpTo = i + 1;
  }

  return out + text.slice(copiedUpTo);
}

interface ShellName {
  /** Variable name; empty when none was found. */
  readonly name: string;
  /** Characters consumed after the `$`. */
  readonly width: number;
}

function readShellName(text: string, start: number): ShellName {
  const first = text[start] ?? '';

  if (first === '{') return readBracedName(text, start);
  if (isSpecialName(first)) return { name: first, width: 1 };

  let end = start;
  while (end < text.length && isNameChar(text[end] ?? '')) end++;

  return { name: text.slice(start, end), width: end - start };
}

function readBracedName(text: string, start: number): ShellName {
  const special = text[start + 1] ?? '';

  if (isSpecialName(special) && text[start + 2] === '}') return { name: special, width: 3 };

  const close = text.indexOf('}', start + 1);

  if (close === -1) return { name: '', width: 1 };
  if (close === start + 1) return { name: '', width: 2 };

  return { name: text.slice(start + 1, close), width: close - start + 1 };
}

function isSpecialName(char: string): boolean {
  return char !== '' && '*#$@!?-0123456789'.includes(char);
}

function isNameChar(char: string): boolean {
  return /^[A-Za-z0-9_]$/.test(char);
}
