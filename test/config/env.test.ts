import { describe, expect, test } from 'bun:test';

import { expandEnv } from '../../src/config/index.ts';

const env = { NAME: 'value', A_1: 'x', '*': 'star', '1': 'one', 'a b': 'spaced' };

describe('expandEnv (SPEC §2.1)', () => {
  test('${NAME} is replaced by the variable', () => {
    expect(expandEnv('a${NAME}b', env)).toBe('avalueb');
  });

  test('${NAME} of an unset variable is empty', () => {
    expect(expandEnv('a${MISSING}b', env)).toBe('ab');
  });

  test('$NAME reads [A-Za-z0-9_]+ and stops at the first other character', () => {
    expect(expandEnv('$A_1-$NAME.', env)).toBe('x-value.');
    expect(expandEnv('$MISSING/x', env)).toBe('/x');
  });

  test('special one-character names after $', () => {
    expect(expandEnv('$*|$#|$$|$@|$!|$?|$-', env)).toBe('star||||||');
  });

  test('a digit is a one-character name', () => {
    expect(expandEnv('$12', env)).toBe('one2');
    expect(expandEnv('${1}', env)).toBe('one');
  });

  test('${} is removed', () => {
    expect(expandEnv('a${}b', env)).toBe('ab');
  });

  test('an unterminated ${ removes the ${ only', () => {
    expect(expandEnv('a${NAME', env)).toBe('aNAME');
  });

  test('braces take any text as the name', () => {
    expect(expandEnv('${a b}', env)).toBe('spaced');
  });

  test('$ followed by anything else is kept', () => {
    expect(expandEnv('cost $) and $" and $/ end $', env)).toBe('cost $) and $" and $/ end $');
  });

  test('regexp anchors such as (.*)$ survive', () => {
    expect(expandEnv('path: "^/(?P<parent>.*)$"', env)).toBe('path: "^/(?P<parent>.*)$"');
  });

  test('text without $ is unchanged', () => {
    expect(expandEnv('plain: text', env)).toBe('plain: text');
  });
});
