#include "mlkit/linear_model/ridge_cv.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <cmath>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/linear_predict.hpp"
#include "src/linear_model/detail/ridge_common.hpp"
#include "src/linear_model/detail/tags.hpp"

namespace mlkit::linear_model {

namespace {

using ColMatrix = Eigen::MatrixXd;

const ParamTable& table() {
  using P = RidgeCVParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("RidgeCV")
          .add("alphas", &P::alphas, "Penalties to try, each a float > 0 (a list, or one float).",
               {ParamAlternative::real_list(), ParamAlternative::real(0, HUGE_VAL, false, false)})
          .add("fit_intercept", &P::fit_intercept,
               "Whether to fit an intercept; if false the data are expected to be centred.")
          .add("gcv_mode", &P::gcv_mode,
               "Decomposition for leave-one-out: 'svd' (of X), 'eigen' or 'auto'/None (of X "
               "Xᵀ when n_samples <= n_features, else of Xᵀ X).",
               {ParamAlternative::string({"auto", "svd", "eigen"})})
          .add("store_cv_results", &P::store_cv_results,
               "Keep the squared leave-one-out errors of every alpha in cv_results_.")
          .add("alpha_per_target", &P::alpha_per_target,
               "Choose the alpha of each target separately (with several targets).")
          .build();
  return t;
}

std::vector<double> alpha_list(const ParamValue& v) {
  std::vector<double> out;
  if (v.is_list())
    for (const auto& a : v.as_list()) out.push_back(a.as_double());
  else
    out.push_back(v.as_double());
  return out;
}

// Leave-one-out residuals (n × k) and coefficients (p × k) of one alpha. Each decomposition
// follows the matching _RidgeGCV method of scikit-learn, on dense X centred in preprocessing.
struct LooFit {
  ColMatrix looe;
  ColMatrix coef;
};

class Gcv {
 public:
  Gcv(const ColMatrix& X, const ColMatrix& Y, const Vector& sqrt_sw, bool fit_intercept,
      const std::string& mode)
      : X_(X), Y_(Y), sqrt_sw_(sqrt_sw), fit_intercept_(fit_intercept) {
    sw_sum_ = sqrt_sw.squaredNorm();
    const Index n = X.rows(), p = X.cols();
    if (mode == "svd") {
      kind_ = Kind::Svd;
      const Eigen::BDCSVD<ColMatrix> svd(X, Eigen::ComputeThinU | Eigen::ComputeThinV);
      s_ = svd.singularValues();
      U_ = svd.matrixU();
      V_ = svd.matrixV();
      UtY_ = U_.transpose() * Y;
      Utsw_ = U_.transpose() * sqrt_sw;
    } else if (n <= p) {
      kind_ = Kind::Gram;
      ColMatrix K = ColMatrix::Zero(n, n);
      K.selfadjointView<Eigen::Lower>().rankUpdate(X);
      const Eigen::SelfAdjointEigenSolver<ColMatrix> eig(K);  // reads the lower triangle
      s_ = eig.eigenvalues();
      U_ = eig.eigenvectors();
      UtY_ = U_.transpose() * Y;
      Utsw_ = U_.transpose() * sqrt_sw;
    } else {
      kind_ = Kind::Cov;
      ColMatrix C = ColMatrix::Zero(p, p);
      C.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
      const Eigen::SelfAdjointEigenSolver<ColMatrix> eig(C);
      s_ = eig.eigenvalues();
      V_ = eig.eigenvectors();
      UtY_ = X.transpose() * Y;         // Xᵀ y
      Utsw_ = X.transpose() * sqrt_sw;  // Xᵀ sqrt(w)
    }
  }

  LooFit solve(double alpha) const {
    switch (kind_) {
      case Kind::Gram:
        return gram(alpha);
      case Kind::Cov:
        return cov(alpha);
      case Kind::Svd:
        break;
    }
    return svd(alpha);
  }

 private:
  enum class Kind { Gram, Cov, Svd };

  // diag(Q diag(v) Qᵀ)
  static Vector decomp_diag(const Vector& v, const ColMatrix& Q) {
    return Q.array().square().matrix() * v;
  }

  LooFit divide(ColMatrix c, Vector d, ColMatrix coef) const {
    LooFit out;
    out.looe = d.cwiseInverse().asDiagonal() * c;
    out.coef = std::move(coef);
    return out;
  }

  LooFit gram(double alpha) const {
    const Vector D = (s_.array() + alpha).inverse().matrix();
    ColMatrix c = U_ * (D.asDiagonal() * UtY_);
    Vector d = decomp_diag(D, U_);
    if (fit_intercept_) {
      const Vector g = U_ * D.cwiseProduct(Utsw_);
      d -= (g.cwiseProduct(sqrt_sw_) / sw_sum_);
    }
    ColMatrix coef = X_.transpose() * c;
    return divide(std::move(c), std::move(d), std::move(coef));
  }

