// Module registration and argument checking. The work happens in pipeline.cc on libuv's
// worker threads; results cross back as external Buffers over pooled memory (no copy).
#include <napi.h>
#include <vips/vips8>

#include <malloc.h>

#include <functional>
#include <memory>
#include <string>

#include "buffers.h"
#include "cache.h"
#include "errors.h"
#include "pipeline.h"
#include "plan.h"

namespace mort {

namespace {

Napi::Error ToJsError(Napi::Env env, const RenderError &err) {
  Napi::Error error = Napi::Error::New(env, err.what());
  error.Set("code", Napi::String::New(env, ErrorCodeName(err.code())));
  if (!err.detail().empty()) error.Set("detail", Napi::String::New(env, err.detail()));
  return error;
}

// Runs `work` off the JavaScript thread and settles a promise with what `finish` builds.
// The input Buffer is pinned by a reference for the whole run: the pipeline reads it in place.
template <typename Result>
class PipelineWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<Result(const uint8_t *, size_t)>;
  using Finish = std::function<Napi::Value(Napi::Env, Result &)>;

  PipelineWorker(Napi::Env env, Napi::Uint8Array input, Work work, Finish finish)
      : Napi::AsyncWorker(env, "mort:pipeline"),
        deferred_(Napi::Promise::Deferred::New(env)),
        input_(Napi::Persistent(input)),
        data_(input.Data()),
        length_(input.ByteLength()),
        work_(std::move(work)),
        finish_(std::move(finish)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      result_ = work_(data_, length_);
    } catch (const RenderError &err) {
      error_ = std::make_unique<RenderError>(err);
    } catch (const vips::VError &err) {
      error_ = std::make_unique<RenderError>(FromVipsError(err));
    } catch (const std::bad_alloc &) {
      error_ = std::make_unique<RenderError>(ErrorCode::TooLarge,
                                             "invalid image: needs too much memory");
    } catch (const std::exception &err) {
      error_ = std::make_unique<RenderError>(ErrorCode::Internal, "error: image processing failed",
                                             err.what());
    }
    // libvips keeps per-thread buffers; this thread belongs to libuv, not to libvips.
    vips_thread_shutdown();
  }

  void OnOK() override {
    Napi::Env env = Env();
    input_.Reset();
    if (error_) {
      deferred_.Reject(ToJsError(env, *error_).Value());
      return;
    }
    deferred_.Resolve(finish_(env, result_));
  }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Uint8Array> input_;
  const uint8_t *data_;
  size_t length_;
  Work work_;
  Finish finish_;
  Result result_{};
  std::unique_ptr<RenderError> error_;
};

Napi::Uint8Array InputArgument(const Napi::CallbackInfo &info) {
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(info.Env(), "input must be a Uint8Array");
  }
  return info[0].As<Napi::Uint8Array>();
}

Napi::Value HandOff(Napi::Env env, PooledBuffer *block) {
  // The Buffer owns the block from here; its finalizer gives the memory back to the pool.
  // Telling the collector about the memory makes it collect (and so return) blocks sooner.
  int64_t accounted = static_cast<int64_t>(block->capacity);
  Napi::MemoryManagement::AdjustExternalMemory(env, accounted);
  auto release = [accounted](Napi::Env finalizeEnv, uint8_t *, PooledBuffer *owned) {
    Napi::MemoryManagement::AdjustExternalMemory(finalizeEnv, -accounted);
    BufferPool::Shared().Release(owned);
  };
  return Napi::Buffer<uint8_t>::New(env, block->data, block->size, release, block);
}

Napi::Value JsRender(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Napi::Uint8Array input = InputArgument(info);
  if (info.Length() < 2 || !info[1].IsObject()) {
    throw Napi::TypeError::New(env, "plan must be an object");
  }
  auto plan = std::make_shared<Plan>(ParsePlan(info[1].As<Napi::Object>()));

  auto work = [plan](const uint8_t *data, size_t length) {
    return mort::Render(data, length, *plan);
  };
  auto finish = [](Napi::Env env, RenderResult &result) -> Napi::Value {
    Napi::Object out = Napi::Object::New(env);
    out.Set("data", HandOff(env, result.buffer));
    result.buffer = nullptr;
    out.Set("width", result.width);
    out.Set("height", result.height);
    out.Set("pages", result.pages);
    out.Set("format", FormatName(result.format));
    return out;
  };
  auto *worker = new PipelineWorker<RenderResult>(env, input, work, finish);
  worker->Queue();
  return worker->Promise();
}

