#include "errors.h"

#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace mort {

const char *ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::TooLarge: return "too_large";
    case ErrorCode::UnsupportedImage: return "unsupported_image";
    case ErrorCode::CorruptImage: return "corrupt_image";
    case ErrorCode::BadRequest: return "bad_request";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

RenderError FromVipsError(const std::exception &err) {
  std::string detail = err.what();
  vips_error_clear();

  // Loader names and the decoder libraries' wording: what a broken input produces.
  std::string lower = detail;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::array<const char *, 11> decoderMarks = {
      "load", "premature end", "truncat", "corrupt", "not a known", "bad ", "invalid",
      "out of order", "unexpected end", "read error", "decode"};
  for (const char *mark : decoderMarks) {
    if (lower.find(mark) != std::string::npos) {
      return RenderError(ErrorCode::CorruptImage, "invalid image: data is corrupt or truncated",
                         detail);
    }
  }
  return RenderError(ErrorCode::Internal, "error: image processing failed", detail);
}

}  // namespace mort
