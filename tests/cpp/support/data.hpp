#pragma once
// Data and helpers shared by the C++ tests.

#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "mlkit/mlkit.hpp"

namespace mlkit::test {

/// n × p standard-normal matrix from stream `unit` of `seed`.
inline Matrix normal_matrix(Index n, Index p, std::uint64_t seed, std::uint64_t unit = 0) {
  Rng rng(seed, unit);
  Matrix X(n, p);
  for (Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();
  return X;
}

/// A target suited to the estimator's kind: a noisy linear function for regressors (its
/// exponential where the target must be positive), two labels for classifiers, empty for
/// unsupervised estimators.
inline Vector target_for(const Estimator& est, const Matrix& X, std::uint64_t seed) {
  const Tags& t = est.tags();
  if (!t.requires_y) return {};
  Rng rng(seed, 99);
  Vector y(X.rows());
  for (Index i = 0; i < X.rows(); ++i) {
    const double v = X.row(i).sum() + 0.1 * rng.normal();
    y[i] = t.kind == Tags::Kind::Classifier ? (v > 0 ? 1.0 : 0.0)
           : t.positive_y                   ? std::exp(0.3 * v)
                                            : 3.0 * v + 1.0;
  }
  return y;
}

inline Estimator& fit_any(Estimator& est, const Matrix& X, const Vector& y,
                          const FitOptions& opts = {}) {
  return est.tags().requires_y ? est.fit(X, y, opts) : est.fit(X, opts);
}

/// Everything the fitted estimator computes for X, side by side: predictions, probabilities,
/// decision values and transforms, as its tags promise them.
inline Matrix outputs(const Estimator& est, const Matrix& X) {
  const Tags& t = est.tags();
  std::vector<Matrix> parts;
  if (t.has_predict) parts.push_back(est.predict_multi(X));
  if (t.has_predict_proba) parts.push_back(est.predict_proba(X));
  if (t.has_decision_function) parts.push_back(est.decision_function(X));
  if (t.has_transform) parts.push_back(est.transform(X));
  Index cols = 0;
  for (const auto& p : parts) cols += p.cols();
  Matrix out(X.rows(), cols);
  Index c = 0;
  for (const auto& p : parts) out.middleCols(c, p.cols()) = p, c += p.cols();
  return out;
}

/// Bitwise equality (NaN equal to NaN).
inline bool identical(const Matrix& a, const Matrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  return std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

inline nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot open " + path);
  return nlohmann::json::parse(in);
}

}  // namespace mlkit::test

/// Checks both the type and the message of an exception (Catch2 v2 matches messages only
/// through CHECK_THROWS_WITH).
#define MLKIT_CHECK_THROWS(expr, Type, matcher) \
  do {                                          \
    CHECK_THROWS_AS(expr, Type);                \
    CHECK_THROWS_WITH(expr, matcher);           \
  } while (0)
