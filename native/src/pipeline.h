// One decode, every record of the plan, one encode. Runs on a worker thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "buffers.h"
#include "plan.h"

namespace mort {

struct RenderResult {
  PooledBuffer *buffer = nullptr;  // owned by the caller once returned
  int width = 0;
  int height = 0;  // of one frame
  int pages = 1;
  Format format = Format::Keep;
};

struct ImageMetadata {
  int width = 0;   // as stored, before EXIF orientation
  int height = 0;  // of one frame
  Format format = Format::Keep;
  int orientation = 1;
  bool hasAlpha = false;
  int pages = 1;
};

// Both throw RenderError.
RenderResult Render(const uint8_t *data, size_t length, const Plan &plan);
ImageMetadata ReadMetadata(const uint8_t *data, size_t length);

}  // namespace mort
