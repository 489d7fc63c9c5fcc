#include "mlkit/pipeline/pipeline.hpp"

#include "mlkit/core/errors.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/pipeline/detail/parts.hpp"

namespace mlkit::pipeline {

namespace {

const ParamTable& table() {
  static const ParamTable t = mlkit::detail::ParamTableBuilder<PipelineParams>("Pipeline").build();
  return t;
}

constexpr std::initializer_list<const char*> kKeywords = {"passthrough"};

}  // namespace

Pipeline::Pipeline() { update_tags(); }

Pipeline::Pipeline(std::vector<Part> steps) : steps_(std::move(steps)) {
  for (const auto& s : steps_) detail::check_keyword(s, kKeywords, "Pipeline");
  update_tags();
}

Pipeline& Pipeline::add(std::string name, std::unique_ptr<Estimator> estimator) {
  const bool passthrough = !estimator;
  steps_.push_back({std::move(name), std::move(estimator), passthrough ? "passthrough" : ""});
  update_tags();
  return *this;
}

const Estimator& Pipeline::named_step(std::string_view name) const {
  for (const auto& s : steps_) {
    if (s.name != name) continue;
    if (!s.estimator) throw NotSupported("Pipeline step '" + s.name + "' is 'passthrough'.");
    return *s.estimator;
  }
  throw InvalidParameter("Pipeline has no step named '" + std::string(name) + "'.");
}

const Estimator& Pipeline::final_estimator() const {
  if (steps_.empty()) throw NotSupported("Pipeline has no steps.");
  if (!steps_.back().estimator) throw NotSupported("Pipeline's last step is 'passthrough'.");
  return *steps_.back().estimator;
}

std::unique_ptr<Estimator> Pipeline::clone() const {
  return std::make_unique<Pipeline>(detail::clone_parts(steps_));
}

const ParamTable& Pipeline::param_table() const { return table(); }

std::vector<std::pair<std::string, const Estimator*>> Pipeline::parts() const {
  return detail::parts_view(steps_);
}

void Pipeline::update_tags() {
  Tags t = Tags::transformer();
  const Estimator* first = nullptr;
  for (const auto& s : steps_)
    if (s.estimator) {
      first = s.estimator.get();
      break;
    }
  const Estimator* last = steps_.empty() ? nullptr : steps_.back().estimator.get();
  if (last) {
    t = last->tags();
    t.per_target_state.clear();
  }
  // A passthrough at either end lets NaN through to the next step, which decides.
  t.allow_nan = first ? first->tags().allow_nan : true;
  t.categorical = first && first->tags().categorical;
  t.has_transform = !last || last->tags().has_transform;
  t.has_inverse_transform = true;
  t.stochastic = false;
  bool any_weights = false;
  for (const auto& s : steps_) {
    if (!s.estimator) continue;
    t.has_inverse_transform = t.has_inverse_transform && s.estimator->tags().has_inverse_transform;
    t.stochastic = t.stochastic || s.estimator->tags().stochastic;
    any_weights = any_weights || s.estimator->tags().supports_sample_weight;
  }
  // Weights go to every step that takes them; without a final estimator any such step will do.
  t.supports_sample_weight = last ? last->tags().supports_sample_weight : any_weights;
  tags_ = std::move(t);
}

void Pipeline::validate_params() const {
  if (steps_.empty()) throw InvalidParameter("Pipeline has no steps; add at least one.");
  detail::check_part_names(steps_, table());
  for (std::size_t i = 0; i + 1 < steps_.size(); ++i) {
    const Part& s = steps_[i];
    if (s.estimator && !s.estimator->tags().has_transform)
      throw InvalidParameter(
          "All intermediate steps should be transformers and implement fit and transform or be "
          "the string 'passthrough'. '" +
          s.name + "' (" + std::string(s.estimator->class_name()) + ") doesn't.");
  }
}

void Pipeline::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  std::vector<Part> fitted = detail::clone_parts(steps_);
  const double n = static_cast<double>(fitted.size());
  Matrix Xt;
  bool transformed = false;
  for (std::size_t i = 0; i < fitted.size(); ++i) {
    Estimator* e = fitted[i].estimator.get();
    if (!e) continue;
    const MatrixView in = transformed ? MatrixView(Xt) : X;
    FitOptions o =
        detail::part_options(opts, *e, static_cast<double>(i) / n, static_cast<double>(i + 1) / n);
    if (!transformed) o.feature_names = opts.feature_names;
    if (e->tags().requires_y)
      e->fit_multi(in, Y, o);
    else
      e->fit(in, o);
    if (i + 1 < fitted.size()) {
      Matrix next = e->transform(in);
      Xt = std::move(next);
      transformed = true;
    }
  }
  opts.checkpoint(1.0);
  steps_ = std::move(fitted);
}

Matrix Pipeline::transform_head(MatrixView X) const {
  Matrix Xt = X;
  for (std::size_t i = 0; i + 1 < steps_.size(); ++i)
    if (steps_[i].estimator) Xt = steps_[i].estimator->transform(Xt);
  return Xt;
}

Matrix Pipeline::predict_impl(MatrixView X) const {
  return final_estimator().predict_multi(transform_head(X));
}

Matrix Pipeline::predict_proba_impl(MatrixView X) const {
  return final_estimator().predict_proba(transform_head(X));
}

Matrix Pipeline::decision_function_impl(MatrixView X) const {
  return final_estimator().decision_function(transform_head(X));
}

Matrix Pipeline::transform_impl(MatrixView X) const {
  Matrix Xt = transform_head(X);
  if (steps_.back().estimator) Xt = steps_.back().estimator->transform(Xt);
  return Xt;
}

Matrix Pipeline::inverse_transform_impl(MatrixView X) const {
  Matrix Xt = X;
  for (auto it = steps_.rbegin(); it != steps_.rend(); ++it)
    if (it->estimator) Xt = it->estimator->inverse_transform(Xt);
  return Xt;
}

nlohmann::json Pipeline::components_to_json(bool with_state) const {
  return detail::parts_to_json(steps_, with_state);
}

void Pipeline::components_from_json(const nlohmann::json& components) {
  auto steps = detail::parts_from_json(components, kKeywords);
  Pipeline check(detail::clone_parts(steps));
  try {
    check.validate_params();
  } catch (const InvalidParameter& e) {
    throw ModelFormatError(e.what());
  }
  steps_ = std::move(steps);
  update_tags();
}

void Pipeline::save_state(nlohmann::json&) const {}

void Pipeline::load_state(const nlohmann::json&, Index n_features_in, Index) {
  if (steps_.empty()) throw ModelFormatError("a fitted pipeline must list its steps");
  detail::check_parts_fitted(steps_);
  for (const auto& s : steps_) {
    if (!s.estimator) continue;
    if (s.estimator->n_features_in() != n_features_in)
      throw ModelFormatError(
          "the first step of the pipeline expects " + std::to_string(s.estimator->n_features_in()) +
          " features, but the pipeline was fitted on " + std::to_string(n_features_in));
    break;
  }
}

}  // namespace mlkit::pipeline
