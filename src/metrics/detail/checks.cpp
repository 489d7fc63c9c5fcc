#include "src/metrics/detail/checks.hpp"

#include <algorithm>
#include <charconv>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"

namespace mlkit::metrics::detail {

void check_pair(VectorView a, VectorView b, std::string_view what, std::string_view a_name,
                std::string_view b_name) {
  check_consistent_length(a.size(), b.size());
  if (a.size() == 0) throw InvalidInput(std::string(what) + " needs at least one sample");
  check_finite(a, false, a_name);
  check_finite(b, false, b_name);
}

Vector weights_or_ones(VectorView sample_weight, Index n) {
  if (sample_weight.size() == 0) return Vector::Ones(n);
  check_sample_weight(sample_weight, n);
  return sample_weight;
}

std::vector<double> unique_labels(VectorView a, VectorView b) {
  std::vector<double> u(a.data(), a.data() + a.size());
  u.insert(u.end(), b.data(), b.data() + b.size());
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  return u;
}

std::vector<Index> encode(VectorView y, const std::vector<double>& classes) {
  std::vector<Index> out(static_cast<std::size_t>(y.size()));
  for (Index i = 0; i < y.size(); ++i) {
    const auto it = std::lower_bound(classes.begin(), classes.end(), y[i]);
    out[static_cast<std::size_t>(i)] =
        (it != classes.end() && *it == y[i]) ? static_cast<Index>(it - classes.begin()) : -1;
  }
  return out;
}

std::string python_float(double v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  // Python writes 1e+16 where to_chars writes 1e+16 too, but 100.0 where to_chars writes 100.
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace mlkit::metrics::detail
