#include "image.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

#include "errors.h"

namespace mort {

using vips::VImage;

Format SniffFormat(const uint8_t *data, size_t length) {
  const char *loader = length > 0 ? vips_foreign_find_load_buffer(data, length) : nullptr;
  vips_error_clear();
  if (loader == nullptr) {
    throw RenderError(ErrorCode::UnsupportedImage, "invalid image: not a supported format");
  }

  // Loader class names, e.g. VipsForeignLoadJpegBuffer.
  std::string name = loader;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto is = [&name](const char *kind) { return name.find(kind) != std::string::npos; };
  if (is("jpeg")) return Format::Jpeg;
  if (is("png")) return Format::Png;
  if (is("webp")) return Format::Webp;
  if (is("gif")) return Format::Gif;
  if (is("heif")) return Format::Avif;
  if (is("tiff")) return Format::Tiff;
  if (is("svg")) return Format::Svg;
  throw RenderError(ErrorCode::UnsupportedImage, "invalid image: not a supported format", name);
}

VImage OpenHeader(const uint8_t *data, size_t length) {
  try {
    return VImage::new_from_buffer(data, length, "",
                                   VImage::option()
                                       ->set("access", VIPS_ACCESS_SEQUENTIAL)
                                       ->set("fail_on", VIPS_FAIL_ON_TRUNCATED));
  } catch (const vips::VError &err) {
    vips_error_clear();
    throw RenderError(ErrorCode::CorruptImage, "invalid image: header is corrupt", err.what());
  }
}

int PageHeight(const VImage &image) { return vips_image_get_page_height(image.get_image()); }

int PageCount(const VImage &image) { return vips_image_get_n_pages(image.get_image()); }

int Orientation(const VImage &image) { return vips_image_get_orientation(image.get_image()); }

VImage ToWorkingSpace(VImage image) {
  VipsInterpretation space = image.interpretation();
  bool hasProfile = image.get_typeof(VIPS_META_ICC_NAME) != 0;
  if (space == VIPS_INTERPRETATION_CMYK ||
      (hasProfile && space != VIPS_INTERPRETATION_GREY16 && space != VIPS_INTERPRETATION_LABS)) {
    // The embedded profile wins; CMYK without one gets libvips' built-in CMYK profile.
    image = image.icc_transform("srgb", VImage::option()
        ->set("embedded", true)
        ->set("input_profile", space == VIPS_INTERPRETATION_CMYK ? "cmyk" : "srgb")
        ->set("intent", VIPS_INTENT_PERCEPTUAL)
        ->set("depth", 8));
  }

  space = image.interpretation();
  if (space == VIPS_INTERPRETATION_GREY16) {
    image = image.colourspace(VIPS_INTERPRETATION_B_W);
  } else if (space != VIPS_INTERPRETATION_sRGB && space != VIPS_INTERPRETATION_B_W) {
    image = image.colourspace(VIPS_INTERPRETATION_sRGB);
  }
  if (image.format() != VIPS_FORMAT_UCHAR) image = image.cast(VIPS_FORMAT_UCHAR);
  return image;
}

VImage Orient(VImage image, int rotate, bool autoOrient) {
  if (rotate == 0) return autoOrient ? image.autorot() : image;

  VipsAngle angle = rotate == 90 ? VIPS_ANGLE_D90
      : rotate == 180 ? VIPS_ANGLE_D180 : VIPS_ANGLE_D270;
  image = image.rot(angle).copy();
  // The pixels are now upright as asked: a kept tag would rotate them again in viewers.
  image.remove(VIPS_META_ORIENTATION);
  image.remove("exif-ifd0-Orientation");
  return image;
}

VImage ScaleTo(VImage image, int width, int height) {
  double hscale = static_cast<double>(width) / image.width();
  double vscale = static_cast<double>(height) / image.height();
  bool alpha = image.has_alpha();
  VipsBandFormat format = image.format();

  if (alpha) image = image.premultiply();
  image = image.resize(hscale, VImage::option()
      ->set("vscale", vscale)
      ->set("kernel", VIPS_KERNEL_LANCZOS3));
  if (alpha) image = image.unpremultiply().cast(format);

  // Rounding inside resize may leave a pixel more or less; the plan promised this size.
  if (image.width() > width || image.height() > height) {
    image = image.extract_area(0, 0, std::min(width, image.width()),
                               std::min(height, image.height()));
  }
  if (image.width() < width || image.height() < height) {
    image = image.embed(0, 0, width, height, VImage::option()->set("extend", VIPS_EXTEND_COPY));
  }
  return image;
}

VImage Blur(const VImage &image, double sigma, double minAmpl) {
  return image.gaussblur(sigma, VImage::option()
      ->set("min_ampl", minAmpl > 0 ? minAmpl : 0.2)
      ->set("precision", VIPS_PRECISION_INTEGER));
}

VImage Watermark(VImage image, const WatermarkPlan &mark, int left, int top) {
  VImage overlay;
  try {
    overlay = VImage::new_from_buffer(mark.image.data(), mark.image.size(), "",
        VImage::option()->set("fail_on", VIPS_FAIL_ON_TRUNCATED));
  } catch (const vips::VError &err) {
    vips_error_clear();
    throw RenderError(ErrorCode::BadRequest, "invalid watermark: not a readable image", err.what());
  }
  // Checked from the header, as for the main input: a small file can claim billions of pixels.
  if (static_cast<double>(overlay.width()) * overlay.height() > mark.maxPixels) {
    throw RenderError(ErrorCode::TooLarge, "invalid watermark: more pixels than allowed");
  }
  overlay = ToWorkingSpace(overlay);
  if (overlay.bands() < 3) overlay = overlay.colourspace(VIPS_INTERPRETATION_sRGB);
  if (!overlay.has_alpha()) overlay = overlay.bandjoin_const({255});

  double opacity = mark.opacity == 0 ? 1 : mark.opacity;
  if (opacity < 1) {
    overlay = overlay.linear({1, 1, 1, opacity}, {0, 0, 0, 0}).cast(VIPS_FORMAT_UCHAR);
  }

  bool baseAlpha = image.has_alpha();
  if (image.bands() < 3) image = image.colourspace(VIPS_INTERPRETATION_sRGB);
  VImage composed = image.composite2(overlay, VIPS_BLEND_MODE_OVER,
                                     VImage::option()->set("x", left)->set("y", top));
  if (!baseAlpha) composed = composed.extract_band(0, VImage::option()->set("n", 3));
  return composed.cast(VIPS_FORMAT_UCHAR);
}

namespace {

VImage Flatten(const VImage &image, const std::vector<double> &background) {
  std::vector<double> colour = background;
  if (image.bands() == 2) colour = {(background[0] + background[1] + background[2]) / 3};
  return image.flatten(VImage::option()->set("background", colour)).cast(VIPS_FORMAT_UCHAR);
}

}  // namespace

void Encode(VImage image, const OutputPlan &output, Format format, PooledBuffer *buffer) {
  if (output.grayscale) {
    image = image.colourspace(VIPS_INTERPRETATION_B_W).copy();
    // An RGB profile would not describe one grey channel.
    image.remove(VIPS_META_ICC_NAME);
  }
  bool keepsAlpha = format != Format::Jpeg;
  if (!keepsAlpha && image.has_alpha()) image = Flatten(image, output.background);

  int keep = output.strip ? VIPS_FOREIGN_KEEP_NONE : VIPS_FOREIGN_KEEP_ALL;
  vips::VTarget target = NewPooledTarget(buffer);
  switch (format) {
    case Format::Jpeg:
      image.jpegsave_target(target, VImage::option()
          ->set("Q", output.quality)
          ->set("interlace", output.interlace)
          ->set("optimize_coding", true)
          ->set("keep", keep));
      break;
    case Format::Png:
      image.pngsave_target(target, VImage::option()
          ->set("compression", 6)
          ->set("interlace", output.interlace)
          ->set("filter", VIPS_FOREIGN_PNG_FILTER_NONE)
          ->set("keep", keep));
      break;
    case Format::Webp:
      image.webpsave_target(target, VImage::option()->set("Q", output.quality)->set("keep", keep));
      break;
    case Format::Gif:
      image.gifsave_target(target, VImage::option()
          ->set("interlace", output.interlace)
          ->set("keep", keep));
      break;
    case Format::Avif:
      image.heifsave_target(target, VImage::option()
          ->set("Q", output.quality)
          ->set("compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1)
          ->set("effort", 4)
          ->set("keep", keep));
      break;
    case Format::Tiff:
      image.tiffsave_target(target, VImage::option()->set("Q", output.quality)->set("keep", keep));
      break;
    default:
      throw RenderError(ErrorCode::BadRequest, "invalid format: cannot encode");
  }
}

}  // namespace mort
