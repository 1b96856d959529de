// Which responses can be read at any offset, and how. The request flow marks them; the range
// step (conditional.ts) reads the mark. A WeakMap keeps Response objects unchanged.
import type { RangeableBody } from './range.ts';

const marks = new WeakMap<Response, RangeableBody>();

export function markRangeable(response: Response, body: RangeableBody): Response {
  marks.set(response, body);
  return response;
}

export function rangeableOf(response: Response): RangeableBody | undefined {
  return marks.get(response);
}

/** A body whose slices are opened lazily by `open(start, endInclusive)` on first read. */
export function lazyRangeable(
  size: number,
  open: (start: number, end: number) => Promise<ReadableStream<Uint8Array>>,
): RangeableBody {
  return {
    size,
    slice(start, end) {
      let source: AsyncIterator<Uint8Array> | undefined;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          source ??= (await open(start, end))[Symbol.asyncIterator]();
          const { value, done } = await source.next();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        async cancel() {
          await source?.return?.();
        },
      });
    },
  };
}
