// Public surface of the configuration module; other folders import only this file.

export { DEFAULT_CONFIG_YAML } from './default.ts';
export { expandEnv } from './env.ts';
export type { EnvLookup } from './env.ts';
export { ConfigError } from './errors.ts';
export { loadConfig, parseConfig } from './load.ts';
export type { ParseOptions } from './load.ts';
export { redactConfig } from './redact.ts';
export { compilePathRegexp } from './regexp.ts';
export type * from './types.ts';
