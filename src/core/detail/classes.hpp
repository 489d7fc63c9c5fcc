#pragma once
// Class labels of classifiers: the sorted distinct labels (classes_), each sample's code into
// them, the per-class weights of a class_weight parameter, and classes_ in model files. Every
// classifier uses these, so labels, their errors and class weights mean the same everywhere.

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/params.hpp"
#include "mlkit/core/types.hpp"
#include "src/core/detail/json_io.hpp"

namespace mlkit::detail {

/// The distinct labels of a target, sorted, and every sample's index into them.
struct ClassEncoding {
  Vector classes;             // sorted distinct labels
  std::vector<Index> codes;   // codes[i] = index of y[i] in classes
  std::vector<Index> counts;  // samples per class
  Index n_classes() const { return classes.size(); }
};

/// Encode a classifier's target. Labels must be integral values (scikit-learn's "Unknown label
/// type: continuous" otherwise): the Python layer and the CLI map any other labels to codes.
inline ClassEncoding encode_classes(VectorView y) {
  ClassEncoding e;
  for (Index i = 0; i < y.size(); ++i) {
    const double v = y[i];
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 9007199254740992.0)
      throw InvalidInput(
          "Unknown label type: continuous. Classifier labels must be integral values (or be "
          "mapped to codes first); got " +
          std::to_string(v) + ".");
  }
  // The distinct labels: a classifier's target has few, so they are collected in a small
  // sorted list (a run of equal labels costs one compare); past kFew, sort a copy of y.
  constexpr std::size_t kFew = 256;
  std::vector<double> sorted;
  for (Index i = 0; i < y.size() && sorted.size() <= kFew; ++i) {
    const double v = y[i];
    if (i > 0 && v == y[i - 1]) continue;
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), v);
    if (it == sorted.end() || *it != v) sorted.insert(it, v);
  }
  if (sorted.size() > kFew) {
    sorted.assign(y.data(), y.data() + y.size());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  }
  e.classes = Eigen::Map<const Vector>(sorted.data(), static_cast<Index>(sorted.size()));
  e.codes.resize(static_cast<std::size_t>(y.size()));
  e.counts.assign(sorted.size(), 0);
  for (Index i = 0; i < y.size(); ++i) {
    const auto c =
        static_cast<Index>(std::lower_bound(sorted.begin(), sorted.end(), y[i]) - sorted.begin());
    e.codes[static_cast<std::size_t>(i)] = c;
    ++e.counts[static_cast<std::size_t>(c)];
  }
  return e;
}

/// Throws InvalidInput unless the target has at least two classes (scikit-learn's message).
inline void require_two_classes(const ClassEncoding& e) {
  if (e.n_classes() < 2)
    throw InvalidInput(
        "This solver needs samples of at least 2 classes in the data, but the data contains "
        "only one class: " +
        std::to_string(static_cast<long long>(e.classes[0])));
}

/// Weight of each class from a class_weight parameter: None gives ones; "balanced" gives
/// n_samples / (n_classes * count), counts weighted by sample_weight when it is given; a dict
/// gives its weight to each class it names and 1 to the others (scikit-learn's
/// compute_class_weight, with its error for keys that are not classes).
inline Vector class_weights(const ParamValue& class_weight, const ClassEncoding& e,
                            const Vector& sample_weight) {
  const Index k = e.n_classes();
  if (class_weight.is_none()) return Vector::Ones(k);
  if (class_weight.is_string() && class_weight.as_string() == "balanced") {
    Vector count = Vector::Zero(k);
    for (std::size_t i = 0; i < e.codes.size(); ++i)
      count[e.codes[i]] += sample_weight.size() ? sample_weight[static_cast<Index>(i)] : 1.0;
    const double n = count.sum();
    Vector w(k);
    for (Index c = 0; c < k; ++c)
      w[c] = count[c] > 0 ? n / (static_cast<double>(k) * count[c]) : 1.0;
    return w;
  }
  if (class_weight.is_dict()) {
    Vector w = Vector::Ones(k);
    Index matched = 0;
    std::vector<double> unweighted;
    for (Index c = 0; c < k; ++c) {
      bool found = false;
      for (const auto& [label, weight] : class_weight.as_dict())
        if (label == e.classes[c]) w[c] = weight, found = true;
      if (found)
        ++matched;
      else
        unweighted.push_back(e.classes[c]);
    }
    if (!unweighted.empty() && matched != static_cast<Index>(class_weight.as_dict().size())) {
      ParamValue::List l(unweighted.begin(), unweighted.end());
      throw InvalidInput("The classes, " + ParamValue(l).repr() + ", are not in class_weight");
    }
    return w;
  }
  throw InvalidParameter("class_weight must be None, 'balanced' or a dict; got " +
                         class_weight.repr() + ".");
}

/// sample_weight (ones when empty) times the weight of each sample's class.
inline Vector weighted_samples(const ClassEncoding& e, const Vector& class_weight,
                               const Vector& sample_weight) {
  Vector w(static_cast<Index>(e.codes.size()));
  for (std::size_t i = 0; i < e.codes.size(); ++i) {
    const auto ii = static_cast<Index>(i);
    w[ii] = class_weight[e.codes[i]] * (sample_weight.size() ? sample_weight[ii] : 1.0);
  }
  return w;
}

/// Write classes_ into a model state.
inline void save_classes(nlohmann::json& state, const Vector& classes) {
  state["classes_"] = vector_to_json(classes);
}

/// Read classes_ from a model state: at least @p min_classes finite, integral, strictly
/// increasing labels, else ModelFormatError.
inline Vector load_classes(const nlohmann::json& state, Index min_classes = 2) {
  const auto& j = field(state, "classes_");
  if (!j.is_array() || static_cast<Index>(j.size()) < min_classes)
    throw ModelFormatError("model field 'classes_' must list at least " +
                           std::to_string(min_classes) + " classes");
  Vector c = vector_from_json(j, "classes_", static_cast<Index>(j.size()), false);
  for (Index i = 0; i < c.size(); ++i) {
    if (c[i] != std::floor(c[i]))
      throw ModelFormatError("model field 'classes_' must hold integral labels");
    if (i > 0 && !(c[i] > c[i - 1]))
      throw ModelFormatError("model field 'classes_' must be strictly increasing");
  }
  return c;
}

}  // namespace mlkit::detail
