#pragma once
// Private to the `mlkit` program: what its commands share. main.cpp parses the arguments,
// commands.cpp runs each command, inputs.cpp builds estimators and reads data, output.cpp writes
// results, files and the progress bar.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mlkit/io/atomic_file.hpp"
#include "mlkit/mlkit.hpp"
#include "mlkit/model_selection/search.hpp"

namespace mlkit::cli {

using nlohmann::json;

/// Exit codes of the program (also in `mlkit --help` and docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;      // bad data, bad model file, I/O
inline constexpr int kExitUsage = 2;        // unknown command, option, estimator or parameter
inline constexpr int kExitCancelled = 130;  // interrupted (SIGINT/SIGTERM), as shells report it

/// A mistake in the command line or in the spec and grid files it names: exit code 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

/// Set by SIGINT/SIGTERM; fits, cross-validation and predict loops stop at their next checkpoint.
std::atomic<bool>& cancel_flag();
void install_signal_handlers();
/// Throws Cancelled when cancel_flag() is set.
void check_cancel();

// ---------------------------------------------------------------- output (output.cpp)

/// How results are shown: human text or one JSON document on stdout; progress on stderr only when
/// it is a terminal and --quiet was not given.
struct Ui {
  bool json = false;
  bool quiet = false;
  bool progress = false;  // stderr is a terminal and not quiet
  /// Informational text for humans (silenced by --quiet and by --json).
  void note(const std::string& line) const;
  /// The command's JSON result, when --json.
  void emit(const nlohmann::json& result) const;
};

/// A progress bar on stderr, redrawn at most ten times a second; a no-op when disabled. Safe to
/// call from several threads.
class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  /// Fraction done, in [0, 1].
  void fraction(double f);
  /// A count of rows, for work whose total is unknown (streaming).
  void count(std::size_t n);
  /// Ends the bar's line.
  void finish();

 private:
  void draw(const std::string& text, bool force);
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_, last_;
};

/// Output files appear whole or not at all (mlkit::io::AtomicFile).
using mlkit::io::AtomicFile;

/// Appends a CSV field, quoted where RFC 4180 needs it.
void append_field(std::string& line, std::string_view text, char delimiter);
/// Appends the shortest text that reads back as the same double; NaN as an empty field.
void append_number(std::string& line, double v);
/// A JSON number, or null for NaN and infinities (JSON has none).
json number_json(double v);
/// A parameter value as JSON (None → null).
json param_json(const ParamValue& v);
json params_json(const ParamMap& params);
/// "a=1, b='x'" for messages.
std::string params_text(const ParamMap& params);
/// Writes text to @p path atomically.
void write_text_file(const std::string& path, std::string_view text);

// ---------------------------------------------------------------- inputs (inputs.cpp)

/// Reads a whole file; IoError naming it when it cannot be read.
std::string read_text_file(const std::string& path);
/// Parses a JSON file that is part of the command (a spec or a grid): a syntax error is a
/// UsageError naming the file and the position.
json read_json_argument(const std::string& path, const char* what);

/// The value `text` given to --param NAME=TEXT, in the type @p def declares (int, float, bool,
/// None, str, list of floats). Text that fits none of them is kept as the closest type, so that
/// the parameter table's check reports scikit-learn's message.
ParamValue parse_param_text(const ParamDef& def, const std::string& text);
/// The declaration of a parameter, following `part__param` into composites; nullptr if unknown.
const ParamDef* find_param(const Estimator& est, std::string_view name);
/// An estimator from a registry name or a spec file, then --param NAME=VALUE settings.
std::unique_ptr<Estimator> build_estimator(const std::string& name, const std::string& spec_path,
                                           const std::vector<std::string>& param_args);
/// Throws UsageError unless @p path ends in .json or .mlkb (checked before any long work).
void check_model_path(const std::string& path);
/// A JSON value of a grid as a parameter value (null, bool, int, float, str, list).
ParamValue param_from_grid_json(const json& j, const std::string& where);

