#include "buffers.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace mort {

BufferPool &BufferPool::Shared() {
  // Never destroyed: JavaScript may release blocks during process teardown.
  static BufferPool *pool = new BufferPool();
  return *pool;
}

PooledBuffer *BufferPool::Acquire() {
  std::lock_guard<std::mutex> lock(mutex_);
  acquisitions_++;
  outstanding_++;
  if (idle_.empty()) return new PooledBuffer();

  // Hand out the largest idle block: it is the least likely to need growing.
  auto largest = std::max_element(idle_.begin(), idle_.end(),
      [](PooledBuffer *a, PooledBuffer *b) { return a->capacity < b->capacity; });
  PooledBuffer *block = *largest;
  idle_.erase(largest);
  pooledBytes_ -= block->capacity;
  block->size = 0;
  block->position = 0;
  return block;
}

void BufferPool::Release(PooledBuffer *block) {
  std::lock_guard<std::mutex> lock(mutex_);
  outstanding_--;
  if (idle_.size() < kMaxIdleBlocks && block->capacity <= kMaxIdleBlockBytes) {
    idle_.push_back(block);
    pooledBytes_ += block->capacity;
    return;
  }
  std::free(block->data);
  delete block;
}

void BufferPool::Reserve(PooledBuffer *block, size_t needed) {
  if (needed <= block->capacity) return;
  size_t capacity = std::max<size_t>({needed, block->capacity * 2, 64 * 1024});
  void *grown = std::realloc(block->data, capacity);
  if (grown == nullptr) throw std::bad_alloc();
  block->data = static_cast<uint8_t *>(grown);
  block->capacity = capacity;
  std::lock_guard<std::mutex> lock(mutex_);
  allocations_++;
}

uint64_t BufferPool::Trim() {
  std::vector<PooledBuffer *> freed;
  uint64_t bytes = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    freed.swap(idle_);
    bytes = pooledBytes_;
    pooledBytes_ = 0;
  }
  for (PooledBuffer *block : freed) {
    std::free(block->data);
    delete block;
  }
  return bytes;
}

PoolStats BufferPool::Stats() {
  std::lock_guard<std::mutex> lock(mutex_);
  return {acquisitions_, allocations_, outstanding_, idle_.size(), pooledBytes_};
}

namespace {

gint64 OnWrite(VipsTargetCustom *, const void *data, gint64 length, void *user) {
  auto *block = static_cast<PooledBuffer *>(user);
  size_t end = block->position + static_cast<size_t>(length);
  try {
    BufferPool::Shared().Reserve(block, end);
  } catch (const std::bad_alloc &) {
    return -1;
  }
  std::memcpy(block->data + block->position, data, static_cast<size_t>(length));
  block->position = end;
  block->size = std::max(block->size, end);
  return length;
}

gint64 OnRead(VipsTargetCustom *, void *buffer, gint64 length, void *user) {
  auto *block = static_cast<PooledBuffer *>(user);
  size_t available = block->size > block->position ? block->size - block->position : 0;
  size_t count = std::min(available, static_cast<size_t>(length));
  std::memcpy(buffer, block->data + block->position, count);
  block->position += count;
  return static_cast<gint64>(count);
}

gint64 OnSeek(VipsTargetCustom *, gint64 offset, int whence, void *user) {
  auto *block = static_cast<PooledBuffer *>(user);
  gint64 base = whence == SEEK_SET ? 0
      : whence == SEEK_CUR ? static_cast<gint64>(block->position)
      : static_cast<gint64>(block->size);
  gint64 target = base + offset;
  if (target < 0) return -1;
  block->position = static_cast<size_t>(target);
  return target;
}

int OnEnd(VipsTargetCustom *, void *) { return 0; }

}  // namespace

vips::VTarget NewPooledTarget(PooledBuffer *block) {
  VipsTargetCustom *target = vips_target_custom_new();
  g_signal_connect(target, "write", G_CALLBACK(OnWrite), block);
  g_signal_connect(target, "read", G_CALLBACK(OnRead), block);
  g_signal_connect(target, "seek", G_CALLBACK(OnSeek), block);
  g_signal_connect(target, "end", G_CALLBACK(OnEnd), block);
  return vips::VTarget(VIPS_TARGET(target));
}

}  // namespace mort
