#include "mlkit/metrics/regression.hpp"

#include <limits>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"

namespace mlkit::metrics {

double r2_score(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Index n = y_true.size();
  check_consistent_length(n, y_pred.size());
  if (n == 0) throw InvalidInput("r2_score needs at least one sample");
  check_finite(y_true, false, "y_true");
  check_finite(y_pred, false, "y_pred");
  const bool weighted = sample_weight.size() > 0;
  if (weighted) check_sample_weight(sample_weight, n);
  // scikit-learn returns NaN (with a warning) for fewer than two samples.
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const Vector w = weighted ? Vector(sample_weight) : Vector::Ones(n);
  const double mean = w.dot(y_true) / w.sum();
  const double num = (w.array() * (y_true - y_pred).array().square()).sum();
  const double den = (w.array() * (y_true.array() - mean).square()).sum();
  if (den == 0.0) return num == 0.0 ? 1.0 : 0.0;
  return 1.0 - num / den;
}

}  // namespace mlkit::metrics
