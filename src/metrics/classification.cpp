#include "mlkit/metrics/classification.hpp"

#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"

namespace mlkit::metrics {

double accuracy_score(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Index n = y_true.size();
  check_consistent_length(n, y_pred.size());
  if (n == 0) throw InvalidInput("accuracy_score needs at least one sample");
  const bool weighted = sample_weight.size() > 0;
  if (weighted) check_sample_weight(sample_weight, n);
  double hit = 0, total = 0;
  for (Index i = 0; i < n; ++i) {
    const double w = weighted ? sample_weight[i] : 1.0;
    total += w;
    if (y_true[i] == y_pred[i]) hit += w;
  }
  return hit / total;
}

}  // namespace mlkit::metrics
