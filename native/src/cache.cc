#include "cache.h"

#include <chrono>

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
      InstanceMethod("get", &ResponseCache::Get),
      InstanceMethod("set", &ResponseCache::Set),
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

// get(key) -> [body, meta] | undefined
Napi::Value ResponseCache::Get(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string key = KeyArgument(info);
  std::shared_ptr<CacheBody> body;
  std::string meta;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) return env.Undefined();
    Order::iterator entry = found->second;
    if (entry->expiresAtMs <= NowMs()) {
      EraseLocked(entry);
      return env.Undefined();
    }
    order_.splice(order_.begin(), order_, entry);
    body = entry->body;
    meta = entry->meta;
  }

  // The Buffer keeps the body alive through its own reference, released by the finalizer.
  auto *owner = new std::shared_ptr<CacheBody>(body);
  auto release = [](Napi::Env, uint8_t *, std::shared_ptr<CacheBody> *held) { delete held; };
  Napi::Buffer<uint8_t> bytes = body->bytes.empty()
      ? (delete owner, Napi::Buffer<uint8_t>::New(env, 0))
      : Napi::Buffer<uint8_t>::New(env, body->bytes.data(), body->bytes.size(), release, owner);

  Napi::Array result = Napi::Array::New(env, 2);
  result.Set(0u, bytes);
  result.Set(1u, Napi::String::New(env, meta));
  return result;
}

// set(key, body: Uint8Array, meta: string, ttlMs) -> stored?
Napi::Value ResponseCache::Set(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::string key = KeyArgument(info);
  if (info.Length() < 4 || !info[1].IsTypedArray() || !info[2].IsString() ||
      !info[3].IsNumber()) {
    throw Napi::TypeError::New(env, "set(key, body, meta, ttlMs)");
  }
  Napi::Uint8Array source = info[1].As<Napi::Uint8Array>();
  std::string meta = info[2].As<Napi::String>().Utf8Value();
  double ttlMs = info[3].As<Napi::Number>().DoubleValue();

  size_t size = source.ByteLength() + meta.size() + key.size() + kEntryOverhead;
  if (ttlMs <= 0 || size > limitBytes_) return Napi::Boolean::New(env, false);

  // The one copy of the body: from the JavaScript-visible buffer into cache memory.
  auto body = std::make_shared<CacheBody>();
  body->bytes.assign(source.Data(), source.Data() + source.ByteLength());

  std::lock_guard<std::mutex> lock(mutex_);
  auto existing = index_.find(key);
  if (existing != index_.end()) EraseLocked(existing->second);
  while (usedBytes_ + size > limitBytes_ && !order_.empty()) {
    EraseLocked(std::prev(order_.end()));
    evictions_++;
  }
  order_.push_front({key, std::move(body), std::move(meta), size, NowMs() + ttlMs});
  index_[key] = order_.begin();
  usedBytes_ += size;
  return Napi::Boolean::New(env, true);
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
