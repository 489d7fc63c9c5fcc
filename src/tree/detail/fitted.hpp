#pragma once
// The fitted state of one decision tree, shared (immutable) between copies of the estimator.

#include "mlkit/core/types.hpp"
#include "src/tree/detail/tree.hpp"

namespace mlkit::tree::detail {

struct FittedTree {
  FlatTree tree;
  Vector importances;
  Vector classes;  // empty for regressors
  Index max_features = 0;
};

}  // namespace mlkit::tree::detail