  LooFit cov(double alpha) const {
    const Vector D = (s_.array() + alpha).inverse().matrix();
    const ColMatrix Hinv = V_ * D.asDiagonal() * V_.transpose();
    ColMatrix Hinv_XtY = Hinv * UtY_;
    const Vector Hinv_Xtsw = Hinv * Utsw_;
    ColMatrix c = Y_ - X_ * Hinv_XtY;
    // 1 - diag(X H⁻¹ Xᵀ), row by row.
    Vector d = 1.0 - ((X_ * Hinv).cwiseProduct(X_)).rowwise().sum().array();
    if (fit_intercept_) {
      const Vector g = sqrt_sw_ - X_ * Hinv_Xtsw;
      d -= (g.cwiseProduct(sqrt_sw_) / sw_sum_);
    }
    return divide(std::move(c), std::move(d), std::move(Hinv_XtY));
  }

  LooFit svd(double alpha) const {
    const Index n = U_.rows(), p = V_.rows();
    const Vector s2 = s_.array().square().matrix();
    ColMatrix coef = V_ * ((s_.array() / (s2.array() + alpha)).matrix().asDiagonal() * UtY_);
    if (n <= p) {
      const Vector aD = (alpha / (s2.array() + alpha)).matrix();
      ColMatrix c = U_ * (aD.asDiagonal() * UtY_);
      Vector d = decomp_diag(aD, U_);
      if (fit_intercept_) {
        const Vector g = U_ * aD.cwiseProduct(Utsw_);
        d -= (g.cwiseProduct(sqrt_sw_) / sw_sum_);
      }
      return divide(std::move(c), std::move(d), std::move(coef));
    }
    const Vector M = (alpha / (s2.array() + alpha) - 1.0).matrix();
    ColMatrix c = U_ * (M.asDiagonal() * UtY_) + Y_;
    Vector d = (decomp_diag(M, U_).array() + 1.0).matrix();
    if (fit_intercept_) {
      const Vector g = U_ * M.cwiseProduct(Utsw_) + sqrt_sw_;
      d -= (g.cwiseProduct(sqrt_sw_) / sw_sum_);
    }
    return divide(std::move(c), std::move(d), std::move(coef));
  }

