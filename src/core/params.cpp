#include "mlkit/core/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "mlkit/core/errors.hpp"

namespace mlkit {

namespace {

// Python's repr of a float: shortest round-trip digits, with ".0" when it would read as an int.
std::string float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

bool unbounded(double v, bool integer) {
  return std::isinf(v) || (integer && std::fabs(v) >= 2147483647.0);
}

std::string bound_repr(double v, bool integer) {
  if (unbounded(v, integer)) return v > 0 ? "inf" : "-inf";
  if (integer) return std::to_string(static_cast<long long>(v));
  return float_repr(v);
}

bool in_interval(double x, const ParamAlternative& a) {
  if (std::isnan(x)) return false;
  if (std::isfinite(a.lo) && (a.lo_closed ? x < a.lo : x <= a.lo)) return false;
  if (std::isfinite(a.hi) && (a.hi_closed ? x > a.hi : x >= a.hi)) return false;
  return true;
}

}  // namespace

bool ParamValue::as_bool() const {
  if (!is_bool()) throw InvalidParameter("expected a bool, got " + repr());
  return std::get<bool>(v_);
}
std::int64_t ParamValue::as_int() const {
  if (!is_int()) throw InvalidParameter("expected an int, got " + repr());
  return std::get<std::int64_t>(v_);
}
double ParamValue::as_double() const {
  if (is_int()) return static_cast<double>(std::get<std::int64_t>(v_));
  if (!is_double()) throw InvalidParameter("expected a float, got " + repr());
  return std::get<double>(v_);
}
const std::string& ParamValue::as_string() const {
  if (!is_string()) throw InvalidParameter("expected a str, got " + repr());
  return std::get<std::string>(v_);
}
ParamValue::ParamValue(Dict v) {
  std::sort(v.begin(), v.end());
  for (std::size_t i = 1; i < v.size(); ++i)
    if (v[i].first == v[i - 1].first)
      throw InvalidParameter("a dict parameter has the key " + float_repr(v[i].first) + " twice");
  v_ = std::move(v);
}

const ParamValue::Dict& ParamValue::as_dict() const {
  if (!is_dict()) throw InvalidParameter("expected a dict, got " + repr());
  return std::get<Dict>(v_);
}

const ParamValue::List& ParamValue::as_list() const {
  if (!is_list()) throw InvalidParameter("expected a list, got " + repr());
  return std::get<List>(v_);
}

std::string ParamValue::repr() const {
  struct Visitor {
    std::string operator()(std::monostate) const { return "None"; }
    std::string operator()(bool b) const { return b ? "True" : "False"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return float_repr(d); }
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
    std::string operator()(const List& l) const {
      std::string out = "[";
      for (std::size_t i = 0; i < l.size(); ++i) out += (i ? ", " : "") + l[i].repr();
      return out + "]";
    }
    std::string operator()(const Dict& d) const {
      // Integral keys print as ints (class labels), values as floats.
      std::string out = "{";
      for (std::size_t i = 0; i < d.size(); ++i) {
        const double k = d[i].first;
        const bool integral = k == std::floor(k) && std::abs(k) < 9e15;
        out += (i ? ", " : "") +
               (integral ? std::to_string(static_cast<long long>(k)) : float_repr(k)) + ": " +
               float_repr(d[i].second);
      }
      return out + "}";
    }
  };
  return std::visit(Visitor{}, v_);
}

std::string ParamValue::type_name() const {
  static const char* names[] = {"NoneType", "bool", "int", "float", "str", "list", "dict"};
  return names[v_.index()];
}

ParamAlternative ParamAlternative::boolean() {
  ParamAlternative a;
  a.kind = Kind::Bool;
  return a;
}
ParamAlternative ParamAlternative::integer(double lo, double hi, bool lo_closed, bool hi_closed) {
  ParamAlternative a;
  a.kind = Kind::Int;
  a.lo = lo, a.hi = hi, a.lo_closed = lo_closed, a.hi_closed = hi_closed;
  return a;
}
ParamAlternative ParamAlternative::real(double lo, double hi, bool lo_closed, bool hi_closed) {
  ParamAlternative a = integer(lo, hi, lo_closed, hi_closed);
  a.kind = Kind::Real;
  return a;
}
ParamAlternative ParamAlternative::string(std::vector<std::string> options) {
  ParamAlternative a;
  a.kind = Kind::String;
  a.options = std::move(options);
  return a;
}
ParamAlternative ParamAlternative::real_list() {
  ParamAlternative a;
  a.kind = Kind::RealList;
  return a;
}
ParamAlternative ParamAlternative::real_dict() {
  ParamAlternative a;
  a.kind = Kind::RealDict;
  return a;
}

bool ParamAlternative::accepts(const ParamValue& v) const {
  switch (kind) {
    case Kind::Bool:
      return v.is_bool();
    case Kind::Int:
      return v.is_int() && in_interval(static_cast<double>(v.as_int()), *this);
    case Kind::Real:
      return v.is_number() && in_interval(v.as_double(), *this);
    case Kind::String:
      return v.is_string() && (options.empty() || std::find(options.begin(), options.end(),
                                                            v.as_string()) != options.end());
    case Kind::RealList:
      if (!v.is_list()) return false;
      return std::all_of(v.as_list().begin(), v.as_list().end(), [](const ParamValue& e) {
        return e.is_number() && !std::isnan(e.as_double());
      });
    case Kind::RealDict:
      if (!v.is_dict()) return false;
      return std::all_of(v.as_dict().begin(), v.as_dict().end(), [](const auto& e) {
        return std::isfinite(e.first) && std::isfinite(e.second) && e.second >= 0.0;
      });
  }
  return false;
}

std::string ParamAlternative::describe() const {
  switch (kind) {
    case Kind::Bool:
      return "an instance of 'bool'";
    case Kind::Int:
    case Kind::Real: {
      const bool integer = kind == Kind::Int;
      std::string s = integer ? "an int in the range " : "a float in the range ";
      s += (!unbounded(lo, integer) && lo_closed) ? "[" : "(";
      s += bound_repr(lo, integer) + ", " + bound_repr(hi, integer);
      s += (!unbounded(hi, integer) && hi_closed) ? "]" : ")";
      return s;
    }
    case Kind::String: {
      if (options.empty()) return "an instance of 'str'";
      std::string s = "a str among {";
      for (std::size_t i = 0; i < options.size(); ++i) s += (i ? ", '" : "'") + options[i] + "'";
      return s + "}";
    }
    case Kind::RealList:
      return "a list of floats";
    case Kind::RealDict:
      return "a dict of class labels to floats >= 0";
  }
  return "";
}

bool ParamDef::accepts(const ParamValue& v) const {
  if (v.is_none()) return nullable;
  return std::any_of(alternatives.begin(), alternatives.end(),
                     [&](const ParamAlternative& a) { return a.accepts(v); });
}

std::string ParamDef::describe() const {
  std::vector<std::string> parts;
  for (const auto& a : alternatives) parts.push_back(a.describe());
  if (nullable) parts.push_back("None");
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) s += (i + 1 == parts.size()) ? " or " : ", ";
    s += parts[i];
  }
  return s;
}

