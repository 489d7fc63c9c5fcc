#pragma once
// Helpers of the metrics parity tests, which read tests/reference/metrics_extra.json (written by
// tests/reference/make_metrics_reference.py with scikit-learn).

#include <string>

#include "tests/cpp/support/reference.hpp"

namespace mlkit::test {

inline const nlohmann::json& metrics_cases(const std::string& section) {
  return reference_json("metrics_extra.json").at(section);
}

/// One number against scikit-learn's, to the default parity tolerance (NaN matches NaN).
inline void check_scalar(double actual, const nlohmann::json& expected, const std::string& area,
                         const std::string& what) {
  check_close(Vector(Vector::Constant(1, actual)),
              Vector(Vector::Constant(1, ref_number(expected))), {}, area, what);
}

}  // namespace mlkit::test
