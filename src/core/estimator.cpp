#include "mlkit/core/estimator.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"
#include "mlkit/metrics/classification.hpp"
#include "mlkit/metrics/regression.hpp"

namespace mlkit {

void FitOptions::checkpoint(double fraction) const {
  if (cancel && cancel->load()) throw Cancelled("fit was cancelled");
  if (progress) progress(fraction);
}

Estimator::~Estimator() = default;

namespace {
std::string cls(const Estimator& e) { return std::string(e.class_name()); }

// An n × 1 view of a vector, without a copy.
Eigen::Map<const Matrix> as_column(VectorView y) { return {y.data(), y.size(), 1}; }

const Matrix& no_target() {
  static const Matrix empty;
  return empty;
}
}  // namespace

Estimator& Estimator::fit(MatrixView X, VectorView y, const FitOptions& opts) {
  return fit_multi(X, as_column(y), opts);
}

Estimator& Estimator::fit(MatrixView X, const FitOptions& opts) {
  return fit_multi(X, no_target(), opts);
}

Estimator& Estimator::fit_multi(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Tags& t = tags();
  param_table().validate(param_struct());
  validate_params();
  check_not_empty(X, cls(*this));
  if (t.requires_y) {
    if (Y.cols() == 0)
      throw InvalidInput(cls(*this) + " requires y to be passed, but the target y is None.");
    check_consistent_length(X.rows(), Y.rows());
    if (Y.cols() > 1 && !t.multi_output)
      throw InvalidInput(cls(*this) + " does not support several target columns; y has " +
                         std::to_string(Y.cols()) + ".");
  }
  check_finite(X, t.allow_nan, "X");
  if (t.requires_y) check_finite(Y, false, "y");
  if (opts.sample_weight.size() > 0) {
    if (!t.supports_sample_weight)
      throw NotSupported(cls(*this) + " does not support sample_weight.");
    check_sample_weight(opts.sample_weight, X.rows());
  }
  if (opts.cancel && opts.cancel->load()) throw Cancelled("fit was cancelled");
  // Unsupervised estimators ignore y, as scikit-learn's do.
  fit_impl(X, t.requires_y ? Y : MatrixView(no_target()), opts);
  // Only reached when fit_impl succeeded and committed its state.
  fitted_ = true;
  n_features_in_ = X.cols();
  n_targets_ = t.requires_y ? Y.cols() : 0;
  return *this;
}

Estimator& Estimator::partial_fit(MatrixView X, VectorView y, const FitOptions& opts,
                                  VectorView classes) {
  const Tags& t = tags();
  if (!t.has_partial_fit) throw NotSupported(cls(*this) + " has no partial_fit method.");
  param_table().validate(param_struct());
  validate_params();
  check_not_empty(X, cls(*this));
  check_consistent_length(X.rows(), y.size());
  if (fitted_ && X.cols() != n_features_in_)
    throw InvalidInput("X has " + std::to_string(X.cols()) + " features, but " + cls(*this) +
                       " is expecting " + std::to_string(n_features_in_) + " features as input.");
  check_finite(X, t.allow_nan, "X");
  check_finite(y, false, "y");
  check_finite(classes, false, "classes");
  if (opts.sample_weight.size() > 0) {
    if (!t.supports_sample_weight)
      throw NotSupported(cls(*this) + " does not support sample_weight.");
    check_sample_weight(opts.sample_weight, X.rows());
  }
  if (opts.cancel && opts.cancel->load()) throw Cancelled("fit was cancelled");
  partial_fit_impl(X, as_column(y), opts, classes);
  fitted_ = true;
  n_features_in_ = X.cols();
  n_targets_ = 1;
  return *this;
}

void Estimator::partial_fit_impl(MatrixView, MatrixView, const FitOptions&, VectorView) {
  throw NotSupported(cls(*this) + " has no partial_fit method.");
}

void Estimator::check_fitted() const {
  if (!fitted_)
    throw NotFitted("This " + cls(*this) +
                    " instance is not fitted yet. Call 'fit' with appropriate arguments before "
                    "using this estimator.");
}

Index Estimator::n_features_in() const {
  check_fitted();
  return n_features_in_;
}

Index Estimator::n_targets() const {
  check_fitted();
  return n_targets_;
}

void Estimator::check_predict_input(MatrixView X) const {
  check_fitted();
  if (X.cols() != n_features_in_)
    throw InvalidInput("X has " + std::to_string(X.cols()) + " features, but " + cls(*this) +
                       " is expecting " + std::to_string(n_features_in_) + " features as input.");
  check_not_empty(X, cls(*this));
  check_finite(X, tags().allow_nan, "X");
}

Vector Estimator::predict(MatrixView X) const {
  Matrix P = predict_multi(X);
  if (P.cols() != 1)
    throw InvalidInput(cls(*this) + " was fitted on " + std::to_string(P.cols()) +
                       " targets: use predict_multi.");
  return P.col(0);
}

Matrix Estimator::predict_multi(MatrixView X) const {
  check_predict_input(X);
  return predict_impl(X);
}

Matrix Estimator::predict_proba(MatrixView X) const {
  check_predict_input(X);
  return predict_proba_impl(X);
}

Matrix Estimator::decision_function(MatrixView X) const {
  check_predict_input(X);
  return decision_function_impl(X);
}

Matrix Estimator::transform(MatrixView X) const {
  check_predict_input(X);
  return transform_impl(X);
}

Matrix Estimator::inverse_transform(MatrixView X) const {
  check_fitted();
  check_not_empty(X, cls(*this));
  check_finite(X, tags().allow_nan, "X");
  return inverse_transform_impl(X);
}

Matrix Estimator::fit_transform(MatrixView X, const FitOptions& opts) {
  fit(X, opts);
  return transform(X);
}

Matrix Estimator::fit_transform(MatrixView X, VectorView y, const FitOptions& opts) {
  fit(X, y, opts);
  return transform(X);
}

Vector Estimator::fit_predict(MatrixView X, const FitOptions& opts) {
  fit(X, opts);
  return predict(X);
}

double Estimator::score(MatrixView X, VectorView y) const { return score(X, y, Vector()); }

double Estimator::score(MatrixView X, VectorView y, VectorView sample_weight) const {
  const Tags& t = tags();
  if (t.kind != Tags::Kind::Regressor && t.kind != Tags::Kind::Classifier)
    throw NotSupported(cls(*this) + " has no score method.");
  Vector pred = predict(X);
  check_consistent_length(X.rows(), y.size());
  return t.kind == Tags::Kind::Regressor ? metrics::r2_score(y, pred, sample_weight)
                                         : metrics::accuracy_score(y, pred, sample_weight);
}

ParamMap Estimator::own_params() const { return param_table().get(param_struct()); }

ParamMap Estimator::get_params() const {
  ParamMap params = own_params();
  for (const auto& [part, est] : parts())
    if (est)
      for (auto& [k, v] : est->get_params()) params.emplace(part + "__" + k, std::move(v));
  return params;
}

void Estimator::set_params(const ParamMap& params) {
  ParamMap own;
  std::map<std::string, ParamMap, std::less<>> nested;
  for (const auto& [key, value] : params) {
    const auto sep = key.find("__");
    if (sep == std::string::npos) {
      own.emplace(key, value);
    } else {
      nested[key.substr(0, sep)].emplace(key.substr(sep + 2), value);
    }
  }
  // Check everything before changing anything.
  std::vector<std::pair<Estimator*, const ParamMap*>> targets;
  for (const auto& [step, sub] : nested) {
    Estimator* e = nested_estimator(step);
    if (!e) param_table().throw_unknown(step);
    targets.emplace_back(e, &sub);
  }
  const ParamTable& table = param_table();
  for (const auto& [name, value] : own) {
    const ParamDef* d = table.find(name);
    if (!d) table.throw_unknown(name);
    table.check(*d, value);
  }
  for (auto& [e, sub] : targets) e->set_params(*sub);
  table.set(mutable_param_struct(), own);
}

Estimator* Estimator::nested_estimator(std::string_view step) {
  for (const auto& [part, est] : parts())
    if (part == step) return const_cast<Estimator*>(est);
  return nullptr;
}

nlohmann::json Estimator::components_to_json(bool) const { return nullptr; }

void Estimator::components_from_json(const nlohmann::json&) {
  throw ModelFormatError(cls(*this) + " is not a composite estimator; it has no components");
}

Matrix Estimator::predict_impl(MatrixView) const {
  throw NotSupported(cls(*this) + " has no predict method.");
}
Matrix Estimator::predict_proba_impl(MatrixView) const {
  throw NotSupported(cls(*this) + " has no predict_proba method.");
}
Matrix Estimator::decision_function_impl(MatrixView) const {
  throw NotSupported(cls(*this) + " has no decision_function method.");
}
Matrix Estimator::transform_impl(MatrixView) const {
  throw NotSupported(cls(*this) + " has no transform method.");
}
Matrix Estimator::inverse_transform_impl(MatrixView) const {
  throw NotSupported(cls(*this) + " has no inverse_transform method.");
}

nlohmann::json Estimator::state_to_json() const {
  check_fitted();
  nlohmann::json state = nlohmann::json::object();
  state["n_features_in_"] = n_features_in_;
  state["n_targets"] = n_targets_;
  save_state(state);
  return state;
}

void Estimator::state_from_json(const nlohmann::json& state) {
  if (!state.is_object()) throw ModelFormatError("model state must be an object");
  auto read_count = [&](const char* key, std::int64_t lo) {
    auto it = state.find(key);
    if (it == state.end()) throw ModelFormatError(std::string("model state lacks '") + key + "'");
    if (!it->is_number_integer())
      throw ModelFormatError(std::string("model state field '") + key + "' must be an integer");
    const auto v = it->get<std::int64_t>();
    if (v < lo || v > (std::int64_t{1} << 31))
      throw ModelFormatError(std::string("model state field '") + key +
                             "' is out of range: " + std::to_string(v));
    return static_cast<Index>(v);
  };
  const Index nf = read_count("n_features_in_", 1);
  const Index nt = read_count("n_targets", 0);
  if (tags().requires_y && nt < 1)
    throw ModelFormatError("model state field 'n_targets' must be at least 1 for " + cls(*this));
  if (!tags().requires_y && nt != 0)
    throw ModelFormatError("model state field 'n_targets' must be 0 for " + cls(*this));
  load_state(state, nf, nt);
  fitted_ = true;
  n_features_in_ = nf;
  n_targets_ = nt;
}

}  // namespace mlkit
