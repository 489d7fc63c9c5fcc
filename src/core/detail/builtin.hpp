#pragma once
// Explicit registration of every built-in estimator: one function per area, each in
// src/<area>/register.cpp, called in order by register_builtin_estimators.

namespace mlkit {
class Registry;
}

namespace mlkit::detail {
void register_builtin_estimators(Registry& registry);
void register_linear_model(Registry& registry);
void register_preprocessing(Registry& registry);
void register_pipeline(Registry& registry);
void register_tree(Registry& registry);
void register_ensemble(Registry& registry);
}  // namespace mlkit::detail
