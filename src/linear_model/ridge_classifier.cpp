#include "mlkit/linear_model/ridge_classifier.hpp"

#include <cmath>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/classes.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/linear_predict.hpp"
#include "src/linear_model/detail/ridge_common.hpp"

namespace mlkit::linear_model {

namespace {

const ParamTable& table() {
  using P = RidgeClassifierParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("RidgeClassifier")
          .add("alpha", &P::alpha, "Strength of the L2 penalty.",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("fit_intercept", &P::fit_intercept,
               "Whether to fit an intercept; if false the data are expected to be centred.")
          .add("copy_X", &P::copy_X,
               "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.")
          .add("max_iter", &P::max_iter,
               "Maximum iterations of the sparse_cg and lsqr solvers (and of positive=True's "
               "active-set "
               "method); None for the solver's default.",
               {ParamAlternative::integer(1)})
          .add("tol", &P::tol,
               "sparse_cg stops when the residual norm is at most tol times the right-hand "
               "side's; lsqr uses it as both its atol and btol; unused by the direct solvers.",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("class_weight", &P::class_weight,
               "Weights of the classes: None (all 1), 'balanced' (n_samples / (n_classes * "
               "class count)) or a dict {label: weight} (others 1).",
               {ParamAlternative::string({"balanced"}), ParamAlternative::real_dict()})
          .add("solver", &P::solver,
               "'auto' (= 'cholesky'), 'cholesky', 'svd', 'sparse_cg' or 'lsqr', as Ridge's.",
               {ParamAlternative::string({"auto", "svd", "cholesky", "sparse_cg", "lsqr"})})
          .add("positive", &P::positive,
               "Constrain the coefficients to be >= 0 (needs solver='auto').")
          .add("random_state", &P::random_state,
               "Kept for scikit-learn compatibility; no solver of mlkit's is random.",
               {ParamAlternative::integer(0, 4294967295.0)})
          .build();
  return t;
}

const Tags& classifier_tags() {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Classifier;
    t.supports_sample_weight = true;
    t.has_predict = true;
    t.has_decision_function = true;
    return t;
  }();
  return t;
}

}  // namespace

RidgeClassifier::RidgeClassifier(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> RidgeClassifier::clone() const {
  return std::make_unique<RidgeClassifier>(params_);
}

const Tags& RidgeClassifier::tags() const { return classifier_tags(); }

const ParamTable& RidgeClassifier::param_table() const { return table(); }

void RidgeClassifier::validate_params() const {
  if (params_.positive && params_.solver != "auto")
    throw InvalidParameter(
        "When positive=True, only the 'auto' solver can be used (mlkit solves the positive "
        "problem by non-negative least squares). Got solver='" +
        params_.solver + "'.");
}

const Matrix& RidgeClassifier::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& RidgeClassifier::intercept() const {
  check_fitted();
  return state_.intercept;
}
const Vector& RidgeClassifier::classes() const {
  check_fitted();
  return state_.classes;
}

void RidgeClassifier::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const mlkit::detail::ClassEncoding enc = mlkit::detail::encode_classes(Y.col(0));
  mlkit::detail::require_two_classes(enc);
  const Index k = enc.n_classes(), n = X.rows();
  // scikit-learn's LabelBinarizer(pos_label=1, neg_label=-1).
  const Index cols = k == 2 ? 1 : k;
  Matrix T = Matrix::Constant(n, cols, -1.0);
  for (Index i = 0; i < n; ++i) {
    const Index c = enc.codes[static_cast<std::size_t>(i)];
    if (k == 2) {
      if (c == 1) T(i, 0) = 1.0;
    } else {
      T(i, c) = 1.0;
    }
  }
  // scikit-learn balances by the labels alone (compute_sample_weight), not the sample weights.
  const Vector cw = mlkit::detail::class_weights(params_.class_weight, enc, Vector());
  const Vector sw = params_.class_weight.is_none()
                        ? opts.sample_weight
                        : mlkit::detail::weighted_samples(enc, cw, opts.sample_weight);
  RidgeParams rp;
  rp.alpha = params_.alpha;
  rp.fit_intercept = params_.fit_intercept;
  rp.max_iter = params_.max_iter;
  rp.tol = params_.tol;
  rp.solver = params_.solver;
  rp.positive = params_.positive;
  opts.checkpoint(0.0);
  detail::RidgeSolution sol =
      detail::solve_ridge(X, T, sw, rp, Vector::Constant(cols, params_.alpha));
  State s{std::move(sol.coef), std::move(sol.intercept), enc.classes, std::move(sol.solver),
          std::move(sol.n_iter)};
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix RidgeClassifier::decision_function_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
}

Matrix RidgeClassifier::predict_impl(MatrixView X) const {
  return detail::labels_from_decision(decision_function_impl(X), state_.classes);
}

void RidgeClassifier::save_state(nlohmann::json& j) const {
  mlkit::detail::save_classes(j, state_.classes);
  // Two classes: one row, written as a vector, as scikit-learn's 1-D coef_.
  j["coef_"] = state_.coef.rows() == 1 ? mlkit::detail::vector_to_json(state_.coef.row(0))
                                       : mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["solver_"] = state_.solver;
  j["n_iter_"] = mlkit::detail::vector_to_json(state_.n_iter);
}

void RidgeClassifier::load_state(const nlohmann::json& j, Index nf, Index nt) {
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for RidgeClassifier");
  State s;
  s.classes = mlkit::detail::load_classes(j);
  const Index rows = s.classes.size() == 2 ? 1 : s.classes.size();
  if (rows == 1)
    s.coef = mlkit::detail::vector_from_json(mlkit::detail::field(j, "coef_"), "coef_", nf, false)
                 .transpose();
  else
    s.coef =
        mlkit::detail::matrix_from_json(mlkit::detail::field(j, "coef_"), "coef_", rows, nf, false);
  s.intercept = mlkit::detail::vector_from_json(mlkit::detail::field(j, "intercept_"), "intercept_",
                                                rows, false);
  detail::load_solver_state(j, rows, s.solver, s.n_iter);
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
