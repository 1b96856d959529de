#include "pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "errors.h"
#include "geometry.h"
#include "image.h"

namespace mort {

using vips::VImage;

namespace {

// Each frame is its own small pipeline; past this, building them costs more than any real
// animation needs.
constexpr int kMaxFrames = 1000;

bool CanAnimate(Format format) { return format == Format::Gif || format == Format::Webp; }

// The largest side each encoder accepts (libjpeg 65500, WebP 16383, AV1 in HEIF 16384, GIF
// 65535). PNG and TIFF could hold more, but an output side past 65500 is never a sane request.
int MaxOutputSide(Format format) {
  switch (format) {
    case Format::Webp: return 16383;
    case Format::Avif: return 16384;
    case Format::Gif: return 65535;
    default: return 65500;
  }
}

Format OutputFormat(const Plan &plan, Format input) {
  if (plan.output.format != Format::Keep) return plan.output.format;
  return input == Format::Svg ? Format::Png : input;
}

// The oriented size the first record will see, before any decoding.
void UprightSize(const VImage &header, const Plan &plan, int &width, int &height) {
  width = header.width();
  height = PageHeight(header);
  int rotate = plan.records.empty() ? 0 : plan.records[0].rotate;
  bool swap = rotate == 90 || rotate == 270 ||
              (rotate == 0 && plan.autoOrient && Orientation(header) >= 5);
  if (swap) std::swap(width, height);
}

// How much the decoder may shrink for us: only when the first record starts by scaling down.
double ShrinkOnLoadFactor(const VImage &header, const Plan &plan) {
  if (plan.records.empty()) return 1;
  const RecordPlan &record = plan.records[0];
  if (record.fill || record.autoCropWidth > 0 || record.autoCropHeight > 0) return 1;

  int iw = 0;
  int ih = 0;
  UprightSize(header, plan, iw, ih);
  int width = record.width;
  int height = record.height;
  if (record.preserveAspectRatio) ApplyPreserveAspectRatio(iw, ih, width, height);
  MainGeometry geometry = ComputeMainGeometry(record, iw, ih, width, height);
  if (!geometry.scale) return 1;
  return std::min(static_cast<double>(iw) / geometry.scaledWidth,
                  static_cast<double>(ih) / geometry.scaledHeight);
}

bool NeedsRandomAccess(const VImage &header, const Plan &plan, bool animated) {
  if (animated || plan.records.size() > 1) return true;
  if (plan.autoOrient && Orientation(header) > 1) return true;
  for (const RecordPlan &record : plan.records) {
    if (record.rotate != 0 || record.gravity == Gravity::Smart || record.fill ||
        record.autoCropWidth > 0 || record.autoCropHeight > 0) {
      return true;
    }
  }
  return false;
}

VImage Decode(const uint8_t *data, size_t length, Format format, const VImage &header,
              const Plan &plan, bool animated) {
  VipsAccess access = NeedsRandomAccess(header, plan, animated) ? VIPS_ACCESS_RANDOM
                                                                : VIPS_ACCESS_SEQUENTIAL;
  vips::VOption *options = VImage::option()
      ->set("access", access)
      ->set("fail_on", VIPS_FAIL_ON_TRUNCATED);
  if (animated) options->set("n", -1);

  double shrink = animated ? 1 : ShrinkOnLoadFactor(header, plan);
  if (format == Format::Jpeg) {
    int jpegShrink = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
    // libjpeg rounds up; an exact factor would leave the resize nothing to smooth.
    if (jpegShrink > 1 && static_cast<int>(shrink) == jpegShrink) jpegShrink /= 2;
    if (jpegShrink > 1) options->set("shrink", jpegShrink);
  } else if (format == Format::Webp && shrink > 1) {
    options->set("scale", 1.0 / shrink);
  } else if (format == Format::Svg && shrink != 1) {
    // An SVG is drawn at the size asked for: far cheaper when smaller, crisp when enlarged.
    options->set("scale", 1.0 / shrink);
  }
  return VImage::new_from_buffer(data, length, "", options);
}

VImage ApplyCut(const VImage &image, const Cut &cut) {
  switch (cut.kind) {
    case CutKind::None: return image;
    case CutKind::Smart:
      return image.smartcrop(cut.width, cut.height,
                             VImage::option()->set("interesting", VIPS_INTERESTING_ATTENTION));
    case CutKind::Extract: {
      int left = std::min(cut.left, image.width() - 1);
      int top = std::min(cut.top, image.height() - 1);
      int width = std::min(cut.width, image.width() - left);
      int height = std::min(cut.height, image.height() - top);
      return image.extract_area(left, top, width, height);
    }
  }
  return image;
}

VImage ApplyMain(VImage image, const RecordPlan &record, int width, int height) {
  MainGeometry geometry =
      ComputeMainGeometry(record, image.width(), image.height(), width, height);
  if (geometry.scale) image = ScaleTo(image, geometry.scaledWidth, geometry.scaledHeight);
  return ApplyCut(image, geometry.cut);
}

VImage ApplyAutoCrop(VImage image, const RecordPlan &record) {
  image = ApplyCut(image, ComputeAutoCropExtract(record, image.width(), image.height()));
  RecordPlan centreCrop;
  centreCrop.crop = true;
  centreCrop.gravity = Gravity::Center;
  return ApplyMain(image, centreCrop, record.autoCropWidth, record.autoCropHeight);
}

VImage ApplyRecord(VImage image, const RecordPlan &record, bool first, bool autoOrient,
                   bool animated) {
  image = Orient(image, record.rotate, first && autoOrient);

  int width = record.width;
  int height = record.height;
  if (record.fill && width > 0 && height > 0) {
    image = ApplyCut(image, ComputeFillCut(image.width(), image.height(), width, height));
  }
  if (record.preserveAspectRatio) {
    ApplyPreserveAspectRatio(image.width(), image.height(), width, height);
  }

  int markLeft = 0;
  int markTop = 0;
  if (record.hasWatermark) {
    ComputeWatermarkOffset(record, image.width(), image.height(), width, height, markLeft,
                           markTop);
  }

  bool autoCrop = record.autoCropWidth > 0 || record.autoCropHeight > 0;
  bool autoCropFirst = autoCrop && AutoCropRunsFirst(record);
  if (autoCropFirst) image = ApplyAutoCrop(image, record);

  RecordPlan main = record;
  // Every frame of an animation must get the same cut: attention would pick one per frame.
  if (animated && main.gravity == Gravity::Smart) main.gravity = Gravity::Center;
  image = ApplyMain(image, main, width, height);

  if (record.blurSigma > 0) image = Blur(image, record.blurSigma, record.blurMinAmpl);
  if (record.hasWatermark) image = Watermark(image, record.watermark, markLeft, markTop);
  if (autoCrop && !autoCropFirst) image = ApplyAutoCrop(image, record);
  return image;
}

VImage ApplyRecords(VImage image, const Plan &plan, bool animated) {
  for (size_t i = 0; i < plan.records.size(); i++) {
    image = ApplyRecord(image, plan.records[i], i == 0, plan.autoOrient, animated);
  }
  if (plan.records.empty()) image = Orient(image, 0, plan.autoOrient);
  return image;
}

// Frames are cut from the "toilet roll" one by one, transformed alike, and stacked again.
VImage ApplyRecordsToFrames(const VImage &image, const Plan &plan) {
  int frameHeight = PageHeight(image);
  int frames = image.height() / frameHeight;
  std::vector<VImage> rendered;
  rendered.reserve(frames);
  for (int i = 0; i < frames; i++) {
    VImage frame = image.extract_area(0, i * frameHeight, image.width(), frameHeight);
    rendered.push_back(ApplyRecords(frame, plan, true));
    // Every frame comes out the size of the first: refuse an oversized animation before
    // building thousands of frame pipelines, not after.
    if (i == 0) {
      double total = static_cast<double>(rendered[0].width()) * rendered[0].height() * frames;
      if (total > plan.maxPixels) {
        throw RenderError(ErrorCode::TooLarge,
                          "invalid size: animation has more pixels than allowed");
      }
    }
  }
  VImage joined = VImage::arrayjoin(rendered, VImage::option()->set("across", 1)).copy();
  joined.set(VIPS_META_PAGE_HEIGHT, rendered[0].height());
  joined.set(VIPS_META_N_PAGES, frames);
  return joined;
}

// Stops a render that outlives its deadline. libvips signals progress on the image marked with
// vips_image_set_progress from every pipeline downstream of it, between tiles; killing it
// makes the next tile request fail, so even a pathological SVG filter stops within a tile.
class Deadline {
 public:
  Deadline(VImage &image, double timeoutMs) : image_(image.get_image()) {
    if (timeoutMs <= 0) return;
    at_ = std::chrono::steady_clock::now() +
          std::chrono::microseconds(static_cast<int64_t>(timeoutMs * 1000));
    vips_image_set_progress(image_, TRUE);
    handler_ = g_signal_connect(image_, "eval", G_CALLBACK(OnEval), this);
  }
  ~Deadline() {
    if (handler_ != 0) g_signal_handler_disconnect(image_, handler_);
  }
  Deadline(const Deadline &) = delete;
  Deadline &operator=(const Deadline &) = delete;

