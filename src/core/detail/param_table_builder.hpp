#pragma once
// Builds a ParamTable from pointers to the fields of an estimator's parameter struct. Private to
// the library: the templates are instantiated once, in each estimator's .cpp.

#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/params.hpp"

namespace mlkit::detail {

template <class T>
struct ParamCodec;

template <>
struct ParamCodec<bool> {
  static ParamValue to(bool v) { return v; }
  static bool from(const ParamValue& v) { return v.as_bool(); }
  static ParamAlternative alternative() { return ParamAlternative::boolean(); }
};
template <>
struct ParamCodec<int> {
  static ParamValue to(int v) { return v; }
  static int from(const ParamValue& v) { return static_cast<int>(v.as_int()); }
  static ParamAlternative alternative() {
    return ParamAlternative::integer(std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max());
  }
};
template <>
struct ParamCodec<double> {
  static ParamValue to(double v) { return v; }
  static double from(const ParamValue& v) { return v.as_double(); }
  static ParamAlternative alternative() { return ParamAlternative::real(); }
};
template <>
struct ParamCodec<std::string> {
  static ParamValue to(const std::string& v) { return v; }
  static std::string from(const ParamValue& v) { return v.as_string(); }
  static ParamAlternative alternative() { return ParamAlternative::string(); }
};
template <>
struct ParamCodec<std::vector<double>> {
  static ParamValue to(const std::vector<double>& v) {
    ParamValue::List l(v.begin(), v.end());
    return l;
  }
  static std::vector<double> from(const ParamValue& v) {
    std::vector<double> out;
    for (const auto& e : v.as_list()) out.push_back(e.as_double());
    return out;
  }
  static ParamAlternative alternative() { return ParamAlternative::real_list(); }
};
template <>
struct ParamCodec<ParamValue> {
  static ParamValue to(const ParamValue& v) { return v; }
  static ParamValue from(const ParamValue& v) { return v; }
};
template <class T>
struct ParamCodec<std::optional<T>> {
  static ParamValue to(const std::optional<T>& v) {
    return v ? ParamCodec<T>::to(*v) : ParamValue();
  }
  static std::optional<T> from(const ParamValue& v) {
    if (v.is_none()) return std::nullopt;
    return ParamCodec<T>::from(v);
  }
  static ParamAlternative alternative() { return ParamCodec<T>::alternative(); }
};

template <class T>
inline constexpr bool is_optional_v = false;
template <class T>
inline constexpr bool is_optional_v<std::optional<T>> = true;

/// Declares the fields of parameter struct P, in the order they should be listed.
template <class P>
class ParamTableBuilder {
 public:
  explicit ParamTableBuilder(std::string owner) : owner_(std::move(owner)) {}

  /// @param alternatives accepted forms; empty means "any value of the field's type".
  template <class T>
  ParamTableBuilder& add(std::string name, T P::*member, std::string doc,
                         std::vector<ParamAlternative> alternatives = {}) {
    ParamDef d;
    d.name = std::move(name);
    d.doc = std::move(doc);
    if constexpr (!std::is_same_v<T, ParamValue>) {
      if (alternatives.empty()) alternatives.push_back(ParamCodec<T>::alternative());
    }
    if constexpr (std::is_same_v<T, int> || std::is_same_v<T, std::optional<int>>) {
      // The field is a C++ int: keep accepted values representable (describe() still says inf).
      for (auto& a : alternatives) {
        if (a.kind != ParamAlternative::Kind::Int) continue;
        if (a.hi > std::numeric_limits<int>::max())
          a.hi = std::numeric_limits<int>::max(), a.hi_closed = true;
        if (a.lo < std::numeric_limits<int>::min())
          a.lo = std::numeric_limits<int>::min(), a.lo_closed = true;
      }
    }
    d.alternatives = std::move(alternatives);
    d.nullable = is_optional_v<T>;
    d.get = [member](const void* p) {
      return ParamCodec<T>::to(static_cast<const P*>(p)->*member);
    };
    d.set = [member](void* p, const ParamValue& v) {
      static_cast<P*>(p)->*member = ParamCodec<T>::from(v);
    };
    const P defaults{};
    d.default_value = d.get(&defaults);
    if constexpr (std::is_same_v<T, ParamValue>) d.nullable = d.default_value.is_none();
    defs_.push_back(std::move(d));
    return *this;
  }

  /// Let the last added parameter also be None.
  ParamTableBuilder& allow_none() {
    defs_.back().nullable = true;
    return *this;
  }

  ParamTable build() { return ParamTable(std::move(owner_), std::move(defs_)); }

 private:
  std::string owner_;
  std::vector<ParamDef> defs_;
};

}  // namespace mlkit::detail
