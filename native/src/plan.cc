#include "plan.h"

#include <cmath>

namespace mort {

const char *FormatName(Format format) {
  switch (format) {
    case Format::Jpeg: return "jpeg";
    case Format::Png: return "png";
    case Format::Webp: return "webp";
    case Format::Gif: return "gif";
    case Format::Avif: return "avif";
    case Format::Tiff: return "tiff";
    case Format::Svg: return "svg";
    case Format::Keep: break;
  }
  return "keep";
}

namespace {

Napi::Error FieldError(Napi::Env env, const std::string &field, const char *problem) {
  return Napi::TypeError::New(env, "plan." + field + " " + problem);
}

double Number(const Napi::Object &object, const char *key, double fallback, double min,
              double max, const std::string &path) {
  Napi::Value value = object.Get(key);
  if (value.IsUndefined() || value.IsNull()) return fallback;
  if (!value.IsNumber()) throw FieldError(object.Env(), path + key, "must be a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(number) || number < min || number > max) {
    throw FieldError(object.Env(), path + key, "is out of range");
  }
  return number;
}

int Integer(const Napi::Object &object, const char *key, int min, int max,
            const std::string &path) {
  double number = Number(object, key, 0, min, max, path);
  if (number != std::trunc(number)) {
    throw FieldError(object.Env(), path + key, "must be an integer");
  }
  return static_cast<int>(number);
}

bool Flag(const Napi::Object &object, const char *key) {
  return object.Get(key).ToBoolean().Value();
}

std::string Text(const Napi::Object &object, const char *key) {
  Napi::Value value = object.Get(key);
  return value.IsString() ? value.As<Napi::String>().Utf8Value() : "";
}

Gravity ParseGravity(const std::string &name, Napi::Env env, const std::string &path) {
  if (name.empty() || name == "none") return Gravity::None;
  if (name == "center" || name == "centre") return Gravity::Center;
  if (name == "north") return Gravity::North;
  if (name == "south") return Gravity::South;
  if (name == "east") return Gravity::East;
  if (name == "west") return Gravity::West;
  if (name == "smart") return Gravity::Smart;
  throw FieldError(env, path + "gravity", "is not a known gravity");
}

Format ParseFormat(const std::string &name, Napi::Env env) {
  if (name.empty()) return Format::Keep;
  if (name == "jpeg" || name == "jpg") return Format::Jpeg;
  if (name == "png") return Format::Png;
  if (name == "webp") return Format::Webp;
  if (name == "gif") return Format::Gif;
  if (name == "avif") return Format::Avif;
  if (name == "tiff") return Format::Tiff;
  throw FieldError(env, "output.format", "is not an output format");
}

// "top-left" .. "bottom-right": vertical part first, as in Mort.
void ParsePosition(const std::string &position, WatermarkPlan &mark, Napi::Env env,
                   const std::string &path) {
  auto fraction = [](const std::string &word, const char *start, const char *middle,
                     const char *end) -> double {
    if (word == start) return 0;
    if (word == middle) return 1.0 / 3.0;
    if (word == end) return 2.0 / 3.0;
    return -1;
  };
  size_t dash = position.find('-');
  double vertical = -1;
  double horizontal = -1;
  if (dash != std::string::npos) {
    vertical = fraction(position.substr(0, dash), "top", "center", "bottom");
    horizontal = fraction(position.substr(dash + 1), "left", "center", "right");
  }
  if (vertical < 0 || horizontal < 0) {
    throw FieldError(env, path + "position", "must be top|center|bottom-left|center|right");
  }
  mark.vertical = vertical;
  mark.horizontal = horizontal;
}

RecordPlan ParseRecord(const Napi::Object &object, const std::string &path) {
  Napi::Env env = object.Env();
  const int maxSide = 1 << 20;
  RecordPlan record;
  record.width = Integer(object, "width", 0, maxSide, path);
  record.height = Integer(object, "height", 0, maxSide, path);
  record.enlarge = Flag(object, "enlarge");
  record.preserveAspectRatio = Flag(object, "preserveAspectRatio");
  record.fill = Flag(object, "fill");
  record.crop = Flag(object, "crop");
  record.embed = Flag(object, "embed");
  record.gravity = ParseGravity(Text(object, "gravity"), env, path);
  record.top = Integer(object, "top", -1, maxSide, path);
  record.left = Integer(object, "left", -1, maxSide, path);
  record.areaWidth = Integer(object, "areaWidth", 0, maxSide, path);
  record.areaHeight = Integer(object, "areaHeight", 0, maxSide, path);
  record.autoCropWidth = Integer(object, "autoCropWidth", 0, maxSide, path);
  record.autoCropHeight = Integer(object, "autoCropHeight", 0, maxSide, path);
  record.blurSigma = Number(object, "blurSigma", 0, 0, 1000, path);
  record.blurMinAmpl = Number(object, "blurMinAmpl", 0, 0, 1, path);
  record.rotate = Integer(object, "rotate", 0, 270, path);
  if (record.rotate % 90 != 0) throw FieldError(env, path + "rotate", "must be 0|90|180|270");

  Napi::Value mark = object.Get("watermark");
  if (mark.IsObject()) {
    Napi::Object markObject = mark.As<Napi::Object>();
    Napi::Value image = markObject.Get("image");
    if (!image.IsTypedArray()) throw FieldError(env, path + "watermark.image", "must be bytes");
    Napi::Uint8Array bytes = image.As<Napi::Uint8Array>();
    record.hasWatermark = true;
    record.watermark.image.assign(reinterpret_cast<const char *>(bytes.Data()),
                                  bytes.ByteLength());
    ParsePosition(Text(markObject, "position"), record.watermark, env, path + "watermark.");
    record.watermark.opacity = Number(markObject, "opacity", 1, 0, 1, path + "watermark.");
  }
  return record;
}

}  // namespace

Plan ParsePlan(const Napi::Object &object) {
  Napi::Env env = object.Env();
  Plan plan;

  Napi::Value records = object.Get("records");
  if (!records.IsArray()) throw FieldError(env, "records", "must be an array");
  Napi::Array list = records.As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Value item = list.Get(i);
    std::string path = "records[" + std::to_string(i) + "].";
    if (!item.IsObject()) throw FieldError(env, path, "must be an object");
    plan.records.push_back(ParseRecord(item.As<Napi::Object>(), path));
  }

