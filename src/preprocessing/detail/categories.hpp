#pragma once
// Categories of numeric features as scikit-learn's encoders find them: the sorted distinct
// values of a column (numpy.unique), with NaN, when present, as the last category.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "mlkit/core/params.hpp"
#include "mlkit/core/types.hpp"

namespace mlkit::preprocessing::detail {

/// A category value as the encoders' messages print it.
inline std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

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

/// scikit-learn's _identify_infrequent: which of the categories with these counts (out of n
/// samples) are infrequent, by min_frequency (an int count or a float fraction, None: none) and
/// max_categories (output columns including the infrequent one).
inline std::vector<bool> identify_infrequent(const std::vector<Index>& count, Index n,
                                             const ParamValue& min_frequency,
                                             std::optional<int> max_categories) {
  const std::size_t m = count.size();
  std::vector<bool> mask(m, false);
  for (std::size_t k = 0; k < m; ++k) {
    if (min_frequency.is_int())
      mask[k] = static_cast<double>(count[k]) < static_cast<double>(min_frequency.as_int());
    else if (min_frequency.is_double())
      mask[k] = static_cast<double>(count[k]) < static_cast<double>(n) * min_frequency.as_double();
  }
  const auto n_infrequent = static_cast<Index>(std::count(mask.begin(), mask.end(), true));
  const Index current = static_cast<Index>(m) - n_infrequent + 1;
  if (max_categories && *max_categories < current) {
    const Index frequent = *max_categories - 1;
    if (frequent == 0) {
      std::fill(mask.begin(), mask.end(), true);
    } else {
      // Stable argsort by count; all but the `frequent` largest are infrequent.
      std::vector<std::size_t> order(m);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return count[a] < count[b]; });
      const auto cut = static_cast<Index>(m) - frequent;
      for (Index r = 0; r < cut; ++r) mask[order[static_cast<std::size_t>(r)]] = true;
    }
  }
  return mask;
}

}  // namespace mlkit::preprocessing::detail
