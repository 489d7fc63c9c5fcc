#include "mlkit/linear_model/multi_task_elastic_net.hpp"

#include <cmath>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/enet_fit.hpp"
#include "src/linear_model/detail/ridge_common.hpp"

namespace mlkit::linear_model {

namespace {

template <class P>
void add_tail(mlkit::detail::ParamTableBuilder<P>& b) {
  b.add("fit_intercept", &P::fit_intercept,
        "Whether to fit an intercept; if false the data are expected to be centred.")
      .add("copy_X", &P::copy_X,
           "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.")
      .add("max_iter", &P::max_iter, "Maximum number of coordinate-descent epochs.",
           {ParamAlternative::integer(1)})
      .add("tol", &P::tol,
           "Stop when the duality gap is at most tol ||Y||²_F after an epoch whose largest "
           "coefficient change is at most tol times the largest coefficient.",
           {ParamAlternative::real(0, HUGE_VAL, true, false)})
      .add("warm_start", &P::warm_start,
           "Start from the previous fit's coefficients when refitting the same shape.")
      .add("random_state", &P::random_state,
           "Seed of the random coordinate order (selection='random').",
           {ParamAlternative::integer(0, 4294967295.0)})
      .add("selection", &P::selection,
           "'cyclic' (features in order) or 'random' (a random feature at each step).",
           {ParamAlternative::string({"cyclic", "random"})});
}

const ParamTable& mten_table() {
  using P = MultiTaskElasticNetParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("MultiTaskElasticNet");
    b.add("alpha", &P::alpha, "Constant multiplying the penalty terms (>= 0).",
          {ParamAlternative::real(0, HUGE_VAL, true, false)})
        .add("l1_ratio", &P::l1_ratio,
             "Mixing of the penalties: 1 is the L1/L2 mixed norm only, 0 ridge (L2).",
             {ParamAlternative::real(0, 1, true, true)});
    add_tail(b);
    return b.build();
  }();
  return t;
}

const ParamTable& mtl_table() {
  using P = MultiTaskLassoParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("MultiTaskLasso");
    b.add("alpha", &P::alpha, "Constant multiplying the L1/L2 term (>= 0).",
          {ParamAlternative::real(0, HUGE_VAL, true, false)});
    add_tail(b);
    return b.build();
  }();
  return t;
}

const Tags& multi_task_tags() {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Regressor;
    t.multi_output = true;
    t.supports_sample_weight = true;
    t.has_predict = true;
    t.per_target_state = {"coef_", "intercept_"};
    return t;
  }();
  return t;
}

// scikit-learn's MultiTaskElasticNet.fit: weights rescaled to sum to n, the data centred and
// scaled by sqrt(weight), one block coordinate-descent solve for all tasks.
CoordinateDescentModel::Fit fit_multi_task(MatrixView X, MatrixView Y, const FitOptions& opts,
                                           double alpha, double l1_ratio, bool fit_intercept,
                                           int max_iter, double tol,
                                           std::optional<int> random_state,
                                           const std::string& selection, const Matrix& warm) {
  const Index n = X.rows(), p = X.cols(), k = Y.cols();
  const Context ctx(std::nullopt);
  const Vector sw = detail::rescaled_weights(opts.sample_weight, n);
  const detail::RidgeData d = detail::ridge_data(X, Y, sw, fit_intercept);
  const detail::CdSettings s = detail::cd_settings(max_iter, tol, false, selection, random_state);
  detail::ColMatrix W = warm.size() ? detail::ColMatrix(warm) : detail::ColMatrix::Zero(k, p);
  const double nd = static_cast<double>(n);
  const detail::CdOutcome r =
      detail::multi_task_cd(d.X, d.Y, W, alpha * l1_ratio * nd, alpha * (1 - l1_ratio) * nd, s);
  CoordinateDescentModel::Fit f;
  f.coef = W;
  f.intercept = d.y_offset - f.coef * d.x_offset;
  f.dual_gap = Vector::Constant(1, r.gap / nd);
  f.n_iter = Vector::Constant(1, r.n_iter);
  if (!f.coef.allFinite() || !f.intercept.allFinite())
    throw InvalidInput(
        "Coordinate descent iterations resulted in non-finite parameter values. The input "
        "data may contain large values and need to be preprocessed.");
  return f;
}

}  // namespace

MultiTaskElasticNet::MultiTaskElasticNet(Params params)
    : CoordinateDescentModel(true), params_(std::move(params)) {}
std::unique_ptr<Estimator> MultiTaskElasticNet::clone() const {
  return std::make_unique<MultiTaskElasticNet>(params_);
}
const Tags& MultiTaskElasticNet::tags() const { return multi_task_tags(); }
const ParamTable& MultiTaskElasticNet::param_table() const { return mten_table(); }

void MultiTaskElasticNet::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const auto& p = params_;
  const Matrix warm = warm_coef(p.warm_start, Y.cols(), X.cols());
  opts.checkpoint(0.0);
  Fit f = fit_multi_task(X, Y, opts, p.alpha, p.l1_ratio, p.fit_intercept, p.max_iter, p.tol,
                         p.random_state, p.selection, warm);
  opts.checkpoint(1.0);
  fit_ = std::move(f);
}

MultiTaskLasso::MultiTaskLasso(Params params)
    : CoordinateDescentModel(true), params_(std::move(params)) {}
std::unique_ptr<Estimator> MultiTaskLasso::clone() const {
  return std::make_unique<MultiTaskLasso>(params_);
}
const Tags& MultiTaskLasso::tags() const { return multi_task_tags(); }
const ParamTable& MultiTaskLasso::param_table() const { return mtl_table(); }

void MultiTaskLasso::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const auto& p = params_;
  const Matrix warm = warm_coef(p.warm_start, Y.cols(), X.cols());
  opts.checkpoint(0.0);
  Fit f = fit_multi_task(X, Y, opts, p.alpha, 1.0, p.fit_intercept, p.max_iter, p.tol,
                         p.random_state, p.selection, warm);
  opts.checkpoint(1.0);
  fit_ = std::move(f);
}

}  // namespace mlkit::linear_model
