#pragma once
// Shared by the cross-validation and search tests: the diabetes data, the estimators of
// tests/reference/make_model_selection_reference.py, and JSON → parameter conversions.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mlkit/mlkit.hpp"
#include "tests/cpp/support/reference.hpp"

namespace mlkit::test {

inline const nlohmann::json& ms_reference() { return reference_json("model_selection.json"); }

inline const datasets::Dataset& diabetes() {
  static const datasets::Dataset d = datasets::load_diabetes();
  return d;
}

/// StandardScaler → PolynomialFeatures → LinearRegression, named as in the reference script.
inline std::unique_ptr<Estimator> poly_pipeline() {
  auto p = std::make_unique<pipeline::Pipeline>();
  p->add("scale", make_estimator("standard_scaler"))
      .add("poly", make_estimator("polynomial_features"))
      .add("lr", make_estimator("linear_regression"));
  return p;
}

inline ParamValue to_param(const nlohmann::json& v) {
  if (v.is_null()) return {};
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  ParamValue::List l;
  for (const auto& e : v) l.push_back(to_param(e));
  return l;
}

inline ParamMap to_params(const nlohmann::json& o) {
  ParamMap p;
  for (const auto& [k, v] : o.items()) p.emplace(k, to_param(v));
  return p;
}

inline std::vector<model_selection::ParamGrid> to_grids(const nlohmann::json& grids) {
  std::vector<model_selection::ParamGrid> out;
  for (const auto& g : grids) {
    model_selection::ParamGrid grid;
    for (const auto& [k, values] : g.items()) {
      std::vector<ParamValue> vs;
      for (const auto& v : values) vs.push_back(to_param(v));
      grid.emplace(k, std::move(vs));
    }
    out.push_back(std::move(grid));
  }
  return out;
}

/// Relative agreement to 1e-10 (absolute near zero), NaN equal to NaN.
inline bool close(double a, double b, double rtol = 1e-10) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= rtol * std::max({1.0, std::abs(a), std::abs(b)});
}

inline void check_close(const std::vector<double>& got, const nlohmann::json& want,
                        double rtol = 1e-10) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i << ": " << got[i] << " vs " << want[i].dump());
    CHECK(close(got[i], ref_number(want[i]), rtol));
  }
}

inline std::vector<double> row_of(const Matrix& m, Index r) {
  return {m.row(r).data(), m.row(r).data() + m.cols()};
}

}  // namespace mlkit::test
