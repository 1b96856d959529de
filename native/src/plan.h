// The plan: what TypeScript asks the pipeline to do, already validated there. ParsePlan only
// checks the shape so that a malformed object can never reach libvips.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

namespace mort {

enum class Gravity { None, Center, North, South, East, West, Smart };
enum class Format { Keep, Jpeg, Png, Webp, Gif, Avif, Tiff, Svg };

const char *FormatName(Format format);

struct WatermarkPlan {
  std::string image;       // encoded bytes, copied: watermarks are small
  double vertical = 0;     // fraction of the estimated output height: 0, 1/3, 2/3
  double horizontal = 0;   // same for the width
  double opacity = 1;
  double maxPixels = 100e6;  // the plan's limit, copied here: a watermark is an input too
};

// One transform record of SPEC §5.1, rendered per §5.4.
struct RecordPlan {
  int width = 0;
  int height = 0;
  bool enlarge = false;
  bool preserveAspectRatio = false;
  bool fill = false;
  bool crop = false;
  bool embed = false;
  Gravity gravity = Gravity::None;
  int top = 0;
  int left = 0;
  int areaWidth = 0;
  int areaHeight = 0;
  int autoCropWidth = 0;
  int autoCropHeight = 0;
  double blurSigma = 0;
  double blurMinAmpl = 0;
  int rotate = 0;  // clockwise degrees: 0, 90, 180 or 270
  bool hasWatermark = false;
  WatermarkPlan watermark;
};

struct OutputPlan {
  Format format = Format::Keep;
  int quality = 75;
  bool interlace = false;
  bool strip = false;
  bool grayscale = false;
  std::vector<double> background = {255, 255, 255};  // flattens alpha for JPEG
};

struct Plan {
  std::vector<RecordPlan> records;
  OutputPlan output;
  bool autoOrient = true;
  double maxPixels = 100e6;
  double timeoutMs = 0;  // 0: no deadline
};

// Throws Napi::TypeError naming the offending field.
Plan ParsePlan(const Napi::Object &object);

}  // namespace mort
