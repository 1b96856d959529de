// Printable copy of a configuration (STYLE §10: secrets must not be printed by accident).

import type { MortConfig } from './types.ts';

const SECRET_FIELDS = new Set([
  'secretAccessKey',
  'azureKey',
  'sftpPassword',
  'sftpPrivateKey',
  'sftpPrivateKeypassphrase',
]);

const MASK = '***';

/** Plain JSON-able copy with every secret replaced by `***`; for logs and `--print-config`. */
export function redactConfig(config: MortConfig): unknown {
  return redact(config);
}

function redact(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, redact(v)]));
  if (value instanceof RegExp) return value.source;
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;

  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      SECRET_FIELDS.has(key) && typeof field === 'string' ? MASK : redact(field),
    ]),
  );
}
