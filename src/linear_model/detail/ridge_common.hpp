#pragma once
// Shared by Ridge and RidgeCV: centring and sample-weight rescaling of the data (scikit-learn's
// _preprocess_data followed by _rescale_data) and the reading of a penalty that is one number or
// one per target.

#include <oneapi/tbb/parallel_for.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/params.hpp"
#include "mlkit/core/types.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "src/core/detail/json_io.hpp"

namespace mlkit::linear_model::detail {

/// Centred (weighted means removed when fit_intercept) and sqrt(w)-scaled copy of X and Y.
struct RidgeData {
  Eigen::MatrixXd X;  // column-major: the decompositions below prefer it
  Eigen::MatrixXd Y;
  Vector x_offset;
  Vector y_offset;
  Vector sqrt_sw;  // ones when there are no weights
};

inline RidgeData ridge_data(MatrixView X, MatrixView Y, const Vector& sample_weight,
                            bool fit_intercept) {
  RidgeData d;
  const Index n = X.rows(), p = X.cols();
  const bool weighted = sample_weight.size() > 0;
  d.Y = Y;
  d.y_offset = Vector::Zero(Y.cols());
  d.x_offset = Vector::Zero(p);
  if (weighted) d.sqrt_sw = sample_weight.cwiseSqrt();
  const double total = weighted ? sample_weight.sum() : 0.0;
  // X, the large one, in one parallel pass per step over blocks of 64 columns: the row-major to
  // column-major copy in 64 × 64 tiles (so both sides stay in cache), then each column's mean,
  // centring and scaling. Every value is computed as by the whole-matrix expressions.
  d.X.resize(n, p);
  constexpr Index kTile = 64;
  oneapi::tbb::parallel_for(Index{0}, (p + kTile - 1) / kTile, [&](Index b) {
    const Index c0 = b * kTile, w = std::min(kTile, p - c0);
    for (Index r0 = 0; r0 < n; r0 += kTile) {
      const Index h = std::min(kTile, n - r0);
      d.X.block(r0, c0, h, w) = X.block(r0, c0, h, w);
    }
    for (Index c = c0; c < c0 + w; ++c) {
      auto col = d.X.col(c);
      if (fit_intercept) {
        d.x_offset[c] = weighted ? col.dot(sample_weight) / total : col.mean();
        col.array() -= d.x_offset[c];
      }
      if (weighted) col.array() *= d.sqrt_sw.array();
    }
  });
  if (fit_intercept) {
    d.y_offset =
        weighted ? Vector((d.Y.transpose() * sample_weight) / total) : Vector(d.Y.colwise().mean());
    d.Y.rowwise() -= d.y_offset.transpose();
  }
  if (weighted)
    d.Y = d.sqrt_sw.asDiagonal() * d.Y;
  else
    d.sqrt_sw = Vector::Ones(n);
  return d;
}

/// The penalty as one value per target: a number is repeated, a list must have one entry or one
/// per target (scikit-learn's message otherwise).
inline Vector alpha_per_target(const ParamValue& alpha, Index n_targets) {
  if (!alpha.is_list()) return Vector::Constant(n_targets, alpha.as_double());
  const auto& l = alpha.as_list();
  const auto m = static_cast<Index>(l.size());
  if (m != 1 && m != n_targets)
    throw InvalidInput("Number of targets and number of penalties do not correspond: " +
                       std::to_string(m) + " != " + std::to_string(n_targets));
  Vector out(n_targets);
  for (Index t = 0; t < n_targets; ++t)
    out[t] = l[static_cast<std::size_t>(m == 1 ? 0 : t)].as_double();
  return out;
}

/// A fitted ridge problem: coefficients (n_targets × p), intercepts, the solver that computed
/// them and its iterations per target.
struct RidgeSolution {
  Matrix coef;
  Vector intercept;
  std::string solver;
  Vector n_iter;
};

/// Read solver_ (a name solve_ridge reports) and n_iter_ (@p rows counts) from a model state;
/// ModelFormatError otherwise. Shared by Ridge and RidgeClassifier.
inline void load_solver_state(const nlohmann::json& j, Index rows, std::string& solver,
                              Vector& n_iter) {
  const auto& name = mlkit::detail::field(j, "solver_");
  if (!name.is_string()) throw ModelFormatError("model field 'solver_' must be a string");
  solver = name.get<std::string>();
  if (solver != "cholesky" && solver != "svd" && solver != "sparse_cg" && solver != "lsqr" &&
      solver != "nnls")
    throw ModelFormatError("model field 'solver_' names an unknown solver");
  n_iter =
      mlkit::detail::vector_from_json(mlkit::detail::field(j, "n_iter_"), "n_iter_", rows, false);
  for (Index t = 0; t < rows; ++t)
    if (!(n_iter[t] >= 0.0) || n_iter[t] != std::floor(n_iter[t]))
      throw ModelFormatError("model field 'n_iter_' must hold counts");
}

/// Ridge's solvers (see Ridge) on X, Y with optional sample weights and one penalty per
/// target; also the core of RidgeClassifier. Defined in ridge.cpp.
RidgeSolution solve_ridge(MatrixView X, MatrixView Y, const Vector& sample_weight,
                          const RidgeParams& params, const Vector& alpha);

}  // namespace mlkit::linear_model::detail
