// Deep freeze for the loaded configuration: nothing may change it after start-up.

/**
 * Freezes plain objects, arrays and Map values recursively and returns the input.
 * Byte arrays cannot be frozen (the engine throws) and RegExps are left writable because
 * `lastIndex` must stay assignable; both are exposed through readonly types instead.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) || value instanceof RegExp || Object.isFrozen(value)) return value;

  if (value instanceof Map) {
    for (const entry of value.values()) deepFreeze(entry);
    return value;
  }

  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);

  return Object.freeze(value);
}
