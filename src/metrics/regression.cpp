#include "mlkit/metrics/regression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"
#include "src/metrics/detail/checks.hpp"

namespace mlkit::metrics {

namespace {

Vector checked_weights(VectorView y_true, VectorView y_pred, VectorView sample_weight,
                       std::string_view what) {
  detail::check_pair(y_true, y_pred, what, "y_true", "y_pred");
  return detail::weights_or_ones(sample_weight, y_true.size());
}

double weighted_mean(const Eigen::ArrayXd& v, const Vector& w) {
  return (v * w.array()).sum() / w.sum();
}

}  // namespace

double r2_score(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Vector w = checked_weights(y_true, y_pred, sample_weight, "r2_score");
  // scikit-learn returns NaN (with a warning) for fewer than two samples.
  if (y_true.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double mean = w.dot(y_true) / w.sum();
  const double num = (w.array() * (y_true - y_pred).array().square()).sum();
  const double den = (w.array() * (y_true.array() - mean).square()).sum();
  if (den == 0.0) return num == 0.0 ? 1.0 : 0.0;
  return 1.0 - num / den;
}

double mean_squared_error(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Vector w = checked_weights(y_true, y_pred, sample_weight, "mean_squared_error");
  return weighted_mean((y_true - y_pred).array().square(), w);
}

double root_mean_squared_error(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Vector w = checked_weights(y_true, y_pred, sample_weight, "root_mean_squared_error");
  return std::sqrt(weighted_mean((y_true - y_pred).array().square(), w));
}

double mean_absolute_error(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Vector w = checked_weights(y_true, y_pred, sample_weight, "mean_absolute_error");
  return weighted_mean((y_true - y_pred).array().abs(), w);
}

double median_absolute_error(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Vector w = checked_weights(y_true, y_pred, sample_weight, "median_absolute_error");
  const Index n = y_true.size();
  std::vector<double> err(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) err[static_cast<std::size_t>(i)] = std::abs(y_true[i] - y_pred[i]);
  if (sample_weight.size() == 0) {
    // numpy's median: the middle value, or the mean of the two middle values.
    std::sort(err.begin(), err.end());
    const std::size_t m = err.size() / 2;
    return err.size() % 2 ? err[m] : (err[m - 1] + err[m]) / 2.0;
  }
  // scikit-learn's _weighted_percentile(average=True) at 50: the first sorted value whose
  // cumulative weight reaches half the total; where it reaches it exactly, the mean of that value
  // and the next one of positive weight.
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    return err[static_cast<std::size_t>(a)] < err[static_cast<std::size_t>(b)];
  });
  std::vector<double> cdf(static_cast<std::size_t>(n));
  double acc = 0;
  for (Index i = 0; i < n; ++i) cdf[static_cast<std::size_t>(i)] = acc += w[order[i]];
  const double target = 0.5 * cdf.back();
  Index k = std::lower_bound(cdf.begin(), cdf.end(), target) - cdf.begin();
  k = std::min(k, n - 1);
  const double value = err[static_cast<std::size_t>(order[k])];
  if (cdf[static_cast<std::size_t>(k)] - target > std::numeric_limits<double>::epsilon())
    return value;
  Index next = std::min(k + 1, n - 1);
  if (w[order[next]] == 0) {
    // The next sample of positive weight: the first cumulative weight above this one.
    next = std::upper_bound(cdf.begin(), cdf.end(), cdf[static_cast<std::size_t>(k)]) - cdf.begin();
    if (next > n - 1) next = k;
  }
  return (value + err[static_cast<std::size_t>(order[next])]) / 2.0;
}

double explained_variance_score(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Vector w = checked_weights(y_true, y_pred, sample_weight, "explained_variance_score");
  const Eigen::ArrayXd diff = (y_true - y_pred).array();
  const double diff_mean = weighted_mean(diff, w);
  const double num = weighted_mean((diff - diff_mean).square(), w);
  const double y_mean = weighted_mean(y_true.array(), w);
  const double den = weighted_mean((y_true.array() - y_mean).square(), w);
  if (den == 0.0) return num == 0.0 ? 1.0 : 0.0;
  return 1.0 - num / den;
}

}  // namespace mlkit::metrics
