#pragma once
// Predictions of a fitted linear model, shared by the linear regressors and classifiers.

#include <Eigen/Core>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

/// X coefᵀ + intercept: n × rows(coef).
inline Matrix linear_decision(MatrixView X, const Matrix& coef, const Vector& intercept) {
  Matrix out = X * coef.transpose();
  out.rowwise() += intercept.transpose();
  return out;
}

/// The class of each row's decision values: for one column, the second class where the value
/// is positive; otherwise the first of equal maxima (numpy's argmax), as scikit-learn's linear
/// classifiers.
inline Matrix labels_from_decision(const Matrix& d, const Vector& classes) {
  Matrix out(d.rows(), 1);
  for (Index i = 0; i < d.rows(); ++i) {
    Index c = 0;
    if (d.cols() == 1)
      c = d(i, 0) > 0.0 ? 1 : 0;
    else
      d.row(i).maxCoeff(&c);
    out(i, 0) = classes[c];
  }
  return out;
}

}  // namespace mlkit::linear_model::detail
