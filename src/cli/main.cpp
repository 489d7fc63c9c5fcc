// The `mlkit` command line: fit, predict, score, cross-validate and search estimators on CSV
// files, and inspect or convert model files. docs/cli.md documents it.
//
// Arguments are parsed with CLI11 (Debian's libcli11-dev; header-only, BSD-3-Clause): ten
// subcommands each with their own options, generated --help, repeated options (--param),
// typed values and required options with uniform messages. A hand-written parser would repeat all
// of that per command. Its errors are reported here as one line and exit code 2.
#include <CLI/CLI.hpp>
#include <iostream>
#include <new>
#include <set>

#include "src/cli/cli.hpp"

namespace mlkit::cli {

namespace {

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0    success\n"
    "  1    runtime error: a missing, unreadable or malformed data file (with line and column),\n"
    "       data that does not fit the model, a corrupt model file, a failed write\n"
    "  2    usage error: unknown command, option, estimator, parameter or scorer, a bad\n"
    "       parameter value, a malformed spec or grid file\n"
    "  130  interrupted (SIGINT or SIGTERM)\n"
    "Errors are one line on stderr (and a JSON object on stdout with --json). Output files are\n"
    "written to a temporary file and renamed, so a failed run never leaves a partial file.\n";

const std::set<std::string> kCommands = {"list",  "params", "version", "fit",  "predict",
                                         "score", "cv",     "search",  "info", "convert"};

char parse_delimiter(const std::string& text) {
  if (text == "tab" || text == "\\t") return '\t';
  if (text.size() != 1)
    throw UsageError("--delimiter must be one character (or 'tab'), got '" + text + "'");
  return text[0];
}

void add_estimator_options(CLI::App* cmd, EstimatorArgs& e) {
  cmd->add_option("estimator", e.name, "Registry name of the estimator (see `mlkit list`)");
  cmd->add_option("--spec", e.spec,
                  "JSON spec of the estimator, e.g. a pipeline: "
                  "{\"estimator\": ..., \"params\": {...}, \"components\": ...}");
  cmd->add_option("-p,--param", e.params,
                  "Set a parameter, NAME=VALUE (part__name inside composites); repeatable")
      ->expected(1)
      ->take_all();
}

void add_cv_options(CLI::App* cmd, CvArgs& cv, std::optional<std::int64_t>& random_state) {
  cmd->add_option("--folds", cv.folds, "Number of folds (default 5)");
  cmd->add_option("--scoring", cv.scoring,
                  "Scorers, comma-separated (default: the estimator's score; the first one picks "
                  "the best candidate in a search)");
  cmd->add_flag("--shuffle", cv.shuffle, "Shuffle the rows before making folds");
  cmd->add_option("--random-state", random_state, "Seed of the shuffle (and of random search)");
  cmd->add_option("--n-jobs", cv.n_jobs, "Threads (default: the process default; -1: every core)");
}

int run(int argc, char** argv, Ui& ui) {
  CLI::App app{"mlkit: classical machine learning on CSV files.", "mlkit"};
  app.footer(kExitCodes);
  app.fallthrough();
  app.require_subcommand(1);
  app.add_flag("--json", ui.json, "Machine-readable output: one JSON document on stdout");
  app.add_flag("-q,--quiet", ui.quiet, "No progress bar and no informational messages");
  app.set_version_flag("--version", std::string("mlkit ") + MLKIT_VERSION_STRING);

  std::string delimiter = ",";
  auto add_delimiter = [&delimiter](CLI::App* cmd) {
    cmd->add_option("--delimiter", delimiter, "CSV field delimiter (default ',')");
  };

  app.add_subcommand("list", "List the registered estimators");

  std::string params_name;
  bool markdown = false;
  auto* params = app.add_subcommand("params", "Show the parameters of one estimator, or of all");
  params->add_option("estimator", params_name, "Registry name");
  params->add_flag("--markdown", markdown, "Print the parameter reference of every estimator");

  app.add_subcommand("version", "Print the mlkit version");

  FitArgs fa;
  auto* fit = app.add_subcommand("fit", "Fit an estimator on a CSV file and save the model");
  add_estimator_options(fit, fa.estimator);
  fit->add_option("--data", fa.data, "Training CSV file (with a header)")->required();
  fit->add_option("--target", fa.target, "Name of the target column");
  fit->add_option("--model", fa.model, "Model file to write (.json or .mlkb)")->required();
  add_delimiter(fit);

  PredictArgs pa;
  auto* predict = app.add_subcommand("predict", "Predict for each row of a CSV file, streaming");
  predict->add_option("--model", pa.model, "Model file written by fit or search")->required();
  predict->add_option("--data", pa.data, "CSV file with the training feature columns")->required();
  predict->add_option("--out", pa.out, "CSV file to write")->required();
  predict->add_flag("--proba", pa.proba, "Write class probabilities, one column per class");
  predict->add_option("--id-column", pa.id_column, "Column copied to the output as row id");
  predict->add_option("--chunk-rows", pa.chunk_rows, "Rows per chunk")->group("");  // hidden
  add_delimiter(predict);

  ScoreArgs sa;
  auto* score = app.add_subcommand("score", "Score a model on a labelled CSV file");
  score->add_option("--model", sa.model, "Model file")->required();
  score->add_option("--data", sa.data, "CSV file with the features and the target")->required();
  score->add_option("--target", sa.target, "Target column (default: the one the model was fit on)");
  score->add_option("--scoring", sa.scoring,
                    "Scorers, comma-separated (default: the estimator's score)");
  add_delimiter(score);

  CrossValidateArgs ca;
  auto* cv = app.add_subcommand("cv", "Cross-validate an estimator on a CSV file");
  add_estimator_options(cv, ca.estimator);
  cv->add_option("--data", ca.data, "CSV file")->required();
  cv->add_option("--target", ca.target, "Name of the target column");
  add_cv_options(cv, ca.cv, ca.cv.random_state);
  cv->add_flag("--train-score", ca.train_score, "Also score each fold's training rows");
  add_delimiter(cv);

  SearchArgs ha;
  auto* search = app.add_subcommand("search", "Search hyperparameters by cross-validation");
  add_estimator_options(search, ha.estimator);
  search->add_option("--data", ha.data, "CSV file")->required();
  search->add_option("--target", ha.target, "Name of the target column");
  search
      ->add_option("--grid", ha.grid,
                   "JSON file: {name: [values], ...} or a list of such objects (scikit-learn's "
                   "param_grid); with --random a value may also be {\"uniform\"|\"loguniform\"|"
                   "\"randint\": [low, high]}")
      ->required();
  search->add_option("--random", ha.random, "Randomized search: draw N candidates");
  search->add_flag("--halving", ha.halving, "Successive halving over the candidates");
  search->add_option("--factor", ha.factor, "Halving: keep 1/factor of the candidates per round");
  add_cv_options(search, ha.cv, ha.cv.random_state);
  search->add_option("--model", ha.model, "Write the best estimator, refitted on all rows");
  search->add_option("--results", ha.results, "Write cv_results as CSV");
  add_delimiter(search);

  std::string info_model;
  auto* info = app.add_subcommand("info", "Show what a model file holds");
  info->add_option("--model,model", info_model, "Model file")->required();

  std::string convert_in, convert_out;
  auto* convert = app.add_subcommand("convert", "Convert a model file between JSON and binary");
  convert->add_option("in", convert_in, "Model file to read")->required();
  convert->add_option("out", convert_out, "File to write; .json for JSON text, .mlkb for binary")
      ->required();

  if (argc <= 1) {
    std::cerr << app.help();
    return kExitUsage;
  }
  // An unknown command gets its own message, not CLI11's "argument was not expected".
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json" || arg == "-q" || arg == "--quiet") continue;
    if (!arg.starts_with('-') && !kCommands.count(arg))
      throw UsageError("unknown command '" + arg + "'; see 'mlkit --help'");
    break;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    throw UsageError(std::string(e.what()) + "; see 'mlkit " +
                     (app.get_subcommands().empty() ? std::string()
                                                    : app.get_subcommands()[0]->get_name() + " ") +
                     "--help'");
  }
  ui.progress = !ui.quiet && ::isatty(STDERR_FILENO);
  const char delim = parse_delimiter(delimiter);
  fa.delimiter = pa.delimiter = sa.delimiter = ca.delimiter = ha.delimiter = delim;

