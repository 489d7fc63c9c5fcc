#include "mlkit/linear_model/elastic_net_cv.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/model_selection/split.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/enet_fit.hpp"
#include "src/linear_model/detail/ridge_common.hpp"

namespace mlkit::linear_model {

namespace {

using detail::ColMatrix;

std::vector<double> number_list(const ParamValue& v) {
  std::vector<double> out;
  if (v.is_list())
    for (const auto& a : v.as_list()) out.push_back(a.as_double());
  else
    out.push_back(v.as_double());
  return out;
}

// Everything LassoCV and ElasticNetCV share.
struct CvConfig {
  std::vector<double> l1_ratios;
  double eps = 1e-3;
  ParamValue alphas;
  bool fit_intercept = true;
  ParamValue precompute;
  int max_iter = 1000;
  double tol = 1e-4;
  std::optional<int> cv;
  std::optional<int> n_jobs;
  bool positive = false;
  std::optional<int> random_state;
  std::string selection;
};

Matrix rows_of(MatrixView X, const std::vector<Index>& idx) {
  Matrix out(static_cast<Index>(idx.size()), X.cols());
  for (std::size_t i = 0; i < idx.size(); ++i) out.row(static_cast<Index>(i)) = X.row(idx[i]);
  return out;
}

Vector entries_of(const Vector& v, const std::vector<Index>& idx) {
  if (v.size() == 0) return v;
  Vector out(static_cast<Index>(idx.size()));
  for (std::size_t i = 0; i < idx.size(); ++i) out[static_cast<Index>(i)] = v[idx[i]];
  return out;
}

// Mean squared test error of every alpha of one path on one fold (scikit-learn's
// _path_residuals): the training weights rescaled to sum to the training size, the data
// centred and scaled as ElasticNet.fit does, the path warm-started from zero.
Vector path_mse(MatrixView X, const Vector& y, const Vector& sw, const model_selection::Split& s,
                const Vector& alphas, double l1_ratio, const CvConfig& c,
                const detail::CdSettings& settings) {
  const Matrix X_train = rows_of(X, s.train);
  const Vector y_train = entries_of(y, s.train);
  const Index n = X_train.rows(), p = X.cols();
  const Vector sw_train = detail::rescaled_weights(entries_of(sw, s.train), n);
  const detail::RidgeData d = detail::ridge_data(X_train, y_train, sw_train, c.fit_intercept);
  const Vector yc = d.Y.col(0);
  ColMatrix Q;
  Vector q;
  detail::EnetDesign design;
  if (detail::use_gram(c.precompute, n, p)) {
    Q = detail::gram_matrix(d.X);
    q = d.X.transpose() * yc;
    design.Q = &Q;
    design.q = &q;
    design.yy = yc.squaredNorm();
  } else {
    design.X = &d.X;
    design.y = &yc;
  }
  const detail::PathOutcome path = detail::solve_path(
      design, alphas, l1_ratio, static_cast<double>(n), Vector::Zero(p), settings, true);
  const Matrix X_test = rows_of(X, s.test);
  const Vector y_test = entries_of(y, s.test);
  const Vector sw_test = entries_of(sw, s.test);
  // Predictions for every alpha: X_test coefs + (y_offset - x_offsetᵀ coefs).
  const Vector intercepts =
      (Vector::Constant(alphas.size(), d.y_offset[0]) - path.coefs.transpose() * d.x_offset);
  Eigen::MatrixXd resid = X_test * path.coefs;
  resid.rowwise() += intercepts.transpose();
  resid.colwise() -= y_test;
  Vector mse(alphas.size());
  for (Index a = 0; a < alphas.size(); ++a) {
    if (sw_test.size())
      mse[a] = sw_test.dot(resid.col(a).array().square().matrix()) / sw_test.sum();
    else
      mse[a] = resid.col(a).squaredNorm() / static_cast<double>(resid.rows());
  }
  return mse;
}

// scikit-learn's LinearModelCV.fit for one target.
CrossValidatedCoordinateDescent::CvState cross_validate(MatrixView X, const Vector& y,
                                                        const Vector& sw, const CvConfig& c,
                                                        std::string_view owner) {
  const Index n = X.rows();
  const auto n_l1 = static_cast<Index>(c.l1_ratios.size());
  CrossValidatedCoordinateDescent::CvState st;
  st.alphas_given = c.alphas.is_list();
  // The penalties of each l1_ratio: a grid from all the data, or the given list sorted.
  if (st.alphas_given) {
    std::vector<double> a = number_list(c.alphas);
    std::sort(a.begin(), a.end(), std::greater<>());
    st.alphas.resize(n_l1, static_cast<Index>(a.size()));
    for (Index r = 0; r < n_l1; ++r)
      for (Index i = 0; i < st.alphas.cols(); ++i) st.alphas(r, i) = a[static_cast<std::size_t>(i)];
  } else {
    const Index n_alphas = static_cast<Index>(c.alphas.as_int());
    // Xᵀy of the centred data weighted by the caller's weights (not rescaled), over their sum.
    const detail::RidgeData d = detail::ridge_data(X, y, sw, c.fit_intercept);
    const ColMatrix xty = d.X.transpose() * d.Y;
    const double total = sw.size() ? sw.sum() : static_cast<double>(n);
    st.alphas.resize(n_l1, n_alphas);
    for (Index r = 0; r < n_l1; ++r) {
      const double l1 = c.l1_ratios[static_cast<std::size_t>(r)];
      if (l1 == 0)
        throw InvalidParameter(
            "Automatic alpha grid generation is not supported for l1_ratio=0. Please supply "
            "a grid by providing your estimator with the appropriate `alphas=` argument.");
      st.alphas.row(r) =
          detail::alpha_grid(xty, total, l1, c.eps, n_alphas, c.positive).transpose();
    }
  }
  const Index n_folds = c.cv.value_or(5);
  if (n_folds > n)
    throw InvalidInput("Cannot have number of splits n_splits=" + std::to_string(n_folds) +
                       " greater than the number of samples: n_samples=" + std::to_string(n) + ".");
  const auto folds = model_selection::KFold(n_folds).split(n);
  const Index n_alphas = st.alphas.cols();
  st.n_folds = n_folds;
  st.mse_path.resize(n_l1 * n_alphas * n_folds);
  detail::CdSettings s =
      detail::cd_settings(c.max_iter, c.tol, c.positive, c.selection, c.random_state);
  const Context ctx(c.n_jobs);
  ctx.run([&] {
    // One job per (l1_ratio, fold); each writes only its own entries of mse_path.
    oneapi::tbb::parallel_for(Index{0}, n_l1 * n_folds, [&](Index job) {
      const Index r = job / n_folds, f = job % n_folds;
      detail::CdSettings sj = s;
      sj.stream = static_cast<std::uint64_t>(job * n_alphas);
      const Vector mse =
          path_mse(X, y, sw, folds[static_cast<std::size_t>(f)], st.alphas.row(r).transpose(),
                   c.l1_ratios[static_cast<std::size_t>(r)], c, sj);
      for (Index a = 0; a < n_alphas; ++a) st.mse_path[(r * n_alphas + a) * n_folds + f] = mse[a];
    });
  });
  double best = std::numeric_limits<double>::infinity();
  for (Index r = 0; r < n_l1; ++r) {
    Index i_best = 0;
    double m_best = std::numeric_limits<double>::infinity();
    for (Index a = 0; a < n_alphas; ++a) {
      double m = 0;
      for (Index f = 0; f < n_folds; ++f) m += st.mse_path[(r * n_alphas + a) * n_folds + f];
      m /= static_cast<double>(n_folds);
      if (m < m_best) m_best = m, i_best = a;  // np.argmin: the first minimum
    }
    if (m_best < best) {
      best = m_best;
      st.alpha = st.alphas(r, i_best);
      st.l1_ratio = c.l1_ratios[static_cast<std::size_t>(r)];
    }
  }
  if (!std::isfinite(best))
    throw InvalidInput(std::string(owner) + ": the cross-validated errors are not finite");
  return st;
}

void check_cv_params(const ParamValue& alphas, const std::vector<double>& l1_ratios,
                     const std::string& owner) {
  if (alphas.is_list()) {
    if (alphas.as_list().empty())
      throw InvalidParameter("The 'alphas' parameter of " + owner + " must not be empty.");
    for (double a : number_list(alphas))
      if (!(a >= 0) || !std::isfinite(a))
        throw InvalidParameter("The 'alphas' parameter of " + owner +
                               " must hold floats in the range [0.0, inf). Got " + alphas.repr() +
                               " instead.");
  }
  if (l1_ratios.empty())
    throw InvalidParameter("The 'l1_ratio' parameter of " + owner + " must not be empty.");
  for (double r : l1_ratios)
    if (!(r >= 0 && r <= 1))
      throw InvalidParameter("The 'l1_ratio' parameter of " + owner +
                             " must hold floats in the range [0.0, 1.0].");
}

template <class P>
CvConfig config_of(const P& p, std::vector<double> l1_ratios) {
  CvConfig c;
  c.l1_ratios = std::move(l1_ratios);
  c.eps = p.eps;
  c.alphas = p.alphas;
  c.fit_intercept = p.fit_intercept;
  c.precompute = p.precompute;
  c.max_iter = p.max_iter;
  c.tol = p.tol;
  c.cv = p.cv;
  c.n_jobs = p.n_jobs;
  c.positive = p.positive;
  c.random_state = p.random_state;
  c.selection = p.selection;
  return c;
}

// Cross-validate, then refit ElasticNet at the chosen (alpha, l1_ratio) on all the data, with
// precompute 'auto' turned into False as scikit-learn does.
std::pair<CoordinateDescentModel::Fit, CrossValidatedCoordinateDescent::CvState> fit_cv(
    MatrixView X, MatrixView Y, const FitOptions& opts, const CvConfig& c, std::string_view owner) {
  const Vector y = Y.col(0);
  auto st = cross_validate(X, y, opts.sample_weight, c, owner);
  opts.checkpoint(0.9);
  detail::EnetConfig e;
  e.alpha = st.alpha;
  e.l1_ratio = st.l1_ratio;
  e.fit_intercept = c.fit_intercept;
  e.precompute = c.precompute.is_string() ? ParamValue(false) : c.precompute;
  e.max_iter = c.max_iter;
  e.tol = c.tol;
  e.positive = c.positive;
  e.random_state = c.random_state;
  e.selection = c.selection;
  auto f = detail::fit_enet(X, Y, opts.sample_weight, e, Matrix(), owner);
  return {std::move(f), std::move(st)};
}

// Parameters both classes declare, in scikit-learn's order.
template <class P>
void add_path_params(mlkit::detail::ParamTableBuilder<P>& b) {
  b.add("eps", &P::eps, "Length of the generated path: alpha_min / alpha_max.",
        {ParamAlternative::real(0, HUGE_VAL, false, false)})
      .add("alphas", &P::alphas,
           "Number of penalties on the generated path (an int >= 1), or a list of penalties.",
           {ParamAlternative::integer(1), ParamAlternative::real_list()})
      .add("fit_intercept", &P::fit_intercept,
           "Whether to fit an intercept; if false the data are expected to be centred.")
      .add("precompute", &P::precompute,
           "Use the Gram matrix XᵀX: True, False, or 'auto' (when n_samples > n_features; the "
           "final refit then runs without it).",
           {ParamAlternative::boolean(), ParamAlternative::string({"auto"})})
      .add("max_iter", &P::max_iter, "Maximum number of coordinate-descent epochs per solve.",
           {ParamAlternative::integer(1)})
      .add("tol", &P::tol,
           "Stop each solve when the duality gap is at most tol ||y||² (scikit-learn's rule).",
           {ParamAlternative::real(0, HUGE_VAL, true, false)});
}

template <class P>
void add_run_params(mlkit::detail::ParamTableBuilder<P>& b) {
  b.add("verbose", &P::verbose, "Kept for scikit-learn compatibility; mlkit prints nothing.",
        {ParamAlternative::boolean(), ParamAlternative::integer(0)})
      .add("n_jobs", &P::n_jobs,
           "Threads for the folds (and l1_ratios): None for the process default, -1 for all "
           "cores.")
      .add("positive", &P::positive, "Constrain the coefficients to be >= 0.")
      .add("random_state", &P::random_state,
           "Seed of the random coordinate order (selection='random').",
           {ParamAlternative::integer(0, 4294967295.0)})
      .add("selection", &P::selection,
           "'cyclic' (features in order) or 'random' (a random feature at each step).",
           {ParamAlternative::string({"cyclic", "random"})});
}

const ParamTable& lasso_cv_table() {
  using P = LassoCVParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("LassoCV");
    add_path_params(b);
    b.add("copy_X", &P::copy_X,
          "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.")
        .add("cv", &P::cv, "Number of folds of KFold (consecutive, unshuffled); None for 5.",
             {ParamAlternative::integer(2)});
    add_run_params(b);
    return b.build();
  }();
  return t;
}

const ParamTable& enet_cv_table() {
  using P = ElasticNetCVParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("ElasticNetCV");
    b.add("l1_ratio", &P::l1_ratio,
          "Mixing of the penalties (1 is the lasso), or a list of values to cross-validate.",
          {ParamAlternative::real(0, 1, true, true), ParamAlternative::real_list()});
    add_path_params(b);
    b.add("cv", &P::cv, "Number of folds of KFold (consecutive, unshuffled); None for 5.",
          {ParamAlternative::integer(2)})
        .add("copy_X", &P::copy_X,
             "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.");
    add_run_params(b);
    return b.build();
  }();
  return t;
}

}  // namespace

