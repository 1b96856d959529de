// Typed failures of the pipeline. The message is safe to show to a client; the detail (the
// libvips error text) is for logs only.
#pragma once

#include <stdexcept>
#include <string>

namespace mort {

enum class ErrorCode { TooLarge, UnsupportedImage, CorruptImage, BadRequest, Timeout, Internal };

const char *ErrorCodeName(ErrorCode code);

class RenderError : public std::runtime_error {
 public:
  RenderError(ErrorCode code, const std::string &message, std::string detail = "")
      : std::runtime_error(message), code_(code), detail_(std::move(detail)) {}

  ErrorCode code() const { return code_; }
  const std::string &detail() const { return detail_; }

 private:
  ErrorCode code_;
  std::string detail_;
};

// Turns a libvips failure into a RenderError: decoder complaints become CorruptImage, anything
// else Internal. Clears the libvips error buffer of the calling thread.
RenderError FromVipsError(const std::exception &err);

}  // namespace mort