  Napi::Value output = object.Get("output");
  if (output.IsObject()) {
    Napi::Object out = output.As<Napi::Object>();
    plan.output.format = ParseFormat(Text(out, "format"), env);
    plan.output.quality = Integer(out, "quality", 0, 100, "output.");
    if (plan.output.quality == 0) plan.output.quality = 75;
    plan.output.interlace = Flag(out, "interlace");
    plan.output.strip = Flag(out, "strip");
    plan.output.grayscale = Flag(out, "grayscale");
    Napi::Value background = out.Get("background");
    if (background.IsArray()) {
      Napi::Array rgb = background.As<Napi::Array>();
      if (rgb.Length() != 3) throw FieldError(env, "output.background", "must be [r, g, b]");
      for (uint32_t i = 0; i < 3; i++) {
        plan.output.background[i] = rgb.Get(i).ToNumber().DoubleValue();
      }
    }
  }

  Napi::Value autoOrient = object.Get("autoOrient");
  if (!autoOrient.IsUndefined()) plan.autoOrient = autoOrient.ToBoolean().Value();
  plan.maxPixels = Number(object, "maxPixels", 100e6, 1, 1e12, "");
  plan.timeoutMs = Number(object, "timeoutMs", 0, 0, 1e9, "");
  for (RecordPlan &record : plan.records) record.watermark.maxPixels = plan.maxPixels;
  return plan;
}

}  // namespace mort
