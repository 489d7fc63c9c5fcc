#pragma once
/// @file warnings.hpp
/// @brief Warnings of a successful fit (a solver that stopped at max_iter, ...), for the caller
/// to report. As Python's warnings.catch_warnings: a WarningCapture alive on the calling thread
/// collects what the code it calls warns; without one, warnings are dropped. mlkit never prints
/// them: the Python layer issues each as the scikit-learn warning class its category names, the
/// command line prints them.

#include <string>
#include <vector>

namespace mlkit {

/// @brief One warning: scikit-learn's class name (e.g. "ConvergenceWarning") and the text.
struct Warning {
  std::string category;
  std::string message;
};

/// @brief Collects the warnings raised on this thread while it lives (the innermost capture
/// gets them when captures nest).
class WarningCapture {
 public:
  WarningCapture();
  ~WarningCapture();
  WarningCapture(const WarningCapture&) = delete;
  WarningCapture& operator=(const WarningCapture&) = delete;

  const std::vector<Warning>& warnings() const { return warnings_; }

 private:
  friend void warn(std::string category, std::string message);
  std::vector<Warning> warnings_;
  WarningCapture* outer_;
};

/// @brief Raise a warning: recorded by this thread's innermost WarningCapture, if any.
void warn(std::string category, std::string message);

}  // namespace mlkit
