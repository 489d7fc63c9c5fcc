#include "src/pipeline/detail/parts.hpp"

#include <algorithm>
#include <set>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"

namespace mlkit::pipeline::detail {

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string s = "[";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", '" : "'") + names[i] + "'";
  return s + "]";
}

}  // namespace

void check_part_names(const std::vector<Part>& parts, const ParamTable& own) {
  std::vector<std::string> names, bad, dup, clash;
  std::set<std::string, std::less<>> seen;
  for (const auto& p : parts) {
    names.push_back(p.name);
    if (p.name.empty()) throw InvalidParameter(own.owner() + " part names must not be empty.");
    if (p.name.find("__") != std::string::npos) bad.push_back(p.name);
    if (!seen.insert(p.name).second) dup.push_back(p.name);
    if (own.find(p.name)) clash.push_back(p.name);
  }
  if (!dup.empty()) throw InvalidParameter("Names provided are not unique: " + quoted_list(names));
  if (!clash.empty())
    throw InvalidParameter("Estimator names conflict with constructor arguments: " +
                           quoted_list(clash));
  if (!bad.empty())
    throw InvalidParameter("Estimator names must not contain __: got " + quoted_list(bad));
}

std::vector<Part> clone_parts(const std::vector<Part>& parts) {
  std::vector<Part> out;
  out.reserve(parts.size());
  for (const auto& p : parts)
    out.push_back({p.name, p.estimator ? p.estimator->clone() : nullptr, p.keyword});
  return out;
}

std::vector<std::pair<std::string, const Estimator*>> parts_view(const std::vector<Part>& parts) {
  std::vector<std::pair<std::string, const Estimator*>> out;
  out.reserve(parts.size());
  for (const auto& p : parts) out.emplace_back(p.name, p.estimator.get());
  return out;
}

json parts_to_json(const std::vector<Part>& parts, bool with_state,
                   const std::function<void(std::size_t, json&)>& extra) {
  json out = json::array();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Part& p = parts[i];
    json c = json::object();
    c["name"] = p.name;
    if (p.estimator)
      c.update(to_spec(*p.estimator, with_state && p.estimator->fitted()));
    else
      c["estimator"] = p.keyword;
    if (extra) extra(i, c);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Part> parts_from_json(const json& components,
                                  std::initializer_list<const char*> keywords,
                                  std::initializer_list<const char*> extra_keys,
                                  const std::function<void(std::size_t, const json&)>& extra) {
  if (!components.is_array()) throw ModelFormatError("components must be an array");
  std::vector<Part> parts;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const json& c = components[i];
    if (!c.is_object()) throw ModelFormatError("each component must be an object");
    auto name = c.find("name");
    if (name == c.end() || !name->is_string())
      throw ModelFormatError("component " + std::to_string(i) + " needs a string 'name'");
    auto est = c.find("estimator");
    if (est == c.end() || !est->is_string())
      throw ModelFormatError("component '" + name->get<std::string>() +
                             "' needs a string 'estimator'");
    Part part{name->get<std::string>(), nullptr, {}};
    const std::string kind = est->get<std::string>();
    json spec = json::object();
    for (const auto& [k, v] : c.items()) {
      if (k == "name") continue;
      if (std::any_of(extra_keys.begin(), extra_keys.end(), [&](const char* e) { return k == e; }))
        continue;
      spec[k] = v;
    }
    const bool keyword =
        std::any_of(keywords.begin(), keywords.end(), [&](const char* kw) { return kind == kw; });
    if (keyword) {
      if (spec.size() != 1)
        throw ModelFormatError("component '" + part.name + "' is '" + kind +
                               "' and takes no other fields");
      part.keyword = kind;
    } else {
      part.estimator = from_spec(spec);
    }
    if (extra) extra(i, c);
    parts.push_back(std::move(part));
  }
  return parts;
}

FitOptions part_options(const FitOptions& opts, const Estimator& part, double lo, double hi) {
  FitOptions o;
  if (part.tags().supports_sample_weight) o.sample_weight = opts.sample_weight;
  o.cancel = opts.cancel;
  if (opts.progress) {
    auto progress = opts.progress;
    o.progress = [progress, lo, hi](double f) { progress(lo + (hi - lo) * f); };
  }
  return o;
}

void check_parts_fitted(const std::vector<Part>& parts) {
  for (const auto& p : parts)
    if (p.estimator && !p.estimator->fitted())
      throw ModelFormatError("component '" + p.name + "' of a fitted model has no state");
}

void check_keyword(const Part& part, std::initializer_list<const char*> allowed,
                   std::string_view owner) {
  if (part.estimator) return;
  if (std::any_of(allowed.begin(), allowed.end(),
                  [&](const char* kw) { return part.keyword == kw; }))
    return;
  std::string list;
  for (const char* kw : allowed) list += (list.empty() ? "'" : " or '") + std::string(kw) + "'";
  throw InvalidParameter(std::string(owner) + " part '" + part.name + "' must be an estimator or " +
                         list + "; got '" + part.keyword + "'.");
}

Matrix hstack(const std::vector<Matrix>& blocks, Index rows) {
  Index cols = 0;
  for (const auto& b : blocks) cols += b.cols();
  Matrix out(rows, cols);
  Index c = 0;
  for (const auto& b : blocks) {
    out.middleCols(c, b.cols()) = b;
    c += b.cols();
  }
  return out;
}

Matrix select_columns(MatrixView X, const std::vector<Index>& cols) {
  Matrix out(X.rows(), static_cast<Index>(cols.size()));
  for (Index i = 0; i < X.rows(); ++i)
    for (std::size_t j = 0; j < cols.size(); ++j) out(i, static_cast<Index>(j)) = X(i, cols[j]);
  return out;
}

}  // namespace mlkit::pipeline::detail
