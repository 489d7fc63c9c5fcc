#include "mlkit/linear_model/elastic_net.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/core/validation.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/enet_fit.hpp"
#include "src/linear_model/detail/ridge_common.hpp"

namespace mlkit::linear_model {

namespace detail {

bool use_gram(const ParamValue& precompute, Index n_samples, Index n_features) {
  if (precompute.is_string()) return n_samples > n_features;  // 'auto'
  return precompute.as_bool();
}

CdSettings cd_settings(int max_iter, double tol, bool positive, const std::string& selection,
                       std::optional<int> random_state) {
  CdSettings s;
  s.max_iter = max_iter;
  s.tol = tol;
  s.positive = positive;
  s.random = selection == "random";
  // The seed is drawn only when it is used, so a cyclic fit never reads std::random_device.
  if (s.random) s.seed = resolve_seed(random_state);
  return s;
}

Vector rescaled_weights(const Vector& sample_weight, Index n) {
  if (sample_weight.size() == 0) return sample_weight;
  return sample_weight * (static_cast<double>(n) / sample_weight.sum());
}

const Tags& cd_tags(bool multi_output) {
  static const Tags tags[2] = {
      [] {
        Tags t;
        t.kind = Tags::Kind::Regressor;
        t.supports_sample_weight = true;
        t.has_predict = true;
        t.per_target_state = {"coef_", "intercept_", "dual_gap_", "n_iter_"};
        return t;
      }(),
      [] {
        Tags t;
        t.kind = Tags::Kind::Regressor;
        t.multi_output = true;
        t.supports_sample_weight = true;
        t.has_predict = true;
        t.per_target_state = {"coef_", "intercept_", "dual_gap_", "n_iter_"};
        return t;
      }()};
  return tags[multi_output ? 1 : 0];
}

CoordinateDescentModel::Fit fit_enet(MatrixView X, MatrixView Y, const Vector& sample_weight,
                                     const EnetConfig& c, const Matrix& warm,
                                     std::string_view owner) {
  const Index n = X.rows(), p = X.cols(), k = Y.cols();
  const Context ctx(std::nullopt);
  const Vector sw = rescaled_weights(sample_weight, n);
  const RidgeData d = ridge_data(X, Y, sw, c.fit_intercept);
  const bool gram = use_gram(c.precompute, n, p);
  const CdSettings s = cd_settings(c.max_iter, c.tol, c.positive, c.selection, c.random_state);
  CoordinateDescentModel::Fit f;
  f.coef = warm.size() ? warm : Matrix::Zero(k, p);
  f.dual_gap.resize(k);
  f.n_iter.resize(k);
  ctx.run([&] {
    ColMatrix Q;
    ColMatrix XtY;
    if (gram) {
      Q = gram_matrix(d.X);
      XtY = d.X.transpose() * d.Y;
    }
    // Targets are independent solves: the result does not depend on how they are scheduled.
    oneapi::tbb::parallel_for(Index{0}, k, [&](Index t) {
      const Vector y = d.Y.col(t);
      Vector q;
      EnetDesign design;
      if (gram) {
        q = XtY.col(t);
        design.Q = &Q;
        design.q = &q;
        design.yy = y.squaredNorm();
      } else {
        design.X = &d.X;
        design.y = &y;
      }
      CdSettings st = s;
      st.stream = static_cast<std::uint64_t>(t);
      // A one-penalty path: the basic strong rule (|x_jᵀ r| >= 2 l1 - l1_max at the start)
      // picks the first working set, so early epochs skip the features that stay at zero.
      const PathOutcome r = solve_path(design, Vector::Constant(1, c.alpha), c.l1_ratio,
                                       static_cast<double>(n), f.coef.row(t).transpose(), st, true);
      f.coef.row(t) = r.coefs.col(0).transpose();
      f.dual_gap[t] = r.gaps[0];
      f.n_iter[t] = r.n_iters[0];
    });
  });
  f.intercept = d.y_offset - f.coef * d.x_offset;
  if (!f.coef.allFinite() || !f.intercept.allFinite())
    throw InvalidInput(std::string(owner) +
                       ": coordinate descent iterations resulted in non-finite parameter "
                       "values. The input data may contain large values and need to be "
                       "preprocessed.");
  return f;
}

}  // namespace detail

// ------------------------------------------------------------------ CoordinateDescentModel

const Matrix& CoordinateDescentModel::coef() const {
  check_fitted();
  return fit_.coef;
}
const Vector& CoordinateDescentModel::intercept() const {
  check_fitted();
  return fit_.intercept;
}
const Vector& CoordinateDescentModel::dual_gap() const {
  check_fitted();
  return fit_.dual_gap;
}
const Vector& CoordinateDescentModel::n_iter() const {
  check_fitted();
  return fit_.n_iter;
}

Matrix CoordinateDescentModel::warm_coef(bool warm_start, Index n_targets, Index n_features) const {
  if (!warm_start || !fitted() || fit_.coef.rows() != n_targets || fit_.coef.cols() != n_features)
    return {};
  return fit_.coef;
}

Matrix CoordinateDescentModel::predict_impl(MatrixView X) const {
  Matrix out = X * fit_.coef.transpose();
  out.rowwise() += fit_.intercept.transpose();
  return out;
}

void CoordinateDescentModel::save_state(nlohmann::json& j) const {
  j["coef_"] = mlkit::detail::matrix_to_json(fit_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(fit_.intercept);
  if (joint_) {
    j["dual_gap_"] = mlkit::detail::number_to_json(fit_.dual_gap[0]);
    j["n_iter_"] = static_cast<std::int64_t>(fit_.n_iter[0]);
  } else {
    j["dual_gap_"] = mlkit::detail::vector_to_json(fit_.dual_gap);
    j["n_iter_"] = mlkit::detail::vector_to_json(fit_.n_iter);
  }
  save_extra(j);
}

void CoordinateDescentModel::load_state(const nlohmann::json& j, Index nf, Index nt) {
  using mlkit::detail::field;
  Fit f;
  f.coef = mlkit::detail::matrix_from_json(field(j, "coef_"), "coef_", nt, nf, false);
  f.intercept = mlkit::detail::vector_from_json(field(j, "intercept_"), "intercept_", nt, false);
  if (joint_) {
    f.dual_gap =
        Vector::Constant(1, mlkit::detail::finite_from_json(field(j, "dual_gap_"), "dual_gap_"));
    f.n_iter = Vector::Constant(1, static_cast<double>(mlkit::detail::integer_from_json(
                                       field(j, "n_iter_"), "n_iter_", 0, 1 << 30)));
  } else {
    f.dual_gap = mlkit::detail::vector_from_json(field(j, "dual_gap_"), "dual_gap_", nt, false);
    f.n_iter = mlkit::detail::vector_from_json(field(j, "n_iter_"), "n_iter_", nt, false);
    for (Index t = 0; t < nt; ++t)
      if (!(f.n_iter[t] >= 0.0) || f.n_iter[t] != std::floor(f.n_iter[t]))
        throw ModelFormatError("model field 'n_iter_' must hold counts");
  }
  load_extra(j, nf);  // may throw: nothing is assigned before it returns
  fit_ = std::move(f);
}

// ------------------------------------------------------------------ parameter tables

namespace {

// The parameters ElasticNet and Lasso share, in scikit-learn's order around l1_ratio.
template <class P>
mlkit::detail::ParamTableBuilder<P>& add_common(mlkit::detail::ParamTableBuilder<P>& b) {
  b.add("fit_intercept", &P::fit_intercept,
        "Whether to fit an intercept; if false the data are expected to be centred.")
      .add("precompute", &P::precompute,
           "Use the Gram matrix XᵀX: True, False, or 'auto' (when n_samples > n_features).",
           {ParamAlternative::boolean(), ParamAlternative::string({"auto"})});
  return b;
}

template <class P>
mlkit::detail::ParamTableBuilder<P>& add_tail(mlkit::detail::ParamTableBuilder<P>& b) {
  b.add("tol", &P::tol,
        "Stop when the duality gap is at most tol ||y||² after an epoch whose largest "
        "coefficient change is at most tol times the largest coefficient.",
        {ParamAlternative::real(0, HUGE_VAL, true, false)})
      .add("warm_start", &P::warm_start,
           "Start from the previous fit's coefficients when refitting the same shape.")
      .add("positive", &P::positive, "Constrain the coefficients to be >= 0.")
      .add("random_state", &P::random_state,
           "Seed of the random coordinate order (selection='random').",
           {ParamAlternative::integer(0, 4294967295.0)})
      .add("selection", &P::selection,
           "'cyclic' (features in order) or 'random' (a random feature at each step).",
           {ParamAlternative::string({"cyclic", "random"})});
  return b;
}

const ParamTable& enet_table() {
  using P = ElasticNetParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("ElasticNet");
    b.add("alpha", &P::alpha, "Constant multiplying the penalty terms (>= 0).",
          {ParamAlternative::real(0, HUGE_VAL, true, false)})
        .add("l1_ratio", &P::l1_ratio,
             "Mixing of the penalties: 1 is the lasso (L1), 0 ridge (L2).",
             {ParamAlternative::real(0, 1, true, true)});
    add_common(b);
    b.add("max_iter", &P::max_iter, "Maximum number of coordinate-descent epochs.",
          {ParamAlternative::integer(1)})
        .add("copy_X", &P::copy_X,
             "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.");
    add_tail(b);
    return b.build();
  }();
  return t;
}

const ParamTable& lasso_table() {
  using P = LassoParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("Lasso");
    b.add("alpha", &P::alpha, "Constant multiplying the L1 term (>= 0).",
          {ParamAlternative::real(0, HUGE_VAL, true, false)});
    add_common(b);
    b.add("copy_X", &P::copy_X,
          "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.")
        .add("max_iter", &P::max_iter, "Maximum number of coordinate-descent epochs.",
             {ParamAlternative::integer(1)});
    add_tail(b);
    return b.build();
  }();
  return t;
}

template <class P>
detail::EnetConfig config_of(const P& p, double l1_ratio) {
  detail::EnetConfig c;
  c.alpha = p.alpha;
  c.l1_ratio = l1_ratio;
  c.fit_intercept = p.fit_intercept;
  c.precompute = p.precompute;
  c.max_iter = p.max_iter;
  c.tol = p.tol;
  c.positive = p.positive;
  c.random_state = p.random_state;
  c.selection = p.selection;
  return c;
}

}  // namespace

