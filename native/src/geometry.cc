#include "geometry.h"

#include <algorithm>
#include <cmath>

#include "errors.h"

namespace mort {

namespace {

int Round(double value) { return static_cast<int>(std::lround(value)); }

void CheckCutSide(int width, int height) {
  if (width > kMaxCutSide || height > kMaxCutSide) {
    throw RenderError(ErrorCode::BadRequest, "invalid crop: size too large");
  }
}

Cut GravityCut(Gravity gravity, int w, int h, int width, int height) {
  Cut cut;
  cut.kind = CutKind::Extract;
  cut.width = std::min(w, width);
  cut.height = std::min(h, height);
  int centreX = (w - width + 1) / 2;
  int centreY = (h - height + 1) / 2;
  switch (gravity) {
    case Gravity::North: cut.left = centreX; cut.top = 0; break;
    case Gravity::South: cut.left = centreX; cut.top = h - height; break;
    case Gravity::East: cut.left = w - width; cut.top = centreY; break;
    case Gravity::West: cut.left = 0; cut.top = centreY; break;
    default: cut.left = centreX; cut.top = centreY; break;
  }
  cut.left = std::max(0, cut.left);
  cut.top = std::max(0, cut.top);
  return cut;
}

}  // namespace

MainGeometry ComputeMainGeometry(const RecordPlan &record, int iw, int ih, int width,
                                 int height) {
  MainGeometry geometry;
  bool hasArea = record.top != 0 || record.left != 0 || record.areaWidth != 0 ||
                 record.areaHeight != 0;
  bool force = !record.crop && !record.embed && !record.enlarge && record.rotate == 0 &&
               (width > 0 || height > 0);

  double factor = 1;
  if (width > 0 && height > 0) {
    double fx = static_cast<double>(iw) / width;
    double fy = static_cast<double>(ih) / height;
    factor = record.crop ? std::min(fx, fy) : std::max(fx, fy);
  } else if (width > 0) {
    if (record.crop) {
      height = ih;
    } else {
      factor = static_cast<double>(iw) / width;
      height = Round(ih / factor);
    }
  } else if (height > 0) {
    if (record.crop) {
      width = iw;
    } else {
      factor = static_cast<double>(ih) / height;
      width = Round(iw / factor);
    }
  } else {
    width = iw;
    height = ih;
  }

  // Never enlarge unless asked; a forced resize is exact by definition.
  if (!record.enlarge && !force && iw < width && ih < height) {
    width = iw;
    height = ih;
    factor = 1;
  }
  if (!force && width == iw && height == ih && !hasArea) return geometry;

  int w = force ? width : std::max(1, Round(iw / factor));
  int h = force ? height : std::max(1, Round(ih / factor));
  w = std::max(1, w);
  h = std::max(1, h);
  geometry.scale = w != iw || h != ih;
  geometry.scaledWidth = w;
  geometry.scaledHeight = h;

  // The first matching rule ends the search, even when it has nothing to do.
  if (record.gravity == Gravity::Smart && !force) {
    if (w > width || h > height) {
      geometry.cut.kind = CutKind::Smart;
      geometry.cut.width = std::min(w, width);
      geometry.cut.height = std::min(h, height);
      CheckCutSide(geometry.cut.width, geometry.cut.height);
    }
    return geometry;
  }
  if (record.crop && !force) {
    if (w > width || h > height) geometry.cut = GravityCut(record.gravity, w, h, width, height);
    return geometry;
  }
  if (hasArea) {
    Cut cut;
    cut.kind = CutKind::Extract;
    cut.left = std::max(0, record.left);
    cut.top = std::max(0, record.top);
    cut.width = record.areaWidth > 0 ? record.areaWidth : width;
    cut.height = record.areaHeight > 0 ? record.areaHeight : height;
    CheckCutSide(cut.width, cut.height);
    if (cut.width <= 0 || cut.height <= 0 || cut.left + cut.width > w ||
        cut.top + cut.height > h) {
      throw RenderError(ErrorCode::BadRequest, "invalid extract: area is outside the image");
    }
    geometry.cut = cut;
  }
  return geometry;
}

Cut ComputeFillCut(int iw, int ih, int width, int height) {
  double ratio = static_cast<double>(width) / height;
  int boxWidth = ratio > 1 ? iw : static_cast<int>(ih * ratio);
  int boxHeight = ratio > 1 ? static_cast<int>(iw / ratio) : ih;
  return GravityCut(Gravity::Center, iw, ih, std::max(1, boxWidth), std::max(1, boxHeight));
}

void ApplyPreserveAspectRatio(int iw, int ih, int &width, int &height) {
  if (width <= 0 || height <= 0) return;
  int verticalRatio = iw / width;
  int horizontalRatio = ih / height;
  if (verticalRatio < horizontalRatio) {
    width = 0;
  } else {
    height = 0;
  }
}

Cut ComputeAutoCropExtract(const RecordPlan &record, int iw, int ih) {
  int acWidth = record.autoCropWidth;
  int acHeight = record.autoCropHeight;
  int width = record.width > 0 ? record.width : iw;
  int height = record.height > 0 ? record.height : ih;
  int widthFactor = acWidth > 0 ? width / acWidth : 0;
  int heightFactor = acHeight > 0 ? height / acHeight : 0;

  Cut cut;
  cut.kind = CutKind::Extract;
  if (widthFactor < heightFactor) {
    cut.width = width;
    cut.height = acHeight * widthFactor;
  } else {
    cut.width = acWidth * heightFactor;
    cut.height = height;
  }
  cut.left = (width - cut.width) / 2;
  cut.top = (height - cut.height) / 5;

  // The arithmetic works on the requested size; the pixels are those of the image.
  cut.left = std::clamp(cut.left, 0, std::max(0, iw - 1));
  cut.top = std::clamp(cut.top, 0, std::max(0, ih - 1));
  cut.width = std::min(cut.width, iw - cut.left);
  cut.height = std::min(cut.height, ih - cut.top);
  if (cut.width <= 0 || cut.height <= 0) {
    throw RenderError(ErrorCode::BadRequest, "invalid auto-crop: size does not fit the image");
  }
  return cut;
}

void ComputeWatermarkOffset(const RecordPlan &record, int iw, int ih, int width, int height,
                            int &left, int &top) {
  int outWidth = iw;
  int outHeight = ih;
  if (width > 0 && height > 0) {
    outWidth = width;
    outHeight = height;
  } else if (width > 0) {
    outWidth = width;
    outHeight = static_cast<int>(static_cast<double>(width) * ih / iw);
  } else if (height > 0) {
    outWidth = static_cast<int>(static_cast<double>(height) * iw / ih);
    outHeight = height;
  }
  // Mort rounds through single precision before truncating.
  top = static_cast<int>(std::trunc(static_cast<float>(record.watermark.vertical * outHeight)));
  left = static_cast<int>(
      std::trunc(static_cast<float>(record.watermark.horizontal * outWidth)));
}

bool AutoCropRunsFirst(const RecordPlan &record) {
  bool sized = record.width > 0 || record.height > 0;
  return sized && !(record.width > record.areaWidth || record.height > record.areaHeight);
}

}  // namespace mort
