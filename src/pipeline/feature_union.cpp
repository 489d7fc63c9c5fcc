#include "mlkit/pipeline/feature_union.hpp"

#include "mlkit/core/errors.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/pipeline/detail/parts.hpp"

namespace mlkit::pipeline {

namespace {

const ParamTable& table() {
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<FeatureUnionParams>("FeatureUnion").build();
  return t;
}

constexpr std::initializer_list<const char*> kKeywords = {"passthrough", "drop"};

}  // namespace

FeatureUnion::FeatureUnion() = default;

FeatureUnion::FeatureUnion(std::vector<Part> transformers) : parts_(std::move(transformers)) {
  for (const auto& p : parts_) detail::check_keyword(p, kKeywords, "FeatureUnion");
}

FeatureUnion& FeatureUnion::add(std::string name, std::unique_ptr<Estimator> transformer) {
  const bool drop = !transformer;
  parts_.push_back({std::move(name), std::move(transformer), drop ? "drop" : ""});
  return *this;
}

FeatureUnion& FeatureUnion::add_passthrough(std::string name) {
  parts_.push_back({std::move(name), nullptr, "passthrough"});
  return *this;
}

std::unique_ptr<Estimator> FeatureUnion::clone() const {
  return std::make_unique<FeatureUnion>(detail::clone_parts(parts_));
}

const Tags& FeatureUnion::tags() const {
  static const Tags t = [] {
    Tags t = Tags::transformer();
    // Each part checks its own input, as in scikit-learn: NaN reaches the parts, which decide.
    t.allow_nan = true;
    t.supports_sample_weight = true;
    return t;
  }();
  return t;
}

const ParamTable& FeatureUnion::param_table() const { return table(); }

std::vector<std::pair<std::string, const Estimator*>> FeatureUnion::parts() const {
  return detail::parts_view(parts_);
}

void FeatureUnion::validate_params() const {
  detail::check_part_names(parts_, table());
  for (const auto& p : parts_)
    if (p.estimator && !p.estimator->tags().has_transform)
      throw InvalidParameter("All estimators should implement fit and transform. '" + p.name +
                             "' (" + std::string(p.estimator->class_name()) + ") doesn't.");
}

void FeatureUnion::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  std::vector<Part> fitted = detail::clone_parts(parts_);
  const double n = static_cast<double>(std::max<std::size_t>(fitted.size(), 1));
  for (std::size_t i = 0; i < fitted.size(); ++i) {
    Estimator* e = fitted[i].estimator.get();
    if (!e) continue;
    FitOptions o =
        detail::part_options(opts, *e, static_cast<double>(i) / n, static_cast<double>(i + 1) / n);
    o.feature_names = opts.feature_names;
    if (e->tags().requires_y)
      e->fit_multi(X, Y, o);
    else
      e->fit(X, o);
  }
  opts.checkpoint(1.0);
  parts_ = std::move(fitted);
}

Matrix FeatureUnion::transform_impl(MatrixView X) const {
  std::vector<Matrix> blocks;
  for (const auto& p : parts_) {
    if (p.estimator)
      blocks.push_back(p.estimator->transform(X));
    else if (p.passthrough())
      blocks.emplace_back(X);
  }
  return detail::hstack(blocks, X.rows());
}

nlohmann::json FeatureUnion::components_to_json(bool with_state) const {
  return detail::parts_to_json(parts_, with_state);
}

void FeatureUnion::components_from_json(const nlohmann::json& components) {
  auto parts = detail::parts_from_json(components, kKeywords);
  FeatureUnion check(detail::clone_parts(parts));
  try {
    check.validate_params();
  } catch (const InvalidParameter& e) {
    throw ModelFormatError(e.what());
  }
  parts_ = std::move(parts);
}

void FeatureUnion::save_state(nlohmann::json&) const {}

void FeatureUnion::load_state(const nlohmann::json&, Index n_features_in, Index) {
  detail::check_parts_fitted(parts_);
  for (const auto& p : parts_)
    if (p.estimator && p.estimator->n_features_in() != n_features_in)
      throw ModelFormatError(
          "part '" + p.name + "' expects " + std::to_string(p.estimator->n_features_in()) +
          " features, but the union was fitted on " + std::to_string(n_features_in));
}

}  // namespace mlkit::pipeline