  const CLI::App* cmd = app.get_subcommands().at(0);
  const std::string name = cmd->get_name();
  if (name == "list") return run_list(ui);
  if (name == "params") return run_params(ui, params_name, markdown);
  if (name == "version") return run_version(ui);
  if (name == "fit") return run_fit(ui, fa);
  if (name == "predict") return run_predict(ui, pa);
  if (name == "score") return run_score(ui, sa);
  if (name == "cv") return run_cv(ui, ca);
  if (name == "search") return run_search(ui, ha);
  if (name == "info") return run_info(ui, info_model);
  if (name == "convert") return run_convert(ui, convert_in, convert_out);
  throw UsageError("unknown command '" + name + "'");
}

int report(const char* kind, std::string message, int code, bool json_mode) {
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << "mlkit: " << message << "\n";
  if (json_mode)
    std::cout << json{{"error", {{"type", kind}, {"message", message}, {"exit_code", code}}}}.dump(
                     2)
              << "\n";
  return code;
}

}  // namespace

}  // namespace mlkit::cli

int main(int argc, char** argv) {
  using namespace mlkit::cli;
  install_signal_handlers();
  bool json_mode = false;
  for (int i = 1; i < argc; ++i) json_mode = json_mode || std::string_view(argv[i]) == "--json";
  Ui ui;
  try {
    return run(argc, argv, ui);
  } catch (const UsageError& e) {
    return report("UsageError", e.what(), kExitUsage, json_mode);
  } catch (const mlkit::InvalidParameter& e) {
    return report("InvalidParameter", e.what(), kExitUsage, json_mode);
  } catch (const mlkit::Cancelled& e) {
    return report("Cancelled", e.what(), kExitCancelled, json_mode);
  } catch (const mlkit::IoError& e) {
    return report("IoError", e.what(), kExitRuntime, json_mode);
  } catch (const mlkit::ModelFormatError& e) {
    return report("ModelFormatError", e.what(), kExitRuntime, json_mode);
  } catch (const mlkit::InvalidInput& e) {
    return report("InvalidInput", e.what(), kExitRuntime, json_mode);
  } catch (const mlkit::NotSupported& e) {
    return report("NotSupported", e.what(), kExitRuntime, json_mode);
  } catch (const mlkit::Error& e) {
    return report("Error", e.what(), kExitRuntime, json_mode);
  } catch (const std::bad_alloc&) {
    return report("MemoryError", "out of memory", kExitRuntime, json_mode);
  } catch (const std::exception& e) {
    return report("Error", e.what(), kExitRuntime, json_mode);
  } catch (...) {
    return report("Error", "unexpected error", kExitRuntime, json_mode);
  }
}