// ------------------------------------------------------------------ ElasticNet

ElasticNet::ElasticNet(Params params) : CoordinateDescentModel(false), params_(std::move(params)) {}

std::unique_ptr<Estimator> ElasticNet::clone() const {
  return std::make_unique<ElasticNet>(params_);
}
const Tags& ElasticNet::tags() const { return detail::cd_tags(true); }
const ParamTable& ElasticNet::param_table() const { return enet_table(); }
void ElasticNet::validate_params() const {}

void ElasticNet::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Matrix warm = warm_coef(params_.warm_start, Y.cols(), X.cols());
  opts.checkpoint(0.0);
  Fit f = detail::fit_enet(X, Y, opts.sample_weight, config_of(params_, params_.l1_ratio), warm,
                           "ElasticNet");
  opts.checkpoint(1.0);
  fit_ = std::move(f);
}

// ------------------------------------------------------------------ Lasso

Lasso::Lasso(Params params) : CoordinateDescentModel(false), params_(std::move(params)) {}

std::unique_ptr<Estimator> Lasso::clone() const { return std::make_unique<Lasso>(params_); }
const Tags& Lasso::tags() const { return detail::cd_tags(true); }
const ParamTable& Lasso::param_table() const { return lasso_table(); }

void Lasso::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Matrix warm = warm_coef(params_.warm_start, Y.cols(), X.cols());
  opts.checkpoint(0.0);
  Fit f = detail::fit_enet(X, Y, opts.sample_weight, config_of(params_, 1.0), warm, "Lasso");
  opts.checkpoint(1.0);
  fit_ = std::move(f);
}

