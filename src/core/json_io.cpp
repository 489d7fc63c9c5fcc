#include <cmath>
#include <limits>
#include <string>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"

namespace mlkit::detail {

namespace {
[[noreturn]] void bad(std::string_view what, const std::string& why) {
  throw ModelFormatError("model field '" + std::string(what) + "' " + why);
}
}  // namespace

json number_to_json(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

json vector_to_json(const Vector& v) {
  json a = json::array();
  for (Index i = 0; i < v.size(); ++i) a.push_back(number_to_json(v[i]));
  return a;
}

json matrix_to_json(const Matrix& m) {
  json data = json::array();
  for (Index i = 0; i < m.size(); ++i) data.push_back(number_to_json(m.data()[i]));
  return json{{"shape", {m.rows(), m.cols()}}, {"data", std::move(data)}};
}

const json& field(const json& obj, std::string_view key) {
  if (!obj.is_object()) bad(key, "is inside something that is not an object");
  auto it = obj.find(key);
  if (it == obj.end()) bad(key, "is missing");
  return *it;
}

double number_from_json(const json& j, std::string_view what) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return HUGE_VAL;
    if (s == "-Infinity") return -HUGE_VAL;
  }
  bad(what, "must be a number");
}

double finite_from_json(const json& j, std::string_view what, double lo, double hi) {
  const double v = number_from_json(j, what);
  if (!std::isfinite(v) || v < lo || v > hi) bad(what, "is out of range");
  return v;
}

std::int64_t integer_from_json(const json& j, std::string_view what, std::int64_t lo,
                               std::int64_t hi) {
  if (!j.is_number_integer()) bad(what, "must be an integer");
  if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
    bad(what, "is out of range");
  const auto v = j.get<std::int64_t>();
  if (v < lo || v > hi) bad(what, "is out of range: " + std::to_string(v));
  return v;
}

bool bool_from_json(const json& j, std::string_view what) {
  if (!j.is_boolean()) bad(what, "must be true or false");
  return j.get<bool>();
}

namespace {
void read_values(const json& a, std::string_view what, double* out, Index n, bool allow_nonfinite) {
  for (Index i = 0; i < n; ++i) {
    const double v = number_from_json(a[static_cast<std::size_t>(i)], what);
    if (!allow_nonfinite && !std::isfinite(v)) bad(what, "holds a value that is not finite");
    out[i] = v;
  }
}
}  // namespace

Vector vector_from_json(const json& j, std::string_view what, Index size, bool allow_nonfinite) {
  if (!j.is_array()) bad(what, "must be an array");
  if (size >= 0 && j.size() != static_cast<std::size_t>(size))
    bad(what, "has " + std::to_string(j.size()) + " entries, expected " + std::to_string(size));
  Vector v(static_cast<Index>(j.size()));
  read_values(j, what, v.data(), v.size(), allow_nonfinite);
  return v;
}

Matrix matrix_from_json(const json& j, std::string_view what, Index rows, Index cols,
                        bool allow_nonfinite) {
  const json& shape = field(j, "shape");
  if (!shape.is_array() || shape.size() != 2) bad(what, "must have a shape of two integers");
  const auto r = integer_from_json(shape[0], what, 0, std::int64_t{1} << 31);
  const auto c = integer_from_json(shape[1], what, 0, std::int64_t{1} << 31);
  if ((rows >= 0 && r != rows) || (cols >= 0 && c != cols))
    bad(what, "has shape (" + std::to_string(r) + ", " + std::to_string(c) + "), expected (" +
                  std::to_string(rows) + ", " + std::to_string(cols) + ")");
  const json& data = field(j, "data");
  if (!data.is_array() || data.size() != static_cast<std::size_t>(r * c))
    bad(what, "data does not match its shape");
  Matrix m(r, c);
  read_values(data, what, m.data(), m.size(), allow_nonfinite);
  return m;
}

}  // namespace mlkit::detail
