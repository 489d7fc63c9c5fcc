#include <sstream>

#include "mlkit/core/registry.hpp"

namespace mlkit {

std::string parameter_reference_markdown() {
  std::ostringstream out;
  out << "# Parameter reference\n\n"
      << "Generated from each estimator's parameter table by `mlkit params --markdown`; do not "
         "edit by hand.\n"
      << "Names, types and defaults follow scikit-learn. An unknown name or a value outside its "
         "constraint is an error.\n";
  for (const auto& info : Registry::global().all()) {
    const auto est = info.create();
    const ParamTable& t = est->param_table();
    out << "\n## " << t.owner() << " (`" << info.name << "`)\n\n" << info.summary << "\n\n";
    if (info.composite())
      out << "Its parts' parameters are set as `part__param` (for example "
             "`scaler__with_mean`).\n\n";
    if (t.defs().empty()) {
      out << "No parameters of its own.\n";
      continue;
    }
    out << "| name | type | default | accepted values | description |\n";
    out << "| --- | --- | --- | --- | --- |\n";
    for (const auto& d : t.defs())
      out << "| `" << d.name << "` | " << d.type_summary() << " | `" << d.default_value.repr()
          << "` | " << d.describe() << " | " << d.doc << " |\n";
  }
  return out.str();
}

}  // namespace mlkit
