// Stream plumbing for partial responses. Everything is pull-based, so nothing is read before
// the client asks for it and a cancelled response cancels whatever source is open.

/** One piece of a concatenated body; streams are opened only when their turn comes. */
export type BodyPiece = Uint8Array | (() => ReadableStream<Uint8Array> | Uint8Array | Blob);

/** Cancels a response body that will not be sent, so its file handle or socket is released. */
export function discardBody(response: Response): void {
  if (response.bodyUsed || response.body === null) return;

  response.body.cancel().catch(() => undefined);
}

/**
 * Passes exactly `length` bytes through. A longer source is cut and cancelled; a shorter one
 * errors the stream, because the Content-Length already sent cannot be honoured and a silent
 * end would leave the client waiting for the missing bytes.
 */
export function exactLength(
  source: ReadableStream<Uint8Array>,
  length: number,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let remaining = length;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (remaining === 0) {
          controller.close();
          await reader.cancel().catch(() => undefined);
          return;
        }

        const { done, value } = await reader.read();
        if (done) {
          controller.error(new Error(`body ended ${remaining} bytes short`));
          return;
        }

        const chunk = value.length > remaining ? value.subarray(0, remaining) : value;
        remaining -= chunk.length;
        controller.enqueue(chunk);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

export interface StreamObserver {
  onChunk(chunk: Uint8Array): void;
  /** Called once: at the end, on a failure (with its error), or when the consumer cancels. */
  onEnd(error?: unknown): void;
}

/**
 * Passes `source` through unchanged while `observer` sees every chunk. A read still pending
 * when the consumer cancels (a storage refusing a key mid-upload, a client hanging up) is
 * dropped instead of being pushed into the closed stream.
 */
export function observeStream(
  source: ReadableStream<Uint8Array>,
  observer: StreamObserver,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let ended = false;
  const end = (error?: unknown) => {
    if (ended) return false;
    ended = true;
    observer.onEnd(error);
    return true;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (ended) return;
          if (done) {
            end();
            controller.close();
            return;
          }

          observer.onChunk(value);
          controller.enqueue(value);
        } catch (error) {
          if (end(error)) controller.error(error);
        }
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Concatenates pieces in order, opening each lazily and cancelling the open one on cancel. */
export function concatPieces(pieces: readonly BodyPiece[]): ReadableStream<Uint8Array> {
  let index = 0;
  let reader: ReturnType<typeof readerOf> | undefined;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (reader) {
            const { done, value } = await reader.read();
            if (!done) {
              controller.enqueue(value);
              return;
            }

            reader = undefined;
          }

          const piece = pieces[index];
          index += 1;
          if (piece === undefined) {
            controller.close();
            return;
          }

          const opened = typeof piece === 'function' ? piece() : piece;
          if (opened instanceof Uint8Array) {
            if (opened.length > 0) {
              controller.enqueue(opened);
              return;
            }
            continue;
          }

          reader = readerOf(opened instanceof Blob ? opened.stream() : opened);
        }
      },
      cancel: (reason) => reader?.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

// Names the reader type by inference: Bun's and Node's declared reader types disagree.
function readerOf(stream: ReadableStream<Uint8Array>) {
  return stream.getReader();
}
