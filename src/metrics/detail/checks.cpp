#include "src/metrics/detail/checks.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

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
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Python's repr: the shortest round-trip digits, in fixed notation for decimal exponents in
  // [-4, 16) (with ".0" on integers), else in scientific notation with a two-digit exponent.
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const std::string sci(buf, res.ptr);
  const std::size_t e_pos = sci.find('e');
  const int exp = std::stoi(sci.substr(e_pos + 1));
  if (exp < -4 || exp >= 16) return sci;
  std::string mant = sci.substr(0, e_pos);
  const bool neg = mant[0] == '-';
  if (neg) mant.erase(0, 1);
  std::string digits;
  for (char ch : mant)
    if (ch != '.') digits += ch;
  std::string out;
  if (exp < 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
  } else {
    const auto point = static_cast<std::size_t>(exp) + 1;
    if (digits.size() < point) digits.append(point - digits.size(), '0');
    out = digits.substr(0, point) + "." + (digits.size() > point ? digits.substr(point) : "0");
  }
  return neg ? "-" + out : out;
}

}  // namespace mlkit::metrics::detail
