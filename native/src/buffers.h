// Reusable output buffers. An encoder writes straight into a pooled block; the block is handed
// to JavaScript as an external Buffer (no copy) and comes back to the pool when that Buffer is
// garbage collected. In steady state a render allocates nothing for its output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include <vips/vips8>

namespace mort {

struct PooledBuffer {
  uint8_t *data = nullptr;
  size_t capacity = 0;
  size_t size = 0;      // bytes written so far
  size_t position = 0;  // write/read cursor, for savers that seek (TIFF)
};

struct PoolStats {
  uint64_t acquisitions;  // blocks handed out
  uint64_t allocations;   // malloc/realloc calls made to grow or create blocks
  uint64_t outstanding;   // blocks currently owned by renders or JavaScript
  uint64_t pooledBlocks;  // idle blocks ready for reuse
  uint64_t pooledBytes;   // their total capacity
};

class BufferPool {
 public:
  static BufferPool &Shared();

  PooledBuffer *Acquire();
  // Returns a block; blocks beyond the pool's limits are freed instead of kept.
  void Release(PooledBuffer *block);
  // Makes room for `needed` bytes, growing geometrically. Thread-safe per block.
  void Reserve(PooledBuffer *block, size_t needed);
  PoolStats Stats();
  // Frees every idle block; returns the bytes given back.
  uint64_t Trim();

 private:
  static constexpr size_t kMaxIdleBlocks = 32;
  static constexpr size_t kMaxIdleBlockBytes = 16 * 1024 * 1024;

  std::mutex mutex_;
  std::vector<PooledBuffer *> idle_;
  uint64_t acquisitions_ = 0;
  uint64_t allocations_ = 0;
  uint64_t outstanding_ = 0;
  uint64_t pooledBytes_ = 0;
};

// A libvips target whose bytes land in `block`. The caller keeps ownership of the block.
vips::VTarget NewPooledTarget(PooledBuffer *block);

}  // namespace mort