  const ColMatrix& X_;
  const ColMatrix& Y_;
  const Vector& sqrt_sw_;
  bool fit_intercept_;
  double sw_sum_ = 0;
  Kind kind_ = Kind::Svd;
  Vector s_;         // singular values or eigenvalues
  ColMatrix U_, V_;  // left vectors / eigenvectors of the gram; right vectors / of the cov
  ColMatrix UtY_;    // Uᵀ y, or Xᵀ y for cov
  Vector Utsw_;      // Uᵀ sqrt(w), or Xᵀ sqrt(w) for cov
};

}  // namespace

RidgeCV::RidgeCV(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> RidgeCV::clone() const { return std::make_unique<RidgeCV>(params_); }

const Tags& RidgeCV::tags() const { return detail::least_squares_tags(); }

const ParamTable& RidgeCV::param_table() const { return table(); }

void RidgeCV::validate_params() const {
  if (params_.alphas.is_list()) {
    const auto& l = params_.alphas.as_list();
    if (l.empty()) throw InvalidParameter("The 'alphas' parameter of RidgeCV must not be empty.");
    for (std::size_t i = 0; i < l.size(); ++i) {
      const double a = l[i].as_double();
      if (!(a > 0.0) || !std::isfinite(a))
        throw InvalidParameter("alphas[" + std::to_string(i) + "] == " + l[i].repr() +
                               ", must be > 0.0.");
    }
  }
}

const Matrix& RidgeCV::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& RidgeCV::intercept() const {
  check_fitted();
  return state_.intercept;
}
const Vector& RidgeCV::alpha() const {
  check_fitted();
  return state_.alpha;
}
const Vector& RidgeCV::best_score() const {
  check_fitted();
  return state_.best_score;
}
const Matrix& RidgeCV::cv_results() const {
  check_fitted();
  return state_.cv_results;
}

void RidgeCV::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const std::vector<double> alphas = alpha_list(params_.alphas);
  const Index n = X.rows(), k = Y.cols();
  const auto n_alphas = static_cast<Index>(alphas.size());
  const Context ctx(std::nullopt);
  const detail::RidgeData d = detail::ridge_data(X, Y, opts.sample_weight, params_.fit_intercept);
  const std::string mode = params_.gcv_mode.value_or("auto") == "svd" ? "svd" : "eigen";
  const Gcv gcv(d.X, d.Y, d.sqrt_sw, params_.fit_intercept, mode);
  opts.checkpoint(0.3);

  const bool per_target = params_.alpha_per_target && k > 1;
  State s;
  if (params_.store_cv_results) s.cv_results.resize(n * k, n_alphas), s.cv_targets = k;
  ColMatrix best_coef;
  for (Index a = 0; a < n_alphas; ++a) {
    const LooFit fit = gcv.solve(alphas[static_cast<std::size_t>(a)]);
    const ColMatrix se = fit.looe.array().square().matrix();
    if (params_.store_cv_results)
      for (Index i = 0; i < n; ++i)
        for (Index t = 0; t < k; ++t) s.cv_results(i * k + t, a) = se(i, t);
    Vector score;
    if (params_.alpha_per_target)
      score = -(se.colwise().sum().transpose() / static_cast<double>(n));
    else
      score = Vector::Constant(1, -se.mean());
    const double alpha = alphas[static_cast<std::size_t>(a)];
    if (a == 0) {
      best_coef = fit.coef;
      if (per_target) {
        s.best_score = score;
        s.alpha = Vector::Constant(k, alpha);
      } else {
        s.best_score = Vector::Constant(1, score[0]);
        s.alpha = Vector::Constant(1, alpha);
      }
    } else if (per_target) {
      for (Index t = 0; t < k; ++t)
        if (score[t] > s.best_score[t])
          best_coef.col(t) = fit.coef.col(t), s.best_score[t] = score[t], s.alpha[t] = alpha;
    } else if (score[0] > s.best_score[0]) {
      best_coef = fit.coef, s.best_score[0] = score[0], s.alpha[0] = alpha;
    }
    opts.checkpoint(0.3 + 0.6 * static_cast<double>(a + 1) / static_cast<double>(n_alphas));
  }
  s.coef = best_coef.transpose();
  s.intercept = d.y_offset - s.coef * d.x_offset;
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix RidgeCV::predict_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
}

namespace {

// One value is written as a number, several as a list (scikit-learn's scalar or array).
nlohmann::json scalar_or_vector(const Vector& v) {
  return v.size() == 1 ? mlkit::detail::number_to_json(v[0]) : mlkit::detail::vector_to_json(v);
}

Vector scalar_or_vector_from(const nlohmann::json& j, std::string_view what, Index n_targets) {
  if (j.is_number()) return Vector::Constant(1, mlkit::detail::finite_from_json(j, what));
  Vector v = mlkit::detail::vector_from_json(j, what, n_targets, false);
  return v;
}

}  // namespace

void RidgeCV::save_state(nlohmann::json& j) const {
  j["coef_"] = mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["alpha_"] = scalar_or_vector(state_.alpha);
  j["best_score_"] = scalar_or_vector(state_.best_score);
  if (state_.cv_targets > 0) {
    nlohmann::json cv = mlkit::detail::matrix_to_json(state_.cv_results);
    // scikit-learn's shape: n_samples × n_alphas for one target, n_samples × k × n_alphas else.
    const Index k = state_.cv_targets, rows = state_.cv_results.rows() / k;
    if (k > 1) cv["shape"] = {rows, k, state_.cv_results.cols()};
    j["cv_results_"] = std::move(cv);
  }
}

void RidgeCV::load_state(const nlohmann::json& j, Index nf, Index nt) {
  namespace d = mlkit::detail;
  State s;
  s.coef = d::matrix_from_json(d::field(j, "coef_"), "coef_", nt, nf, false);
  s.intercept = d::vector_from_json(d::field(j, "intercept_"), "intercept_", nt, false);
  s.alpha = scalar_or_vector_from(d::field(j, "alpha_"), "alpha_", nt);
  s.best_score = scalar_or_vector_from(d::field(j, "best_score_"), "best_score_", nt);
  if (s.alpha.size() != s.best_score.size())
    throw ModelFormatError("model fields 'alpha_' and 'best_score_' differ in length");
  for (Index t = 0; t < s.alpha.size(); ++t)
    if (!(s.alpha[t] > 0.0)) throw ModelFormatError("model field 'alpha_' must be > 0");
  if (j.is_object() && j.contains("cv_results_")) {
    nlohmann::json cv = j.at("cv_results_");
    if (!cv.is_object() || !cv.contains("shape") || !cv["shape"].is_array())
      throw ModelFormatError("model field 'cv_results_' must have a shape");
    const auto& shape = cv["shape"];
    Index k = 1;
    if (shape.size() == 3) {
      k = d::integer_from_json(shape[1], "cv_results_ shape", 2, nt);
      const Index rows = d::integer_from_json(shape[0], "cv_results_ shape", 1, 1 << 30);
      const Index cols = d::integer_from_json(shape[2], "cv_results_ shape", 1, 1 << 30);
      cv["shape"] = {rows * k, cols};
    } else if (nt != 1) {
      throw ModelFormatError("model field 'cv_results_' must be 3-D with several targets");
    }
    if (k != nt) throw ModelFormatError("model field 'cv_results_' has the wrong target count");
    s.cv_results = d::matrix_from_json(cv, "cv_results_", -1, -1, false);
    s.cv_targets = k;
  }
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
