// Reads a body with a byte cap enforced while streaming. Content-Length is only a hint: it may be
// absent, wrong, or describe the compressed size, so the count of received bytes decides.

import { sourceTooLarge } from './errors.ts';

/**
 * Collects `stream` into one buffer; cancels it and throws 'too large' past `maxBytes`.
 * When `signal` aborts, the stream is cancelled and the abort reason is thrown, so a stalled
 * body can't outlive the deadline and a cancelled read is never mistaken for a complete one.
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  const onAbort = () => void reader.cancel().catch(() => {});
  let total = 0;

  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;

      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw sourceTooLarge(`body exceeds ${maxBytes} bytes`);
      }

      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }

  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];

  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }

  return out;
}
