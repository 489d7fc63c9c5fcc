#pragma once
// Generic parity check of a registered preprocessing estimator against the cases of
// tests/reference/preprocessing_extra.json (tests/reference/make_preprocessing_reference.py):
// the estimator is made by name with the case's parameters, fitted on X, and every fitted
// attribute of the case is compared with the model state field of the same name, then the
// transforms of X and Z and the inverse transform of Z.

#include <catch2/catch.hpp>
#include <limits>
#include <set>
#include <string>

#include "mlkit/mlkit.hpp"
#include "tests/cpp/support/reference.hpp"

namespace mlkit::test {

/// A parameter value as written by the reference script.
inline ParamValue param_from_json(const nlohmann::json& j) {
  if (j.is_null()) return ParamValue();
  if (j.is_boolean()) return ParamValue(j.get<bool>());
  if (j.is_number_integer()) return ParamValue(j.get<long long>());
  if (j.is_number()) return ParamValue(j.get<double>());
  if (j.is_string()) return ParamValue(j.get<std::string>());
  ParamValue::List l;
  for (const auto& e : j) l.push_back(param_from_json(e));
  return ParamValue(l);
}

/// A number of the reference files or of model state: NaN and infinities may be strings.
inline double any_number(const nlohmann::json& j) {
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  return ref_number(j);
}

inline Vector any_vector(const nlohmann::json& j) {
  Vector v(static_cast<Index>(j.size()));
  for (Index i = 0; i < v.size(); ++i) v[i] = any_number(j[static_cast<std::size_t>(i)]);
  return v;
}

/// A state field as a matrix: {"shape", "data"} documents, flat lists and numbers.
inline Matrix state_matrix(const nlohmann::json& j) {
  if (j.is_object()) {
    const Index rows = j.at("shape").at(0), cols = j.at("shape").at(1);
    const Vector data = ref_vector(j.at("data"));
    Matrix m(rows, cols);
    for (Index k = 0; k < m.size(); ++k) m.data()[k] = data[k];
    return m;
  }
  if (j.is_number() || j.is_string()) return Matrix::Constant(1, 1, ref_number(j));
  return ref_matrix(j);
}

inline Matrix reference_matrix(const nlohmann::json& j) {
  if (j.is_number() || j.is_string()) return Matrix::Constant(1, 1, ref_number(j));
  return ref_matrix(j);
}

/// Runs every case of `class_name`; returns the number of cases.
inline std::size_t check_reference_cases(const std::string& registry_name,
                                         const std::string& class_name, const Tolerance& tol = {}) {
  const auto& cases = reference_json("preprocessing_extra.json").at(class_name);
  static const std::set<std::string> inputs = {
      "name",          "params",       "X", "Z", "transform", "transform_Z", "inverse_transform",
      "inverse_input", "sample_weight"};
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO(class_name << " case " << name);
    ParamMap params;
    for (const auto& [k, v] : c.at("params").items()) params[k] = param_from_json(v);
    auto est = make_estimator(registry_name, params);
    const Matrix X = ref_matrix(c.at("X"));
    FitOptions opts;
    if (c.contains("sample_weight")) opts.sample_weight = ref_vector(c.at("sample_weight"));
    est->fit(X, opts);
    const auto state = est->state_to_json();
    for (const auto& [key, expected] : c.items()) {
      if (inputs.count(key)) continue;
      INFO("attribute " << key);
      REQUIRE(state.contains(key));
      if (expected.is_null()) {
        CHECK(state_matrix(state.at(key)).size() == 0);
        continue;
      }
      if (expected.is_array() && !expected.empty() && expected.front().is_array() &&
          state.at(key).is_array()) {
        // One list per feature, possibly of different lengths (bin edges, categories).
        REQUIRE(state.at(key).size() == expected.size());
        for (std::size_t f = 0; f < expected.size(); ++f)
          check_close(any_vector(state.at(key)[f]), any_vector(expected[f]), tol, class_name,
                      name + " " + key + "[" + std::to_string(f) + "]");
        continue;
      }
      Matrix e = reference_matrix(expected), a = state_matrix(state.at(key));
      if (a.cols() == 1 && e.rows() == 1) a.transposeInPlace();
      if (e.cols() == 1 && a.rows() == 1) e.transposeInPlace();
      check_close(a, e, tol, class_name, name + " " + key);
    }
    check_close(est->transform(X), ref_matrix(c.at("transform")), tol, class_name,
                name + " transform");
    check_close(est->transform(ref_matrix(c.at("Z"))), ref_matrix(c.at("transform_Z")), tol,
                class_name, name + " transform of Z");
    if (c.contains("inverse_transform"))
      check_close(est->inverse_transform(ref_matrix(c.value("inverse_input", c.at("Z")))),
                  ref_matrix(c.at("inverse_transform")), tol, class_name,
                  name + " inverse_transform");
  }
  return cases.size();
}

}  // namespace mlkit::test
