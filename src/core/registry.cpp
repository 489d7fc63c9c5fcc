#include "mlkit/core/registry.hpp"

#include <mutex>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/builtin.hpp"

namespace mlkit {

Registry& Registry::global() {
  static Registry registry;
  static std::once_flag once;
  std::call_once(once, [] { detail::register_builtin_estimators(registry); });
  return registry;
}

void Registry::add(EstimatorInfo info) {
  if (find(info.name))
    throw InvalidParameter("estimator '" + info.name + "' is already registered");
  entries_.push_back(std::move(info));
}

const EstimatorInfo* Registry::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

const EstimatorInfo& Registry::get(std::string_view name) const {
  if (const auto* e = find(name)) return *e;
  std::string known;
  for (const auto& e : entries_) known += (known.empty() ? "" : ", ") + e.name;
  throw InvalidParameter("unknown estimator '" + std::string(name) +
                         "'; known estimators: " + known);
}

std::unique_ptr<Estimator> make_estimator(std::string_view name, const ParamMap& params) {
  auto est = Registry::global().get(name).create();
  est->set_params(params);
  return est;
}

}  // namespace mlkit