std::string ParamDef::type_summary() const {
  static const char* names[] = {"bool", "int", "float", "str", "list of float", "dict"};
  std::vector<std::string> parts;
  for (const auto& a : alternatives) {
    std::string n = names[static_cast<int>(a.kind)];
    if (std::find(parts.begin(), parts.end(), n) == parts.end()) parts.push_back(n);
  }
  if (nullable) parts.push_back("None");
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? " | " : "") + parts[i];
  return s;
}

ParamTable::ParamTable(std::string owner, std::vector<ParamDef> defs)
    : owner_(std::move(owner)), defs_(std::move(defs)) {}

const ParamDef* ParamTable::find(std::string_view name) const {
  for (const auto& d : defs_)
    if (d.name == name) return &d;
  return nullptr;
}

ParamMap ParamTable::get(const void* params) const {
  ParamMap out;
  for (const auto& d : defs_) out.emplace(d.name, d.get(params));
  return out;
}

void ParamTable::check(const ParamDef& def, const ParamValue& v) const {
  if (def.accepts(v)) return;
  throw InvalidParameter("The '" + def.name + "' parameter of " + owner_ + " must be " +
                         def.describe() + ". Got " + v.repr() + " instead.");
}

void ParamTable::throw_unknown(std::string_view name) const {
  std::vector<std::string> names;
  for (const auto& d : defs_) names.push_back(d.name);
  std::sort(names.begin(), names.end());
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", '" : "'") + names[i] + "'";
  throw InvalidParameter("Invalid parameter '" + std::string(name) + "' for estimator " + owner_ +
                         "(). Valid parameters are: [" + list + "].");
}

void ParamTable::set(void* params, const ParamMap& values) const {
  for (const auto& [name, value] : values) {
    const ParamDef* d = find(name);
    if (!d) throw_unknown(name);
    check(*d, value);
  }
  for (const auto& [name, value] : values) find(name)->set(params, value);
}

void ParamTable::validate(const void* params) const {
  for (const auto& d : defs_) check(d, d.get(params));
}

}  // namespace mlkit