Napi::Value JsMetadata(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Napi::Uint8Array input = InputArgument(info);
  auto finish = [](Napi::Env env, ImageMetadata &metadata) -> Napi::Value {
    Napi::Object out = Napi::Object::New(env);
    out.Set("width", metadata.width);
    out.Set("height", metadata.height);
    out.Set("format", FormatName(metadata.format));
    out.Set("orientation", metadata.orientation);
    out.Set("hasAlpha", metadata.hasAlpha);
    out.Set("pages", metadata.pages);
    return out;
  };
  auto *worker = new PipelineWorker<ImageMetadata>(env, input, ReadMetadata, finish);
  worker->Queue();
  return worker->Promise();
}

Napi::Value Versions(const Napi::CallbackInfo &info) {
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("vips", vips_version_string());
  return out;
}

Napi::Value Stats(const Napi::CallbackInfo &info) {
  PoolStats stats = BufferPool::Shared().Stats();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("acquisitions", static_cast<double>(stats.acquisitions));
  out.Set("allocations", static_cast<double>(stats.allocations));
  out.Set("outstanding", static_cast<double>(stats.outstanding));
  out.Set("pooledBlocks", static_cast<double>(stats.pooledBlocks));
  out.Set("pooledBytes", static_cast<double>(stats.pooledBytes));
  return out;
}

Napi::Value SetConcurrency(const Napi::CallbackInfo &info) {
  if (info.Length() < 1 || !info[0].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), "concurrency must be a number");
  }
  vips_concurrency_set(info[0].As<Napi::Number>().Int32Value());
  return Napi::Number::New(info.Env(), vips_concurrency_get());
}

// Idle cleanup (SPEC §11.4): empties libvips' operation cache (limits to 0, then back), frees
// idle output blocks, and asks glibc to give free heap pages back to the system. Setting the
// limits is what trims the cache: vips_cache_drop_all() is for shutdown only, it frees the
// cache table itself and the next operation would crash.
Napi::Value ReleaseMemory(const Napi::CallbackInfo &info) {
  int maxOperations = vips_cache_get_max();
  size_t maxMemory = vips_cache_get_max_mem();
  int maxFiles = vips_cache_get_max_files();
  vips_cache_set_max(0);
  vips_cache_set_max_mem(0);
  vips_cache_set_max_files(0);
  vips_cache_set_max(maxOperations);
  vips_cache_set_max_mem(maxMemory);
  vips_cache_set_max_files(maxFiles);

  uint64_t pooled = BufferPool::Shared().Trim();
  malloc_trim(0);
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("pooledBytes", static_cast<double>(pooled));
  out.Set("vipsTrackedBytes", static_cast<double>(vips_tracked_get_mem()));
  return out;
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  if (VIPS_INIT("mort") != 0) throw Napi::Error::New(env, "libvips failed to start");
  // Loaders that libvips marks untrusted (ImageMagick, matlab, FITS...) never see our input.
  vips_block_untrusted_set(TRUE);
  // SVG input is part of what Mort renders (SPEC §5.4). librsvg is memory-safe and, for a
  // buffer without a base file, loads no external files or URLs; the pixel limit applies to
  // the size the SVG declares.
  vips_operation_block_set("VipsForeignLoadSvg", FALSE);
  // The operation cache keys on buffer addresses, which pooled memory reuses.
  vips_cache_set_max(0);
  // Decoder warnings about broken input would interleave raw text with the JSON log; the
  // failures that matter reach the client and the log as typed errors.
  g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL |
      G_LOG_FLAG_RECURSION), [](const gchar *, GLogLevelFlags, const gchar *, gpointer) {},
      nullptr);

  exports.Set("render", Napi::Function::New(env, JsRender));
  exports.Set("metadata", Napi::Function::New(env, JsMetadata));
  exports.Set("versions", Napi::Function::New(env, Versions));
  exports.Set("stats", Napi::Function::New(env, Stats));
  exports.Set("setConcurrency", Napi::Function::New(env, SetConcurrency));
  exports.Set("releaseMemory", Napi::Function::New(env, ReleaseMemory));
  exports.Set("ResponseCache", ResponseCache::Define(env));
  return exports;
}

}  // namespace mort

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return mort::Init(env, exports);
}

NODE_API_MODULE(mort_addon, InitModule)
