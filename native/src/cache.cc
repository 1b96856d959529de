#include "cache.h"

#include <chrono>
#include <vector>

namespace mort {

namespace {

// Bookkeeping per entry beyond its bytes (list node, index slot, strings), as Mort counts it.
constexpr size_t kEntryOverhead = 350;

double NowMs() {
  using namespace std::chrono;
  return static_cast<double>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

std::string KeyArgument(const Napi::CallbackInfo &info) {
  if (info.Length() < 1 || !info[0].IsString()) {
    throw Napi::TypeError::New(info.Env(), "key must be a string");
  }
  return info[0].As<Napi::String>().Utf8Value();
}

}  // namespace

Napi::Function ResponseCache::Define(Napi::Env env) {
  return DefineClass(env, "ResponseCache", {
      InstanceMethod("touch", &ResponseCache::Touch),
      InstanceMethod("admit", &ResponseCache::Admit),
      InstanceMethod("delete", &ResponseCache::Delete),
      InstanceMethod("stats", &ResponseCache::Stats),
  });
}

ResponseCache::ResponseCache(const Napi::CallbackInfo &info)
    : Napi::ObjectWrap<ResponseCache>(info) {
  if (info.Length() < 1 || !info[0].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), "limit must be a number of bytes");
  }
  limitBytes_ = static_cast<size_t>(info[0].As<Napi::Number>().Int64Value());
}

// touch(key) -> true when present and fresh (and now most recently used); an expired entry is
// dropped and reported as absent.
Napi::Value ResponseCache::Touch(const Napi::CallbackInfo &info) {
  std::string key = KeyArgument(info);
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = index_.find(key);
  if (found == index_.end()) return Napi::Boolean::New(info.Env(), false);
  Order::iterator entry = found->second;
  if (entry->expiresAtMs <= NowMs()) {
    EraseLocked(entry);
    return Napi::Boolean::New(info.Env(), false);
  }
  order_.splice(order_.begin(), order_, entry);
  return Napi::Boolean::New(info.Env(), true);
}

// admit(key, bodyBytes, metaBytes, ttlMs) -> evicted keys (the caller drops their bodies), or
// null when the entry cannot be stored at all.
Napi::Value ResponseCache::Admit(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string key = KeyArgument(info);
  if (info.Length() < 4 || !info[1].IsNumber() || !info[2].IsNumber() || !info[3].IsNumber()) {
    throw Napi::TypeError::New(env, "admit(key, bodyBytes, metaBytes, ttlMs)");
  }
  size_t size = static_cast<size_t>(info[1].As<Napi::Number>().Int64Value()) +
                static_cast<size_t>(info[2].As<Napi::Number>().Int64Value()) + key.size() +
                kEntryOverhead;
  double ttlMs = info[3].As<Napi::Number>().DoubleValue();
  if (ttlMs <= 0 || size > limitBytes_) return env.Null();

  std::vector<std::string> evicted;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto existing = index_.find(key);
    if (existing != index_.end()) EraseLocked(existing->second);
    while (usedBytes_ + size > limitBytes_ && !order_.empty()) {
      Order::iterator last = std::prev(order_.end());
      evicted.push_back(last->key);
      EraseLocked(last);
      evictions_++;
    }
    order_.push_front({key, size, NowMs() + ttlMs});
    index_[key] = order_.begin();
    usedBytes_ += size;
  }

  Napi::Array out = Napi::Array::New(env, evicted.size());
  for (size_t i = 0; i < evicted.size(); i++) {
    out.Set(static_cast<uint32_t>(i), Napi::String::New(env, evicted[i]));
  }
  return out;
}

Napi::Value ResponseCache::Delete(const Napi::CallbackInfo &info) {
  std::string key = KeyArgument(info);
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = index_.find(key);
  if (found == index_.end()) return Napi::Boolean::New(info.Env(), false);
  EraseLocked(found->second);
  return Napi::Boolean::New(info.Env(), true);
}

Napi::Value ResponseCache::Stats(const Napi::CallbackInfo &info) {
  std::lock_guard<std::mutex> lock(mutex_);
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("entries", static_cast<double>(order_.size()));
  out.Set("usedBytes", static_cast<double>(usedBytes_));
  out.Set("limitBytes", static_cast<double>(limitBytes_));
  out.Set("evictions", static_cast<double>(evictions_));
  return out;
}

void ResponseCache::EraseLocked(Order::iterator entry) {
  usedBytes_ -= entry->size;
  index_.erase(entry->key);
  order_.erase(entry);
}

}  // namespace mort
