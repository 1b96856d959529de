// A size-aware LRU of response bytes that lives outside the JavaScript heap. Each entry's size
// is computed once, when it is stored. A hit hands out the entry's memory as an external Buffer:
// no copy, and the memory outlives eviction until the last Buffer over it is collected.
#pragma once

#include <napi.h>

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace mort {

struct CacheBody {
  std::vector<uint8_t> bytes;
};

class ResponseCache : public Napi::ObjectWrap<ResponseCache> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ResponseCache(const Napi::CallbackInfo &info);

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<CacheBody> body;
    std::string meta;  // status and headers, encoded by the caller
    size_t size;       // body + meta + key + fixed overhead, counted once
    double expiresAtMs;
  };
  using Order = std::list<Entry>;

  Napi::Value Get(const Napi::CallbackInfo &info);
  Napi::Value Set(const Napi::CallbackInfo &info);
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
