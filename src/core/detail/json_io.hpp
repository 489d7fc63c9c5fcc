#pragma once
// Reading and writing arrays and scalars of model state, with full validation: every reader
// throws ModelFormatError naming the field when the document does not hold what it should.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "mlkit/core/types.hpp"

namespace mlkit::detail {

using json = nlohmann::json;

/// A double as JSON; non-finite values become the strings "NaN", "Infinity", "-Infinity".
json number_to_json(double v);
json vector_to_json(const Vector& v);
/// {"shape": [rows, cols], "data": [row-major values]}
json matrix_to_json(const Matrix& m);

/// The member `key` of object `obj`; throws when absent.
const json& field(const json& obj, std::string_view key);
double number_from_json(const json& j, std::string_view what);
/// A finite double in [lo, hi].
double finite_from_json(const json& j, std::string_view what, double lo = -HUGE_VAL,
                        double hi = HUGE_VAL);
std::int64_t integer_from_json(const json& j, std::string_view what, std::int64_t lo,
                               std::int64_t hi);
bool bool_from_json(const json& j, std::string_view what);
/// A vector of exactly `size` entries (any size when size < 0); non-finite allowed only when
/// allow_nonfinite.
Vector vector_from_json(const json& j, std::string_view what, Index size, bool allow_nonfinite);
Matrix matrix_from_json(const json& j, std::string_view what, Index rows, Index cols,
                        bool allow_nonfinite);

}  // namespace mlkit::detail