// ------------------------------------------------------------------ shared state

double CrossValidatedCoordinateDescent::alpha() const {
  check_fitted();
  return cv_.alpha;
}
double CrossValidatedCoordinateDescent::l1_ratio() const {
  check_fitted();
  return cv_.l1_ratio;
}
const Matrix& CrossValidatedCoordinateDescent::alphas() const {
  check_fitted();
  return cv_.alphas;
}
const Vector& CrossValidatedCoordinateDescent::mse_path() const {
  check_fitted();
  return cv_.mse_path;
}
Index CrossValidatedCoordinateDescent::n_folds() const {
  check_fitted();
  return cv_.n_folds;
}

void CrossValidatedCoordinateDescent::save_extra(nlohmann::json& j) const {
  using mlkit::detail::number_to_json;
  j["alpha_"] = number_to_json(cv_.alpha);
  if (has_l1_ratio_) j["l1_ratio_"] = number_to_json(cv_.l1_ratio);
  // alphas_ and mse_path_ with scikit-learn's shapes: unit dimensions dropped.
  const Index n_l1 = cv_.alphas.rows(), n_alphas = cv_.alphas.cols();
  if (n_l1 == 1 || cv_.alphas_given)
    j["alphas_"] = mlkit::detail::vector_to_json(cv_.alphas.row(0).transpose());
  else
    j["alphas_"] = mlkit::detail::matrix_to_json(cv_.alphas);
  nlohmann::json shape = nlohmann::json::array();
  for (Index d : {n_l1, n_alphas, cv_.n_folds})
    if (d != 1) shape.push_back(d);
  nlohmann::json data = nlohmann::json::array();
  for (Index i = 0; i < cv_.mse_path.size(); ++i) data.push_back(number_to_json(cv_.mse_path[i]));
  j["mse_path_"] = {{"shape", shape}, {"data", data}};
  j["_n_l1_ratios"] = n_l1;
  j["_alphas_given"] = cv_.alphas_given;
}