  bool Expired() const { return expired_; }

 private:
  static void OnEval(VipsImage *image, VipsProgress *, Deadline *self) {
    if (!self->expired_ && std::chrono::steady_clock::now() > self->at_) {
      self->expired_ = true;
      vips_image_set_kill(image, TRUE);
    }
  }

  VipsImage *image_;
  std::chrono::steady_clock::time_point at_;
  gulong handler_ = 0;
  bool expired_ = false;
};

}  // namespace

RenderResult Render(const uint8_t *data, size_t length, const Plan &plan) {
  Format input = SniffFormat(data, length);
  VImage header = OpenHeader(data, length);
  Format output = OutputFormat(plan, input);

  int pages = PageCount(header);
  if (pages > kMaxFrames && CanAnimate(input) && CanAnimate(output)) {
    throw RenderError(ErrorCode::TooLarge, "invalid image: too many animation frames");
  }
  bool animated = pages > 1 && CanAnimate(input) && CanAnimate(output);
  double pixels = static_cast<double>(header.width()) * PageHeight(header) *
                  (animated ? pages : 1);
  if (pixels > plan.maxPixels) {
    throw RenderError(ErrorCode::TooLarge, "invalid image: more pixels than allowed");
  }

  std::unique_ptr<PooledBuffer, void (*)(PooledBuffer *)> buffer(
      BufferPool::Shared().Acquire(), [](PooledBuffer *b) { BufferPool::Shared().Release(b); });
  RenderResult result;
  try {
    VImage image = ToWorkingSpace(Decode(data, length, input, header, plan, animated));
    image = animated ? ApplyRecordsToFrames(image, plan) : ApplyRecords(image, plan, false);

    int frameHeight = animated ? PageHeight(image) : image.height();
    double outPixels = static_cast<double>(image.width()) * image.height();
    if (outPixels > plan.maxPixels) {
      throw RenderError(ErrorCode::TooLarge, "invalid size: output has more pixels than allowed");
    }
    // Checked before encoding: a tall or wide result of a small request (a 1x5000 strip at
    // width=100) would otherwise fail inside the encoder, or take seconds to write.
    int maxSide = MaxOutputSide(output);
    if (image.width() > maxSide || frameHeight > maxSide) {
      throw RenderError(ErrorCode::TooLarge,
                        "invalid size: output would be " + std::to_string(image.width()) + "x" +
                            std::to_string(frameHeight) + ", more than " + FormatName(output) +
                            " output allows (" + std::to_string(maxSide) + " px per side)");
    }
    Deadline deadline(image, plan.timeoutMs);
    try {
      Encode(image, plan.output, output, buffer.get());
    } catch (const vips::VError &err) {
      if (!deadline.Expired()) throw;
      vips_error_clear();
      throw RenderError(ErrorCode::Timeout, "error: rendering took too long", err.what());
    }
    result.width = image.width();
    result.height = frameHeight;
    result.pages = animated ? image.height() / frameHeight : 1;
  } catch (const vips::VError &err) {
    throw FromVipsError(err);
  }
  result.format = output;
  result.buffer = buffer.release();
  return result;
}

ImageMetadata ReadMetadata(const uint8_t *data, size_t length) {
  ImageMetadata metadata;
  metadata.format = SniffFormat(data, length);
  VImage header = OpenHeader(data, length);
  metadata.width = header.width();
  metadata.height = PageHeight(header);
  metadata.orientation = Orientation(header);
  metadata.hasAlpha = header.has_alpha();
  metadata.pages = PageCount(header);
  return metadata;
}

}  // namespace mort
