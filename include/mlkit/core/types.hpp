#pragma once
/// @file types.hpp
/// @brief The array types of mlkit's public API: row-major double matrices and their views.

#include <Eigen/Core>
#include <cstdint>

namespace mlkit {

/// Row-major, so that a C-order NumPy array binds to a MatrixView without a copy.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;
/// A read-only view of a matrix; binds to a Matrix, a block of one, or a mapped buffer.
using MatrixView = Eigen::Ref<const Matrix>;
/// A read-only view of a vector.
using VectorView = Eigen::Ref<const Vector>;
using Index = Eigen::Index;

}  // namespace mlkit