void CrossValidatedCoordinateDescent::load_extra(const nlohmann::json& j, Index) {
  using mlkit::detail::field;
  CvState s;
  s.has_l1_ratio = has_l1_ratio_;
  s.alpha = mlkit::detail::finite_from_json(field(j, "alpha_"), "alpha_", 0.0);
  s.l1_ratio = has_l1_ratio_
                   ? mlkit::detail::finite_from_json(field(j, "l1_ratio_"), "l1_ratio_", 0.0, 1.0)
                   : 1.0;
  const Index n_l1 =
      mlkit::detail::integer_from_json(field(j, "_n_l1_ratios"), "_n_l1_ratios", 1, 1 << 20);
  s.alphas_given = mlkit::detail::bool_from_json(field(j, "_alphas_given"), "_alphas_given");
  if (!has_l1_ratio_ && n_l1 != 1) throw ModelFormatError("model field '_n_l1_ratios' must be 1");
  if (n_l1 == 1 || s.alphas_given) {
    const Vector a = mlkit::detail::vector_from_json(field(j, "alphas_"), "alphas_", -1, false);
    s.alphas = a.transpose().replicate(n_l1, 1);
  } else {
    s.alphas = mlkit::detail::matrix_from_json(field(j, "alphas_"), "alphas_", n_l1, -1, false);
  }
  if (s.alphas.cols() < 1) throw ModelFormatError("model field 'alphas_' must not be empty");
  const auto& mse = field(j, "mse_path_");
  if (!mse.is_object() || !mse.contains("data") || !mse.contains("shape") ||
      !mse.at("data").is_array() || !mse.at("shape").is_array())
    throw ModelFormatError("model field 'mse_path_' must have a shape and data");
  const Vector data = mlkit::detail::vector_from_json(mse.at("data"), "mse_path_", -1, false);
  Index product = 1;
  for (const auto& d : mse.at("shape")) {
    if (!d.is_number_integer() || d.get<std::int64_t>() < 2)
      throw ModelFormatError("model field 'mse_path_' has a bad shape");
    product *= d.get<Index>();
  }
  const Index per_fold = n_l1 * s.alphas.cols();
  if (product != data.size() || data.size() % per_fold != 0 || data.size() / per_fold < 2)
    throw ModelFormatError("model field 'mse_path_' does not match alphas_");
  s.n_folds = data.size() / per_fold;
  s.mse_path = data;
  for (Index i = 0; i < s.alphas.size(); ++i)
    if (!(s.alphas.data()[i] >= 0)) throw ModelFormatError("model field 'alphas_' must be >= 0");
  cv_ = std::move(s);
}

