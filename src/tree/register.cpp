#include <memory>

#include "mlkit/core/registry.hpp"
#include "mlkit/tree/decision_tree.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit::detail {

void register_tree(Registry& r) {
  r.add({"decision_tree_classifier", "A decision tree classifier (CART).",
         [] { return std::make_unique<tree::DecisionTreeClassifier>(); }});
  r.add({"decision_tree_regressor", "A decision tree regressor (CART).",
         [] { return std::make_unique<tree::DecisionTreeRegressor>(); }});
}

}  // namespace mlkit::detail