// ------------------------------------------------------------------ paths

EnetPathResult enet_path(MatrixView X, VectorView y, const EnetPathParams& p) {
  const Index n = X.rows(), m = X.cols();
  if (n < 1 || m < 1) throw InvalidInput("enet_path: X must have at least one row and column");
  if (y.size() != n)
    throw InvalidInput("enet_path: y has " + std::to_string(y.size()) + " values for " +
                       std::to_string(n) + " rows of X");
  check_finite(X, false, "X");
  check_finite(y, false, "y");
  if (!(p.l1_ratio >= 0 && p.l1_ratio <= 1))
    throw InvalidParameter("enet_path: l1_ratio must be in [0, 1]. Got " +
                           std::to_string(p.l1_ratio) + " instead.");
  if (!(p.eps > 0)) throw InvalidParameter("enet_path: eps must be > 0.");
  if (p.max_iter < 1) throw InvalidParameter("enet_path: max_iter must be >= 1.");
  if (!(p.tol >= 0)) throw InvalidParameter("enet_path: tol must be >= 0.");
  if (p.selection != "cyclic" && p.selection != "random")
    throw InvalidParameter("enet_path: selection should be either random or cyclic.");
  if (p.coef_init.size() != 0 && p.coef_init.size() != m)
    throw InvalidInput("enet_path: coef_init must have one value per feature");
  const Context ctx(std::nullopt);
  const Vector yc = y;
  const bool gram = p.precompute ? *p.precompute : n > m;
  // The dense form walks columns; the Gram form needs only columns of XᵀX, and Xᵀy, read from X
  // as it is.
  detail::ColMatrix Xc;
  if (!gram) Xc = X;
  EnetPathResult out;
  ctx.run([&] {
    std::optional<detail::LazyGram> Q;
    Vector q;
    detail::EnetDesign d;
    if (gram) {
      Q.emplace(X);
      q = X.transpose() * yc;
      d.lazy_Q = &*Q;
      d.q = &q;
      d.yy = yc.squaredNorm();
    } else {
      d.X = &Xc;
      d.y = &yc;
    }
    if (p.alphas.empty()) {
      if (p.n_alphas < 1) throw InvalidParameter("enet_path: n_alphas must be >= 1.");
      if (p.l1_ratio == 0)
        throw InvalidParameter(
            "Automatic alpha grid generation is not supported for l1_ratio=0. Please supply "
            "a grid by providing your estimator with the appropriate `alphas=` argument.");
      const detail::ColMatrix xty =
          gram ? detail::ColMatrix(q) : detail::ColMatrix(Xc.transpose() * yc);
      out.alphas = detail::alpha_grid(xty, static_cast<double>(n), p.l1_ratio, p.eps, p.n_alphas,
                                      p.positive);
    } else {
      std::vector<double> a = p.alphas;
      for (double v : a)
        if (!(v >= 0) || !std::isfinite(v))
          throw InvalidParameter("enet_path: alphas must be finite and >= 0.");
      if (a.size() > 1) std::sort(a.begin(), a.end(), std::greater<>());
      out.alphas = Eigen::Map<const Vector>(a.data(), static_cast<Index>(a.size()));
    }
    detail::CdSettings s = detail::cd_settings(
        p.max_iter, p.tol, p.positive, p.selection,
        p.random_state ? std::optional<int>(static_cast<int>(*p.random_state)) : std::nullopt);
    s.screening = p.screening;
    const Vector w0 = p.coef_init.size() ? Vector(p.coef_init) : Vector(Vector::Zero(m));
    detail::PathOutcome r =
        detail::solve_path(d, out.alphas, p.l1_ratio, static_cast<double>(n), w0, s, p.screening);
    out.coefs = r.coefs;
    out.dual_gaps = r.gaps;
    out.n_iters = r.n_iters;
  });
  return out;
}

EnetPathResult lasso_path(MatrixView X, VectorView y, EnetPathParams params) {
  params.l1_ratio = 1.0;
  return enet_path(X, y, params);
}

}  // namespace mlkit::linear_model
