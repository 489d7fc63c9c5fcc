#pragma once
// Categories of numeric features as scikit-learn's encoders find them: the sorted distinct
// values of a column (numpy.unique), with NaN, when present, as the last category.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::preprocessing::detail {

/// The distinct values of column c of X, ascending, NaN last; counts[k] is how often
/// categories[k] occurs.
inline void unique_with_counts(MatrixView X, Index c, std::vector<double>& categories,
                               std::vector<Index>& counts) {
  std::vector<double> v;
  v.reserve(static_cast<std::size_t>(X.rows()));
  Index nan = 0;
  for (Index i = 0; i < X.rows(); ++i)
    if (std::isnan(X(i, c)))
      ++nan;
    else
      v.push_back(X(i, c));
  std::sort(v.begin(), v.end());
  categories.clear();
  counts.clear();
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i;
    while (j < v.size() && v[j] == v[i]) ++j;
    categories.push_back(v[i]);
    counts.push_back(static_cast<Index>(j - i));
    i = j;
  }
  if (nan > 0) {
    categories.push_back(std::numeric_limits<double>::quiet_NaN());
    counts.push_back(nan);
  }
}

/// Index of x among the categories (NaN matches a NaN category), or -1 when unknown.
inline Index category_index(const Vector& categories, double x) {
  const Index n = categories.size();
  if (std::isnan(x)) return n > 0 && std::isnan(categories[n - 1]) ? n - 1 : -1;
  const Index finite = n > 0 && std::isnan(categories[n - 1]) ? n - 1 : n;
  const double* first = categories.data();
  const double* it = std::lower_bound(first, first + finite, x);
  return it != first + finite && *it == x ? static_cast<Index>(it - first) : -1;
}

/// Whether a categories vector is valid model state: strictly increasing finite values, then
/// at most one NaN.
inline bool valid_categories(const Vector& categories) {
  const Index n = categories.size();
  if (n == 0) return false;
  const Index finite = std::isnan(categories[n - 1]) ? n - 1 : n;
  for (Index k = 0; k < finite; ++k)
    if (!std::isfinite(categories[k]) || (k > 0 && !(categories[k] > categories[k - 1])))
      return false;
  return true;
}

}  // namespace mlkit::preprocessing::detail
