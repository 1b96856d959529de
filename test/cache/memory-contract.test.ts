// The native memory cache against the same contract as the Redis backends.
import { MemoryResponseCache } from '../../src/cache/memory.ts';
import { CONTRACT_MAX_ITEM_BYTES, runCacheContract } from './contract.ts';

runCacheContract('memory (native LRU)', {
  open: async () => new MemoryResponseCache({
    cacheSize: 4 * 1024 * 1024,
    maxCacheItemBytes: CONTRACT_MAX_ITEM_BYTES,
  }),
});
