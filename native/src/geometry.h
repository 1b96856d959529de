// The size arithmetic of SPEC §5.4, kept apart from libvips so each rule reads on its own.
#pragma once

#include "plan.h"

namespace mort {

// Dimensions above this in an extract or smart crop are refused (SPEC §5.4).
constexpr int kMaxCutSide = 16383;

enum class CutKind { None, Smart, Extract };

struct Cut {
  CutKind kind = CutKind::None;
  int left = 0;
  int top = 0;
  int width = 0;
  int height = 0;
};

// The main pass on an upright image of iw x ih: scale to (scaledWidth, scaledHeight), then cut.
struct MainGeometry {
  bool scale = false;
  int scaledWidth = 0;
  int scaledHeight = 0;
  Cut cut;
};

// width/height are the record's, after the preserveAspectRatio rule.
MainGeometry ComputeMainGeometry(const RecordPlan &record, int iw, int ih, int width,
                                 int height);

// The fill pass: the largest centred box of the requested aspect ratio.
Cut ComputeFillCut(int iw, int ih, int width, int height);

// preserveAspectRatio: keep only the side that limits the scale.
void ApplyPreserveAspectRatio(int iw, int ih, int &width, int &height);

// The first auto-crop pass (an extract); the second is a centre crop to the auto-crop size.
Cut ComputeAutoCropExtract(const RecordPlan &record, int iw, int ih);

// Where the watermark goes, from the estimated output size.
void ComputeWatermarkOffset(const RecordPlan &record, int iw, int ih, int width, int height,
                            int &left, int &top);

// True when the auto-crop passes run before the main pass (SPEC §5.4 item 5).
bool AutoCropRunsFirst(const RecordPlan &record);

}  // namespace mort
