// The commands of the `mlkit` program.
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "mlkit/core/warnings.hpp"
#include "src/cli/cli.hpp"

namespace mlkit::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Seconds for people to read.
std::string secs(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g s", s);
  return buf;
}

std::string num(double v) {
  std::string s;
  if (std::isnan(v)) return "nan";
  append_number(s, v);
  return s;
}

double mean(const std::vector<double>& v) {
  return v.empty() ? std::nan("") : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

// Population standard deviation (numpy's default, which scikit-learn's cv_results_ use).
double stddev(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return v.empty() ? std::nan("") : std::sqrt(s / v.size());
}

json numbers_json(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(number_json(x));
  return a;
}

std::string metadata_string(const json& meta, const char* key) {
  if (meta.is_object() && meta.contains(key) && meta[key].is_string())
    return meta[key].get<std::string>();
  return {};
}

std::vector<std::string> metadata_strings(const json& meta, const char* key) {
  std::vector<std::string> out;
  if (!meta.is_object() || !meta.contains(key)) return out;
  if (!meta[key].is_array())
    throw ModelFormatError(std::string("model metadata: ") + key + " must be a list");
  for (const auto& e : meta[key]) {
    if (!e.is_string())
      throw ModelFormatError(std::string("model metadata: ") + key + " must hold strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

// The label a classifier's prediction stands for, when the training target held strings.
const std::string& label_of(double code, const std::vector<std::string>& labels) {
  if (!(code >= 0 && code < static_cast<double>(labels.size())) || code != std::floor(code))
    throw InvalidInput("the model predicted " + num(code) + ", which is not one of the " +
                       std::to_string(labels.size()) + " class codes of its training target");
  return labels[static_cast<std::size_t>(code)];
}

// The names of predict_proba's columns: the class labels, in the order of classes_.
std::vector<std::string> class_names(const json& meta, Index n_columns) {
  std::vector<std::string> names = metadata_strings(meta, "target_classes");
  if (names.empty() && meta.is_object() && meta.contains("classes") && meta["classes"].is_array())
    for (const auto& c : meta["classes"])
      names.push_back(c.is_number() ? num(c.get<double>()) : "");
  if (static_cast<Index>(names.size()) != n_columns) {
    names.clear();
    for (Index k = 0; k < n_columns; ++k) names.push_back("class_" + std::to_string(k));
  }
  return names;
}

FitOptions fit_options(ProgressBar& bar, const std::vector<std::string>& feature_names) {
  FitOptions opts;
  opts.progress = [&bar](double f) { bar.fraction(f); };
  opts.cancel = &cancel_flag();
  opts.feature_names = feature_names;
  return opts;
}

model_selection::CvOptions cv_options(const CvArgs& a, ProgressBar& bar,
                                      const std::vector<std::string>& feature_names) {
  model_selection::CvOptions o;
  o.scoring = split_list(a.scoring);
  for (const auto& s : o.scoring) metrics::get_scorer(s);  // unknown: InvalidParameter
  o.n_jobs = a.n_jobs;
  o.feature_names = feature_names;
  o.progress = [&bar](double f) { bar.fraction(f); };
  o.cancel = &cancel_flag();
  return o;
}

std::string splitter_name(const Estimator& est, const CvArgs& a) {
  std::string s = est.tags().kind == Tags::Kind::Classifier ? "StratifiedKFold" : "KFold";
  s += "(n_splits=" + std::to_string(a.folds);
  if (a.shuffle) {
    s += ", shuffle=True";
    if (a.random_state) s += ", random_state=" + std::to_string(*a.random_state);
  }
  return s + ")";
}

// The feature matrix and target of a CSV file read for a fitted model: the model's columns in
// its order, string columns with the training categories, string labels with the training codes.
struct ScoringData {
  Matrix X;
  Vector y;
  Index rows = 0;
};

ScoringData read_for_model(const LoadedModel& m, const std::string& path, const std::string& target,
                           char delimiter) {
  const json& meta = m.metadata;
  const auto cols = peek_columns(path, delimiter, target);
  const FeatureMap fm = match_columns(cols, meta, m.estimator->n_features_in(), path, "");
  io::CsvOptions opt;
  opt.delimiter = delimiter;
  opt.target = target;
  opt.categories = fm.categories;
  const auto labels = metadata_strings(meta, "target_classes");
  if (!labels.empty()) opt.categories[target] = labels;
  if (!meta.is_object()) opt.string_columns = io::StringColumns::Reject;
  const io::CsvTable table = io::read_csv(path, opt);
  std::vector<bool> is_string;
  for (const auto& c : table.categories) is_string.push_back(!c.empty());
  check_numeric_columns(fm, table.columns, is_string, path);
  if (labels.empty() && !table.target_classes.empty())
    throw InvalidInput(path + ": the target column '" + target +
                       "' holds strings, but the model was fitted on a numeric target");
  ScoringData d;
  d.X = fm.identity ? table.X : select_features(table.X, fm);
  d.y = table.y;
  d.rows = table.X.rows();
  return d;
}

}  // namespace

int run_list(const Ui& ui) {
  json out = json::array();
  for (const auto& info : Registry::global().all()) {
    if (ui.json) {
      const auto est = info.create();
      out.push_back({{"name", info.name},
                     {"class", std::string(est->class_name())},
                     {"summary", info.summary},
                     {"composite", info.composite()}});
    } else {
      std::cout << info.name << "\t" << info.summary << "\n";
    }
  }
  ui.emit(out);
  return kExitOk;
}

int run_params(const Ui& ui, const std::string& name, bool markdown) {
  if (markdown) {
    if (!name.empty()) throw UsageError("params --markdown prints every estimator; give no name");
    std::cout << parameter_reference_markdown();
    return kExitOk;
  }
  if (!name.empty()) Registry::global().get(name);  // unknown name: a clear error
  json out = json::object();
  for (const auto& info : Registry::global().all()) {
    if (!name.empty() && info.name != name) continue;
    const auto est = info.create();
    if (ui.json) {
      json defs = json::array();
      for (const auto& d : est->param_table().defs())
        defs.push_back({{"name", d.name},
                        {"type", d.type_summary()},
                        {"default", param_json(d.default_value)},
                        {"constraint", d.describe()},
                        {"doc", d.doc}});
      out[info.name] = {{"class", std::string(est->class_name())}, {"params", defs}};
      continue;
    }
    std::cout << info.name << " (" << est->class_name() << ")\n";
    for (const auto& d : est->param_table().defs())
      std::cout << "  " << d.name << " = " << d.default_value.repr() << "  [" << d.describe()
                << "]\n      " << d.doc << "\n";
  }
  ui.emit(out);
  return kExitOk;
}

int run_version(const Ui& ui) {
  if (ui.json)
    ui.emit({{"version", MLKIT_VERSION_STRING}, {"model_format_version", kModelFormatVersion}});
  else
    std::cout << "mlkit " << MLKIT_VERSION_STRING << "\n";
  return kExitOk;
}

int run_fit(const Ui& ui, const FitArgs& a) {
  check_model_path(a.model);
  auto est = build_estimator(a.estimator.name, a.estimator.spec, a.estimator.params);
  const TrainingData data = read_training_data(a.data, a.target, a.delimiter, *est);
  const auto& t = data.table;
  const auto t0 = std::chrono::steady_clock::now();
  WarningCapture capture;
  {
    ProgressBar bar("fit", ui.progress);
    const FitOptions opts = fit_options(bar, t.columns);
    if (a.target.empty())
      est->fit(t.X, opts);
    else
      est->fit(t.X, t.y, opts);
  }
  const double fit_time = seconds_since(t0);
  check_cancel();
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : capture.warnings()) {
    std::cerr << "mlkit: warning: " << w.category << ": " << w.message << "\n";
    warnings.push_back(w.message);
  }
  save(*est, a.model, data.metadata);
  ui.note("fitted " + std::string(est->name()) + " on " + std::to_string(t.X.rows()) + " rows x " +
          std::to_string(t.X.cols()) + " columns in " + secs(fit_time) + "; wrote " + a.model);
  ui.emit({{"command", "fit"},
           {"estimator", std::string(est->name())},
           {"params", params_json(est->get_params())},
           {"n_samples", t.X.rows()},
           {"n_features", t.X.cols()},
           {"fit_time", fit_time},
           {"warnings", warnings},
           {"model", a.model}});
  return kExitOk;
}

int run_predict(const Ui& ui, const PredictArgs& a) {
  if (a.chunk_rows == 0) throw UsageError("--chunk-rows must be at least 1");
  const LoadedModel m = load_with_metadata(a.model);
  const Estimator& est = *m.estimator;
  const json& meta = m.metadata;
  enum class Mode { Predict, Proba, Transform } mode = Mode::Predict;
  if (a.proba) {
    if (!est.tags().has_predict_proba)
      throw UsageError("--proba: " + std::string(est.name()) + " has no predict_proba");
    mode = Mode::Proba;
  } else if (!est.tags().has_predict) {
    if (!est.tags().has_transform)
      throw UsageError(std::string(est.name()) + " has neither predict nor transform");
    mode = Mode::Transform;
  }
  const std::string target = metadata_string(meta, "target");
  const auto labels = metadata_strings(meta, "target_classes");
  const auto cols = peek_columns(a.data, a.delimiter, a.id_column);
  const FeatureMap fm = match_columns(cols, meta, est.n_features_in(), a.data, target);

  io::CsvOptions opt;
  opt.delimiter = a.delimiter;
  opt.target = a.id_column;
  opt.categories = fm.categories;
  if (!meta.is_object()) opt.string_columns = io::StringColumns::Reject;
  io::CsvReader reader(a.data, opt);
  std::vector<bool> is_string;
  for (std::size_t j = 0; j < reader.columns().size(); ++j)
    is_string.push_back(reader.is_string_column(j));
  check_numeric_columns(fm, reader.columns(), is_string, a.data);

  AtomicFile out(a.out);
  ProgressBar bar("predict", ui.progress);
  std::vector<std::string> header;
  std::size_t rows = 0;
  std::string block;
  const char d = a.delimiter;
  while (auto chunk = reader.next(a.chunk_rows)) {
    check_cancel();
    const Matrix X = fm.identity ? std::move(chunk->X) : select_features(chunk->X, fm);
    Matrix values;
    if (mode == Mode::Proba) {
      values = est.predict_proba(X);
    } else if (mode == Mode::Transform) {
      values = est.transform(X);
    } else {
      values = est.predict(X);
    }
    block.clear();
    if (header.empty()) {
      if (!a.id_column.empty()) header.push_back(a.id_column);
      if (mode == Mode::Proba) {
        for (auto& n : class_names(meta, values.cols())) header.push_back(std::move(n));
      } else if (mode == Mode::Transform) {
        for (Index k = 0; k < values.cols(); ++k)
          header.push_back(values.cols() == static_cast<Index>(cols.size()) && fm.identity
                               ? cols[static_cast<std::size_t>(k)]
                               : "x" + std::to_string(k));
      } else {
        header.push_back(target.empty() ? "prediction" : target);
      }
      for (std::size_t k = 0; k < header.size(); ++k) {
        if (k) block.push_back(d);
        append_field(block, header[k], d);
      }
      block.push_back('\n');
    }
    for (Index i = 0; i < values.rows(); ++i) {
      if (!a.id_column.empty()) {
        const double id = chunk->y[i];
        if (reader.target_is_string()) {
          if (!std::isnan(id))
            append_field(block, reader.target_classes()[static_cast<std::size_t>(id)], d);
        } else {
          append_number(block, id);
        }
        block.push_back(d);
      }
      for (Index k = 0; k < values.cols(); ++k) {
        if (k) block.push_back(d);
        if (mode == Mode::Predict && !labels.empty())
          append_field(block, label_of(values(i, k), labels), d);
        else
          append_number(block, values(i, k));
      }
      block.push_back('\n');
    }
    out.write(block);
    rows += static_cast<std::size_t>(values.rows());
    bar.count(rows);
  }
  bar.finish();
  out.commit();
  ui.note("wrote " + std::to_string(rows) + " rows to " + a.out);
  ui.emit({{"command", "predict"}, {"rows", rows}, {"columns", header}, {"out", a.out}});
  return kExitOk;
}

int run_score(const Ui& ui, const ScoreArgs& a) {
  const LoadedModel m = load_with_metadata(a.model);
  const std::string target = a.target.empty() ? metadata_string(m.metadata, "target") : a.target;
  if (target.empty())
    throw UsageError("give --target COLUMN (the model file does not name its target)");
  const auto scorers = split_list(a.scoring);
  for (const auto& s : scorers) metrics::get_scorer(s);  // unknown: InvalidParameter
  const ScoringData d = read_for_model(m, a.data, target, a.delimiter);
  json scores = json::object();
  if (scorers.empty()) {
    const double s = m.estimator->score(d.X, d.y);
    scores["score"] = number_json(s);
    if (!ui.json) std::cout << "score: " << num(s) << "\n";
  }
  for (const auto& name : scorers) {
    const double s = metrics::get_scorer(name)(*m.estimator, d.X, d.y);
    scores[name] = number_json(s);
    if (!ui.json) std::cout << name << ": " << num(s) << "\n";
  }
  ui.emit({{"command", "score"}, {"n_samples", d.rows}, {"scores", scores}});
  return kExitOk;
}

int run_cv(const Ui& ui, const CrossValidateArgs& a) {
  if (a.cv.random_state && !a.cv.shuffle)
    throw UsageError("--random-state only makes sense with --shuffle");
  auto est = build_estimator(a.estimator.name, a.estimator.spec, a.estimator.params);
  const TrainingData data = read_training_data(a.data, a.target, a.delimiter, *est);
  const auto& t = data.table;
  const auto folds = make_folds(*est, a.cv.folds, a.cv.shuffle, a.cv.random_state);
  model_selection::CvResults res;
  {
    ProgressBar bar("cv", ui.progress);
    auto o = cv_options(a.cv, bar, t.columns);
    o.return_train_score = a.train_score;
    res = model_selection::cross_validate(*est, t.X, t.y, *folds, o);
  }
  json test = json::object(), train = json::object(), means = json::object(), stds = json::object();
  if (!ui.json)
    std::cout << splitter_name(*est, a.cv) << " cross-validation of " << est->name() << " on "
              << t.X.rows() << " rows\n";
  for (const auto& [name, v] : res.test_scores) {
    test[name] = numbers_json(v);
    means[name] = number_json(mean(v));
    stds[name] = number_json(stddev(v));
    if (!ui.json) {
      std::cout << name << ": mean " << num(mean(v)) << ", std " << num(stddev(v)) << "; folds";
      for (double x : v) std::cout << " " << num(x);
      std::cout << "\n";
    }
  }
  for (const auto& [name, v] : res.train_scores) {
    train[name] = numbers_json(v);
    if (!ui.json) std::cout << "train " << name << ": mean " << num(mean(v)) << "\n";
  }
  if (!ui.json) std::cout << "fit time: mean " << secs(mean(res.fit_time)) << "\n";
  json out{{"command", "cv"},
           {"estimator", std::string(est->name())},
           {"splitter", splitter_name(*est, a.cv)},
           {"n_samples", t.X.rows()},
           {"test_scores", test},
           {"mean_test_score", means},
           {"std_test_score", stds},
           {"fit_time", numbers_json(res.fit_time)},
           {"score_time", numbers_json(res.score_time)}};
  if (a.train_score) out["train_scores"] = train;
  ui.emit(out);
  return kExitOk;
}

namespace {

// A --random distribution: {"uniform": [low, high]}, {"loguniform": [low, high]} or
// {"randint": [low, high]} (high excluded, as scipy's randint).
model_selection::Distribution distribution_from_json(const json& j, const std::string& where) {
  if (j.size() != 1)
    throw UsageError(where + ": a distribution is one of uniform, loguniform, randint");
  const auto& [kind, range] = *j.items().begin();
  if (!range.is_array() || range.size() != 2 || !range[0].is_number() || !range[1].is_number())
    throw UsageError(where + ": " + kind + " needs [low, high]");
  if (kind == "uniform") return model_selection::Distribution::uniform(range[0], range[1]);
  if (kind == "loguniform") return model_selection::Distribution::log_uniform(range[0], range[1]);
  if (kind == "randint") {
    if (!range[0].is_number_integer() || !range[1].is_number_integer())
      throw UsageError(where + ": randint needs integer bounds");
    return model_selection::Distribution::int_range(range[0].get<std::int64_t>(),
                                                    range[1].get<std::int64_t>());
  }
  throw UsageError(where + ": unknown distribution '" + kind +
                   "' (uniform, loguniform or randint)");
}

struct Grids {
  std::vector<model_selection::ParamGrid> grids;
  std::vector<model_selection::ParamDistributions> distributions;
};

Grids read_grids(const std::string& path, bool random, const Estimator& est) {
  const json doc = read_json_argument(path, "parameter grid");
  if (!doc.is_object() && !doc.is_array())
    throw UsageError(path + ": a grid is an object of name: [values] or a list of such objects");
  const json list = doc.is_object() ? json::array({doc}) : doc;
  if (list.empty()) throw UsageError(path + ": the list of grids is empty");
  Grids g;
  for (const auto& obj : list) {
    if (!obj.is_object())
      throw UsageError(path + ": a grid is an object of name: [values] or a list of such objects");
    model_selection::ParamGrid grid;
    model_selection::ParamDistributions dist;
    for (const auto& [name, v] : obj.items()) {
      const std::string where = path + ": " + name;
      std::vector<ParamValue> values;
      if (v.is_array()) {
        if (v.empty()) throw UsageError(where + " has an empty list of values");
        for (const auto& e : v) values.push_back(param_from_grid_json(e, where));
        dist.emplace(name, model_selection::Distribution::choice(values));
      } else if (v.is_object() && random) {
        dist.emplace(name, distribution_from_json(v, where));
      } else {
        throw UsageError(where + ": the values must be a list" +
                         std::string(random ? " or a distribution" : ""));
      }
      // Check every name and listed value now, with the library's messages.
      for (const auto& value : values) est.clone()->set_params({{name, value}});
      if (values.empty()) {  // a distribution: check one value drawn from it
        Rng rng(0);
        est.clone()->set_params({{name, dist.at(name).sample(rng)}});
      }
      grid.emplace(name, std::move(values));
    }
    g.grids.push_back(std::move(grid));
    g.distributions.push_back(std::move(dist));
  }
  return g;
}

}  // namespace

int run_search(const Ui& ui, const SearchArgs& a) {
  auto est = build_estimator(a.estimator.name, a.estimator.spec, a.estimator.params);
  const bool random = a.random.has_value();
  if (random && *a.random < 1) throw UsageError("--random needs a number of candidates >= 1");
  if (a.factor <= 1) throw UsageError("--factor must be greater than 1");
  if (!a.model.empty()) check_model_path(a.model);
  const Grids grids = read_grids(a.grid, random, *est);
  const TrainingData data = read_training_data(a.data, a.target, a.delimiter, *est);
  const auto& t = data.table;
  const auto folds = make_folds(*est, a.cv.folds, a.cv.shuffle, a.cv.random_state);
  std::unique_ptr<model_selection::SearchCV> search;
  const auto t0 = std::chrono::steady_clock::now();
  {
    ProgressBar bar("search", ui.progress);
    model_selection::SearchOptions so;
    so.cv = cv_options(a.cv, bar, t.columns);
    if (so.cv.scoring.size() > 1) so.refit_scorer = so.cv.scoring.front();
    model_selection::HalvingOptions ho;
    ho.factor = a.factor;
    ho.random_state = a.cv.random_state;
    if (a.halving && random)
      search = std::make_unique<model_selection::HalvingRandomSearchCV>(*est, grids.distributions,
                                                                        *folds, *a.random, so, ho);
    else if (a.halving)
      search =
          std::make_unique<model_selection::HalvingGridSearchCV>(*est, grids.grids, *folds, so, ho);
    else if (random)
      search = std::make_unique<model_selection::RandomizedSearchCV>(
          *est, grids.distributions, *a.random, *folds, so, a.cv.random_state);
    else
      search = std::make_unique<model_selection::GridSearchCV>(*est, grids.grids, *folds, so);
    search->fit(t.X, t.y);
  }
  const double time = seconds_since(t0);
  check_cancel();
  const auto& results = search->cv_results();
  if (!a.results.empty()) write_text_file(a.results, results.to_csv());
  if (!a.model.empty()) save(search->best_estimator(), a.model, data.metadata);
  if (!ui.quiet)
    for (const auto& e : search->fit_errors())
      std::cerr << "mlkit: warning: fit failed: " << e << "\n";
  if (!ui.json) {
    std::cout << "searched " << results.rows() << " candidates x " << search->n_splits()
              << " folds in " << secs(time) << "\n"
              << "best params: " << params_text(search->best_params()) << "\n"
              << "best score: " << num(search->best_score()) << "\n";
    if (!a.model.empty()) ui.note("wrote " + a.model);
    if (!a.results.empty()) ui.note("wrote " + a.results);
  }
  json out{{"command", "search"},
           {"estimator", std::string(est->name())},
           {"splitter", splitter_name(*est, a.cv)},
           {"n_candidates", results.rows()},
           {"n_splits", search->n_splits()},
           {"best_index", search->best_index()},
           {"best_params", params_json(search->best_params())},
           {"best_score", number_json(search->best_score())},
           {"cv_results", json::parse(results.to_json())},
           {"fit_errors", search->fit_errors()},
           {"time", time}};
  if (!a.model.empty()) out["model"] = a.model;
  if (!a.results.empty()) out["results"] = a.results;
  ui.emit(out);
  return kExitOk;
}

int run_info(const Ui& ui, const std::string& path) {
  const std::string bytes = read_text_file(path);
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const LoadedModel m = load_bytes_with_metadata({data, bytes.size()});
  const Estimator& est = *m.estimator;
  // The file validated as a model: read its header fields as written. Binary files are the
  // 6 bytes "MLKB\0\1" and then BJData (docs/model_files.md).
  const bool binary = bytes.starts_with(std::string_view("MLKB\0\1", 6));
  const json doc = binary ? json::from_bjdata(bytes.begin() + 6, bytes.end()) : json::parse(bytes);
  const json& meta = m.metadata;
  json parts = json::array();
  for (const auto& [name, p] : est.parts())
    parts.push_back(
        {{"name", name}, {"estimator", p ? json(std::string(p->name())) : json("passthrough")}});
  json out{{"command", "info"},
           {"file", path},
           {"encoding", binary ? "binary" : "json"},
           {"bytes", bytes.size()},
           {"format_version", doc.value("format_version", 0)},
           {"mlkit_version", doc.value("mlkit_version", "")},
           {"estimator", std::string(est.name())},
           {"class", std::string(est.class_name())},
           {"params", params_json(est.get_params())},
           {"n_features_in", est.n_features_in()},
           {"n_targets", est.n_targets()},
           {"parts", parts},
           {"metadata", meta}};
  if (ui.json) {
    ui.emit(out);
    return kExitOk;
  }
  std::cout << "file: " << path << " (" << (binary ? "binary" : "JSON") << ", " << bytes.size()
            << " bytes)\n"
            << "format: mlkit-model version " << out["format_version"] << ", written by mlkit "
            << out["mlkit_version"].get<std::string>() << "\n"
            << "estimator: " << est.name() << " (" << est.class_name() << ")\n";
  for (const auto& [name, p] : est.parts())
    std::cout << "  part " << name << ": " << (p ? std::string(p->name()) : "passthrough") << "\n";
  std::cout << "params: " << params_text(est.get_params()) << "\n"
            << "n_features_in: " << est.n_features_in() << "\n"
            << "n_targets: " << est.n_targets() << "\n";
  if (meta.is_object()) {
    if (meta.contains("feature_names")) {
      std::cout << "features:";
      for (const auto& n : meta["feature_names"]) std::cout << " " << n.get<std::string>();
      std::cout << "\n";
    }
    if (meta.contains("categories"))
      for (const auto& [col, cats] : meta["categories"].items())
        std::cout << "categories of " << col << ": " << cats.dump() << "\n";
    if (meta.contains("target")) std::cout << "target: " << meta["target"].dump() << "\n";
    if (meta.contains("target_classes"))
      std::cout << "target classes: " << meta["target_classes"].dump() << "\n";
    else if (meta.contains("classes"))
      std::cout << "classes: " << meta["classes"].dump() << "\n";
    if (meta.contains("n_samples")) std::cout << "training rows: " << meta["n_samples"] << "\n";
  } else {
    std::cout << "metadata: none (saved without the command line)\n";
  }
  return kExitOk;
}

int run_convert(const Ui& ui, const std::string& in, const std::string& out) {
  check_model_path(out);
  const LoadedModel m = load_with_metadata(in);
  save(*m.estimator, out, m.metadata);
  const auto size = std::filesystem::file_size(out);
  ui.note("wrote " + out + " (" + std::to_string(size) + " bytes)");
  ui.emit({{"command", "convert"}, {"in", in}, {"out", out}, {"bytes", size}});
  return kExitOk;
}

}  // namespace mlkit::cli
