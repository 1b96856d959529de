// libvips building blocks of the pipeline: open, colour, orient, scale, blur, watermark, encode.
#pragma once

#include <vips/vips8>

#include <cstddef>
#include <cstdint>

#include "buffers.h"
#include "plan.h"

namespace mort {

// The format from the magic bytes, limited to the loaders we accept from the network.
// Throws RenderError UnsupportedImage for anything else, including empty input.
Format SniffFormat(const uint8_t *data, size_t length);

// Reads the header only; throws RenderError CorruptImage if even that fails.
vips::VImage OpenHeader(const uint8_t *data, size_t length);

int PageHeight(const vips::VImage &image);
int PageCount(const vips::VImage &image);
int Orientation(const vips::VImage &image);

// 8-bit sRGB (or 8-bit grey) with embedded profiles applied and CMYK converted.
vips::VImage ToWorkingSpace(vips::VImage image);

// Clockwise rotation by `rotate` degrees, else the EXIF orientation when autoOrient.
vips::VImage Orient(vips::VImage image, int rotate, bool autoOrient);

// Exactly width x height, alpha premultiplied while resampling.
vips::VImage ScaleTo(vips::VImage image, int width, int height);

vips::VImage Blur(const vips::VImage &image, double sigma, double minAmpl);

vips::VImage Watermark(vips::VImage image, const WatermarkPlan &mark, int left, int top);

void Encode(vips::VImage image, const OutputPlan &output, Format format, PooledBuffer *buffer);

}  // namespace mort
