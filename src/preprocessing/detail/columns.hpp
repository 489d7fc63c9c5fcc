#pragma once
// Column-wise helpers shared by the preprocessing estimators: a fixed-chunk parallel loop over
// columns and NumPy's percentile/median on the non-NaN values of one column.

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "mlkit/core/context.hpp"
#include "mlkit/core/types.hpp"

namespace mlkit::preprocessing::detail {

/// Columns handled by one task. Every column is computed by one task on its own, so results do
/// not depend on the number of threads.
constexpr Index kColumnBlock = 16;

/// Calls fn(c0, c1) for fixed blocks [c0, c1) of the p columns, in parallel.
template <class Fn>
void for_column_blocks(Index p, Fn&& fn) {
  Context ctx;
  ctx.run([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<Index>(0, p, kColumnBlock),
        [&](const oneapi::tbb::blocked_range<Index>& r) { fn(r.begin(), r.end()); },
        oneapi::tbb::simple_partitioner());
  });
}

/// The non-NaN values of column c of X, sorted ascending.
inline std::vector<double> sorted_column(MatrixView X, Index c) {
  std::vector<double> v;
  v.reserve(static_cast<std::size_t>(X.rows()));
  for (Index i = 0; i < X.rows(); ++i)
    if (!std::isnan(X(i, c))) v.push_back(X(i, c));
  std::sort(v.begin(), v.end());
  return v;
}

/// numpy.percentile(v, q) with the default 'linear' method on sorted values, with NumPy's exact
/// interpolation arithmetic; NaN when v is empty. q in [0, 100].
inline double percentile_sorted(const std::vector<double>& v, double q) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(v.size());
  const double virtual_index = (n - 1) * (q / 100.0);
  if (virtual_index >= n - 1) return v.back();
  if (virtual_index < 0) return v.front();
  const double below = std::floor(virtual_index);
  const auto i = static_cast<std::size_t>(below);
  const double a = v[i], b = v[i + 1], t = virtual_index - below;
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/// NumPy percentile methods used by the preprocessing estimators.
enum class QuantileMethod { Linear, InvertedCdf, AveragedInvertedCdf };

/// numpy.percentile(v, q, method=...) on sorted values, with NumPy's index and interpolation
/// arithmetic; NaN when v is empty. q in [0, 100].
inline double percentile_sorted(const std::vector<double>& v, double q, QuantileMethod method) {
  if (method == QuantileMethod::Linear) return percentile_sorted(v, q);
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(v.size());
  const double virtual_index = n * (q / 100.0) - 1;
  const double below = std::floor(virtual_index);
  const double gamma = virtual_index - below;
  if (method == QuantileMethod::InvertedCdf) {
    double k = gamma == 0 ? below : below + 1;
    if (k < 0) k = 0;
    if (k > n - 1) k = n - 1;
    return v[static_cast<std::size_t>(k)];
  }
  if (virtual_index >= n - 1) return v.back();
  if (virtual_index < 0) return v.front();
  const auto i = static_cast<std::size_t>(below);
  const double a = v[i], b = v[i + 1], t = gamma == 0 ? 0.5 : 1.0;
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/// numpy.linspace(start, stop, num) with NumPy's arithmetic (i * step + start, last = stop).
inline std::vector<double> linspace(double start, double stop, Index num) {
  std::vector<double> y(static_cast<std::size_t>(num));
  const double div = static_cast<double>(num - 1);
  const double delta = stop - start, step = delta / div;
  for (Index i = 0; i < num; ++i) {
    const double fi = static_cast<double>(i);
    y[static_cast<std::size_t>(i)] = (step == 0 ? fi / div * delta : fi * step) + start;
  }
  if (num > 1) y.back() = stop;
  return y;
}

/// numpy.median of sorted values (the mean of the two middle ones for an even count); NaN when
/// v is empty.
inline double median_sorted(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}

/// scikit-learn's _handle_zeros_in_scale: scales below 10 ε become 1.
inline void handle_zeros_in_scale(Vector& scale) {
  for (Index c = 0; c < scale.size(); ++c)
    if (scale[c] < 10 * std::numeric_limits<double>::epsilon()) scale[c] = 1.0;
}

}  // namespace mlkit::preprocessing::detail
