#include "mlkit/core/warnings.hpp"

namespace mlkit {

namespace {
thread_local WarningCapture* current_capture = nullptr;
}  // namespace

WarningCapture::WarningCapture() : outer_(current_capture) { current_capture = this; }

WarningCapture::~WarningCapture() { current_capture = outer_; }

void warn(std::string category, std::string message) {
  if (current_capture)
    current_capture->warnings_.push_back({std::move(category), std::move(message)});
}

}  // namespace mlkit
