#pragma once
/// @file params.hpp
/// @brief Hyperparameter values and the per-estimator parameter table they are checked against.
///
/// Every estimator declares each hyperparameter once, in a table beside its parameter struct:
/// name, type, default, constraint and one line of documentation. get_params/set_params,
/// validation messages, model files and the generated docs/parameters.md all come from it.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mlkit {

/// @brief A hyperparameter value: None, bool, int, float, string, a list of values, or a dict
/// from numbers to numbers (class_weight={0: 1.0, 1: 5.0}).
class ParamValue {
 public:
  using List = std::vector<ParamValue>;
  /// Entries sorted by key, keys distinct.
  using Dict = std::vector<std::pair<double, double>>;
  using Storage = std::variant<std::monostate, bool, std::int64_t, double, std::string, List, Dict>;

  ParamValue() = default;  ///< None
  ParamValue(std::nullopt_t) {}
  ParamValue(bool v) : v_(v) {}
  ParamValue(int v) : v_(std::int64_t{v}) {}
  ParamValue(long v) : v_(std::int64_t{v}) {}
  ParamValue(long long v) : v_(std::int64_t{v}) {}
  ParamValue(double v) : v_(v) {}
  ParamValue(const char* v) : v_(std::string(v)) {}
  ParamValue(std::string v) : v_(std::move(v)) {}
  ParamValue(List v) : v_(std::move(v)) {}
  /// Sorts the entries by key; throws InvalidParameter when a key repeats.
  ParamValue(Dict v);

  bool is_none() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(v_); }
  bool is_double() const { return std::holds_alternative<double>(v_); }
  /// True for an int or a float (an int is accepted where a float is expected).
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_list() const { return std::holds_alternative<List>(v_); }
  bool is_dict() const { return std::holds_alternative<Dict>(v_); }

  /// @brief Typed access; throws InvalidParameter when the value holds another type.
  bool as_bool() const;
  std::int64_t as_int() const;
  /// An int is converted to double.
  double as_double() const;
  const std::string& as_string() const;
  const List& as_list() const;
  const Dict& as_dict() const;

  const Storage& storage() const { return v_; }
  /// Python-like rendering used in messages: None, True, 3, 0.5, 'auto', [1, 2], {0: 1.0}.
  std::string repr() const;
  /// Name of the held type as scikit-learn's messages say it: NoneType, bool, int, float, str,
  /// list, dict.
  std::string type_name() const;

  friend bool operator==(const ParamValue& a, const ParamValue& b) { return a.v_ == b.v_; }

 private:
  Storage v_;
};

/// Parameters by name. Nested estimators use `step__param`.
using ParamMap = std::map<std::string, ParamValue, std::less<>>;

/// @brief One accepted form of a parameter's value: a kind plus, for numbers, an interval and,
/// for strings, the allowed options. A parameter accepts any of its alternatives (or None).
struct ParamAlternative {
  enum class Kind { Bool, Int, Real, String, RealList, RealDict };
  Kind kind = Kind::Real;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_closed = false;            ///< whether lo itself is allowed (ignored when lo is -inf)
  bool hi_closed = false;            ///< whether hi itself is allowed (ignored when hi is +inf)
  std::vector<std::string> options;  ///< for String: allowed values; empty means any string

  static ParamAlternative boolean();
  /// Integers in [lo, hi] by default; pass closed flags for open ends.
  static ParamAlternative integer(double lo = -std::numeric_limits<double>::infinity(),
                                  double hi = std::numeric_limits<double>::infinity(),
                                  bool lo_closed = true, bool hi_closed = true);
  static ParamAlternative real(double lo = -std::numeric_limits<double>::infinity(),
                               double hi = std::numeric_limits<double>::infinity(),
                               bool lo_closed = true, bool hi_closed = true);
  static ParamAlternative string(std::vector<std::string> options = {});
  static ParamAlternative real_list();
  /// A dict from numbers to finite numbers >= 0 (class weights by label).
  static ParamAlternative real_dict();

  bool accepts(const ParamValue& v) const;
  /// "an int in the range [1, inf)", "a str among {'auto', 'svd'}", "a float in the range
  /// (0.0, 1.0]".
  std::string describe() const;
};

/// @brief Declaration of one hyperparameter, with type-erased access to its struct field.
struct ParamDef {
  std::string name;
  std::vector<ParamAlternative> alternatives;
  bool nullable = false;  ///< None is allowed
  ParamValue default_value;
  std::string doc;  ///< one line of documentation
  std::function<ParamValue(const void*)> get;
  std::function<void(void*, const ParamValue&)> set;

  /// @brief Whether `v` satisfies the declared type and constraint.
  bool accepts(const ParamValue& v) const;
  /// @brief "an int in the range [1, inf) or None".
  std::string describe() const;
  /// @brief Short type name for docs: "int", "float", "bool", "str", "list of float", joined by
  /// "|".
  std::string type_summary() const;
};

/// @brief The hyperparameter table of one estimator class.
class ParamTable {
 public:
  ParamTable(std::string owner, std::vector<ParamDef> defs);

  /// Class name used in messages, e.g. "LinearRegression".
  const std::string& owner() const { return owner_; }
  const std::vector<ParamDef>& defs() const { return defs_; }
  /// nullptr when `name` is not declared.
  const ParamDef* find(std::string_view name) const;

  /// @brief All parameters of `params` (a pointer to the estimator's parameter struct).
  ParamMap get(const void* params) const;
  /// @brief Check every name and value first, then assign them all: an error changes nothing.
  void set(void* params, const ParamMap& values) const;
  /// @brief Check every field of `params` against its constraint (a struct filled in C++ directly
  /// bypasses set()); throws InvalidParameter naming the first bad one.
  void validate(const void* params) const;
  /// @brief Throws InvalidParameter with scikit-learn's message when `v` is not acceptable.
  void check(const ParamDef& def, const ParamValue& v) const;
  /// @brief The unknown-name error, listing the valid names.
  [[noreturn]] void throw_unknown(std::string_view name) const;

 private:
  std::string owner_;
  std::vector<ParamDef> defs_;
};

}  // namespace mlkit
