// The `mlkit` command line. Exit codes: 0 success, 1 a runtime error (bad data, bad model file,
// I/O), 2 a usage error.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "mlkit/mlkit.hpp"

namespace {

constexpr const char* kUsage =
    "usage: mlkit <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  list                      the registered estimators\n"
    "  params [NAME] [--markdown] the hyperparameters of one estimator, or of all\n"
    "  version                   the mlkit version\n";

int list() {
  for (const auto& info : mlkit::Registry::global().all())
    std::cout << info.name << "\t" << info.summary << "\n";
  return 0;
}

int params(const std::vector<std::string>& args) {
  bool markdown = false;
  std::string name;
  for (const auto& a : args) {
    if (a == "--markdown") {
      markdown = true;
    } else if (name.empty()) {
      name = a;
    } else {
      std::cerr << "mlkit params: unexpected argument '" << a << "'\n";
      return 2;
    }
  }
  if (markdown) {
    if (!name.empty()) {
      std::cerr << "mlkit params: --markdown prints every estimator; give no name\n";
      return 2;
    }
    std::cout << mlkit::parameter_reference_markdown();
    return 0;
  }
  for (const auto& info : mlkit::Registry::global().all()) {
    if (!name.empty() && info.name != name) continue;
    const auto est = info.create();
    std::cout << info.name << " (" << est->class_name() << ")\n";
    for (const auto& d : est->param_table().defs())
      std::cout << "  " << d.name << " = " << d.default_value.repr() << "  [" << d.describe()
                << "]\n      " << d.doc << "\n";
  }
  if (!name.empty()) mlkit::Registry::global().get(name);  // unknown name: a clear error
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string cmd = args[0];
  args.erase(args.begin());
  try {
    if (cmd == "list") return list();
    if (cmd == "params") return params(args);
    if (cmd == "version" || cmd == "--version") {
      std::cout << "mlkit " << MLKIT_VERSION_STRING << "\n";
      return 0;
    }
    std::cerr << "mlkit: unknown command '" << cmd << "'\n" << kUsage;
    return 2;
  } catch (const mlkit::InvalidParameter& e) {
    std::cerr << "mlkit: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mlkit: " << e.what() << "\n";
    return 1;
  }
}