// ------------------------------------------------------------------ LassoCV

LassoCV::LassoCV(Params params)
    : CrossValidatedCoordinateDescent(false), params_(std::move(params)) {}
std::unique_ptr<Estimator> LassoCV::clone() const { return std::make_unique<LassoCV>(params_); }
const Tags& LassoCV::tags() const { return detail::cd_tags(false); }
const ParamTable& LassoCV::param_table() const { return lasso_cv_table(); }
void LassoCV::validate_params() const { check_cv_params(params_.alphas, {1.0}, "LassoCV"); }

void LassoCV::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  opts.checkpoint(0.0);
  auto [f, st] = fit_cv(X, Y, opts, config_of(params_, {1.0}), "LassoCV");
  opts.checkpoint(1.0);
  fit_ = std::move(f);
  cv_ = std::move(st);
}

// ------------------------------------------------------------------ ElasticNetCV

ElasticNetCV::ElasticNetCV(Params params)
    : CrossValidatedCoordinateDescent(true), params_(std::move(params)) {}
std::unique_ptr<Estimator> ElasticNetCV::clone() const {
  return std::make_unique<ElasticNetCV>(params_);
}
const Tags& ElasticNetCV::tags() const { return detail::cd_tags(false); }
const ParamTable& ElasticNetCV::param_table() const { return enet_cv_table(); }
void ElasticNetCV::validate_params() const {
  check_cv_params(params_.alphas, number_list(params_.l1_ratio), "ElasticNetCV");
}

void ElasticNetCV::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  opts.checkpoint(0.0);
  auto [f, st] =
      fit_cv(X, Y, opts, config_of(params_, number_list(params_.l1_ratio)), "ElasticNetCV");
  st.has_l1_ratio = true;
  opts.checkpoint(1.0);
  fit_ = std::move(f);
  cv_ = std::move(st);
}

}  // namespace mlkit::linear_model
