// The bookkeeping of the memory response cache: a size-aware LRU with TTLs. Sizes are counted
// once, when an entry is stored. The bodies themselves are immutable Blobs held by the
// JavaScript side (src/cache/memory.ts): Bun stores Blob bytes outside the JavaScript heap and
// sends them without copying, which no Buffer over addon memory allows. This class decides what
// stays and reports what must go.
#pragma once

#include <napi.h>

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mort {

class ResponseCache : public Napi::ObjectWrap<ResponseCache> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ResponseCache(const Napi::CallbackInfo &info);

 private:
  struct Entry {
    std::string key;
    size_t size;
    double expiresAtMs;
  };
  using Order = std::list<Entry>;

  Napi::Value Touch(const Napi::CallbackInfo &info);
  Napi::Value Admit(const Napi::CallbackInfo &info);
  Napi::Value Delete(const Napi::CallbackInfo &info);
  Napi::Value Stats(const Napi::CallbackInfo &info);

  void EraseLocked(Order::iterator entry);

  std::mutex mutex_;
  Order order_;  // most recently used first
  std::unordered_map<std::string, Order::iterator> index_;
  size_t limitBytes_;
  size_t usedBytes_ = 0;
  uint64_t evictions_ = 0;
};

}  // namespace mort
