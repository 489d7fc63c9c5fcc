#pragma once
// Input checks and label helpers shared by the metrics.

#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::metrics::detail {

/// Two same-length, non-empty, finite vectors; `what` names the metric in messages.
void check_pair(VectorView a, VectorView b, std::string_view what, std::string_view a_name,
                std::string_view b_name);

/// Unit weights for an empty sample_weight, else the checked weights.
Vector weights_or_ones(VectorView sample_weight, Index n);

/// The sorted distinct values of a (and b, when given).
std::vector<double> unique_labels(VectorView a, VectorView b = Vector());

/// The index of each value of y in the sorted `classes`, or -1 when absent.
std::vector<Index> encode(VectorView y, const std::vector<double>& classes);

/// A double as Python's str() prints a float: shortest round trip, ".0" on integers.
std::string python_float(double v);

}  // namespace mlkit::metrics::detail