/// Training data read from a CSV file, with what the model file's metadata keeps.
struct TrainingData {
  io::CsvTable table;
  /// The metadata predict and score need: feature names, categories, target and its labels.
  json metadata;
};
/// Reads a training CSV. String target labels are allowed for classifiers only.
TrainingData read_training_data(const std::string& path, const std::string& target, char delimiter,
                                const Estimator& est);

/// How the columns of a CSV file map onto a model's features.
struct FeatureMap {
  /// For each model feature, its index among the file's columns (the reader's columns()).
  std::vector<Index> columns;
  bool identity = true;  // columns is 0, 1, ..., n-1 over every file column
  /// Fixed categories to pass to the reader, by column name.
  std::map<std::string, std::vector<std::string>> categories;
  /// Names of feature columns that must be numeric.
  std::vector<std::string> numeric;
};
/// Matches a file's columns with the model's: the same feature names in the same order; the
/// training target (and only it) may also be present and is ignored. Throws InvalidInput naming
/// the missing, extra or misplaced column.
FeatureMap match_columns(const std::vector<std::string>& file_columns, const json& metadata,
                         Index n_features_in, const std::string& path,
                         const std::string& also_allowed);
/// Throws InvalidInput when a column the model saw as numeric holds strings.
void check_numeric_columns(const FeatureMap& map, const std::vector<std::string>& file_columns,
                           const std::vector<bool>& is_string, const std::string& path);
/// The rows of X's columns in map.columns order (X itself when the map is the identity).
Matrix select_features(const Matrix& X, const FeatureMap& map);
/// The column names a CSV file has (the target or id column named excluded).
std::vector<std::string> peek_columns(const std::string& path, char delimiter,
                                      const std::string& excluded);

/// The splitter of --folds/--shuffle/--random-state: StratifiedKFold for classifiers, KFold
/// otherwise (scikit-learn's cv=<int>), shuffled when asked.
std::unique_ptr<model_selection::Splitter> make_folds(const Estimator& est, Index folds,
                                                      bool shuffle,
                                                      std::optional<std::int64_t> random_state);
/// Splits "a,b" into names; empty text gives no names.
std::vector<std::string> split_list(const std::string& text);

// ---------------------------------------------------------------- commands (commands.cpp)

/// An estimator given by registry name or spec file, with --param settings.
struct EstimatorArgs {
  std::string name;
  std::string spec;
  std::vector<std::string> params;
};

struct FitArgs {
  EstimatorArgs estimator;
  std::string data, target, model;
  char delimiter = ',';
};

struct PredictArgs {
  std::string model, data, out, id_column;
  bool proba = false;
  std::size_t chunk_rows = 65536;
  char delimiter = ',';
};

struct ScoreArgs {
  std::string model, data, target, scoring;
  char delimiter = ',';
};

/// Folds, scorers and threads shared by cv and search.
struct CvArgs {
  Index folds = 5;
  bool shuffle = false;
  std::optional<std::int64_t> random_state;
  std::optional<int> n_jobs;
  std::string scoring;
};

struct CrossValidateArgs {
  EstimatorArgs estimator;
  std::string data, target;
  CvArgs cv;
  bool train_score = false;
  char delimiter = ',';
};

struct SearchArgs {
  EstimatorArgs estimator;
  std::string data, target, grid, model, results;
  CvArgs cv;
  std::optional<Index> random;
  bool halving = false;
  double factor = 3;
  char delimiter = ',';
};

int run_list(const Ui& ui);
int run_params(const Ui& ui, const std::string& name, bool markdown);
int run_version(const Ui& ui);
int run_fit(const Ui& ui, const FitArgs& args);
int run_predict(const Ui& ui, const PredictArgs& args);
int run_score(const Ui& ui, const ScoreArgs& args);
int run_cv(const Ui& ui, const CrossValidateArgs& args);
int run_search(const Ui& ui, const SearchArgs& args);
int run_info(const Ui& ui, const std::string& model);
int run_convert(const Ui& ui, const std::string& in, const std::string& out);

}  // namespace mlkit::cli
