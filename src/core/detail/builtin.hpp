#pragma once
// Explicit registration of every built-in estimator, area by area.

namespace mlkit {
class Registry;
}

namespace mlkit::detail {
void register_builtin_estimators(Registry& registry);
}  // namespace mlkit::detail
