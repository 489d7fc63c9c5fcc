#pragma once
// Reading tests/reference/*.json (written by tests/reference/make_reference.py with
// scikit-learn) and comparing mlkit's results with them.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "mlkit/core/types.hpp"

namespace mlkit::test {

/// One reference document, e.g. reference_json("linear_models.json").
inline const nlohmann::json& reference_json(const std::string& file) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(file);
  if (it == cache.end()) {
    const std::string path = std::string(MLKIT_TEST_DIR) + "/reference/" + file;
    std::ifstream in(path);
    if (!in) FAIL("cannot open " << path << " (run tests/reference/make_reference.py)");
    it = cache.emplace(file, nlohmann::json::parse(in)).first;
  }
  return it->second;
}

/// A number of the reference files: NaN is written as the string "NaN".
inline double ref_number(const nlohmann::json& j) {
  if (j.is_string() && j.get<std::string>() == "NaN")
    return std::numeric_limits<double>::quiet_NaN();
  return j.get<double>();
}

/// A flat list as a Vector; null (scikit-learn's None) as an empty Vector.
inline Vector ref_vector(const nlohmann::json& j) {
  if (j.is_null()) return {};
  Vector v(static_cast<Index>(j.size()));
  for (Index i = 0; i < v.size(); ++i) v[i] = ref_number(j[static_cast<std::size_t>(i)]);
  return v;
}

/// A list of rows as a Matrix; a flat list as one column; null as an empty Matrix.
inline Matrix ref_matrix(const nlohmann::json& j) {
  if (j.is_null()) return {};
  if (j.empty() || !j.front().is_array()) return ref_vector(j);
  Matrix m(static_cast<Index>(j.size()), static_cast<Index>(j.front().size()));
  for (Index r = 0; r < m.rows(); ++r) {
    const auto& row = j[static_cast<std::size_t>(r)];
    if (static_cast<Index>(row.size()) != m.cols())
      throw std::runtime_error("reference matrix with rows of different lengths");
    for (Index c = 0; c < m.cols(); ++c) m(r, c) = ref_number(row[static_cast<std::size_t>(c)]);
  }
  return m;
}

/// |actual - expected| <= rtol · |expected| + atol element-wise; NaN only matches NaN.
struct Tolerance {
  double rtol = 1e-10;
  double atol = 1e-12;
};

/// The largest deviations seen per area; printed at exit when MLKIT_PARITY_REPORT is set, so the
/// margin of each parity test can be read off without a debugger.
class DeviationLog {
 public:
  static DeviationLog& instance() {
    static DeviationLog log;
    return log;
  }
  void add(const std::string& area, double rel, double abs_at_floor) {
    auto& [r, a] = worst_[area];
    r = std::max(r, rel);
    a = std::max(a, abs_at_floor);
  }
  ~DeviationLog() {
    if (!std::getenv("MLKIT_PARITY_REPORT")) return;
    for (const auto& [area, w] : worst_)
      std::printf("parity %-20s max relative deviation %.3g, max absolute at the floor %.3g\n",
                  area.c_str(), w.first, w.second);
  }

 private:
  std::map<std::string, std::pair<double, double>> worst_;
};

/// Compare element-wise and report the worst element on failure. `area` names the estimator
/// for the deviation log; `what` names the quantity in messages.
inline void check_close(const Matrix& actual, const Matrix& expected, const Tolerance& tol,
                        const std::string& area, const std::string& what) {
  INFO(what);
  REQUIRE(actual.rows() == expected.rows());
  REQUIRE(actual.cols() == expected.cols());
  double worst_excess = 0, rel = 0, abs_at_floor = 0;
  Index bad = -1;
  for (Index i = 0; i < expected.size(); ++i) {
    const double a = actual.data()[i], e = expected.data()[i];
    if (std::isnan(e) || std::isnan(a)) {
      if (std::isnan(e) != std::isnan(a)) bad = i, worst_excess = HUGE_VAL;
      continue;
    }
    const double diff = std::abs(a - e), allowed = tol.rtol * std::abs(e) + tol.atol;
    // Relative deviation where the relative term dominates the tolerance, absolute elsewhere.
    if (tol.rtol * std::abs(e) >= tol.atol)
      rel = std::max(rel, diff / std::abs(e));
    else
      abs_at_floor = std::max(abs_at_floor, diff);
    if (diff > allowed && diff / allowed > worst_excess) worst_excess = diff / allowed, bad = i;
  }
  DeviationLog::instance().add(area, rel, abs_at_floor);
  std::string detail;
  if (bad >= 0) {
    std::ostringstream msg;
    msg.precision(17);
    msg << "element (" << bad / expected.cols() << ", " << bad % expected.cols() << "): mlkit "
        << actual.data()[bad] << ", scikit-learn " << expected.data()[bad] << " (rtol " << tol.rtol
        << ", atol " << tol.atol << ")";
    detail = msg.str();
  }
  INFO(detail);
  CHECK(bad < 0);
}

inline void check_close(const Vector& actual, const Vector& expected, const Tolerance& tol,
                        const std::string& area, const std::string& what) {
  check_close(Matrix(actual), Matrix(expected), tol, area, what);
}

}  // namespace mlkit::test
