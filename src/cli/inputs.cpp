// What the `mlkit` program reads: estimators from names, spec files and --param settings, grids,
// and CSV data matched against a model's metadata.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>

#include "src/cli/cli.hpp"

namespace mlkit::cli {

namespace {

bool parse_int(const std::string& s, std::int64_t& out) {
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data() + (s.starts_with('+') ? 1 : 0), end, out);
  return r.ec == std::errc() && r.ptr == end && !s.empty();
}

bool parse_real(const std::string& s, double& out) {
  const char* end = s.data() + s.size();
  const auto r = std::from_chars(s.data() + (s.starts_with('+') ? 1 : 0), end, out);
  return r.ec == std::errc() && r.ptr == end && !s.empty();
}

bool parse_bool(const std::string& s, bool& out) {
  if (s == "true" || s == "True") return out = true, true;
  if (s == "false" || s == "False") return out = false, true;
  return false;
}

bool parse_real_list(std::string s, ParamValue::List& out) {
  if (s.starts_with('[') && s.ends_with(']')) s = s.substr(1, s.size() - 2);
  out.clear();
  if (s.empty()) return true;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto b = item.find_first_not_of(' ');
    const auto e = item.find_last_not_of(' ');
    double v = 0;
    if (b == std::string::npos || !parse_real(item.substr(b, e - b + 1), v)) return false;
    out.emplace_back(v);
  }
  return true;
}

// "{0: 1, 1: 5.5}" or "0:1,1:5.5": numeric keys (class labels) to numbers.
bool parse_real_dict(std::string s, ParamValue::Dict& out) {
  if (s.starts_with('{') && s.ends_with('}')) s = s.substr(1, s.size() - 2);
  out.clear();
  std::stringstream ss(s);
  std::string item;
  auto trim = [](const std::string& t) {
    const auto b = t.find_first_not_of(" \"'");
    const auto e = t.find_last_not_of(" \"'");
    return b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
  };
  while (std::getline(ss, item, ',')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) return false;
    double k = 0, v = 0;
    if (!parse_real(trim(item.substr(0, colon)), k) || !parse_real(trim(item.substr(colon + 1)), v))
      return false;
    out.emplace_back(k, v);
  }
  std::sort(out.begin(), out.end());
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].first == out[i - 1].first) return false;
  return !out.empty();
}

std::string quote_name(const std::string& s) { return "'" + s + "'"; }

std::string join_names(const std::vector<std::string>& names, std::size_t limit = 12) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > limit) s += ", ... (" + std::to_string(names.size()) + " in all)";
  return s;
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open '" + path + "': " + std::generic_category().message(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw IoError("cannot read '" + path + "'");
  return text;
}

json read_json_argument(const std::string& path, const char* what) {
  const std::string text = read_text_file(path);
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 3, ...".
    std::string msg = e.what();
    if (const auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
    throw UsageError(path + ": the " + what + " is not valid JSON: " + msg);
  }
}

ParamValue parse_param_text(const ParamDef& def, const std::string& text) {
  using Kind = ParamAlternative::Kind;
  if (text == "None" || text == "none" || text == "null") return {};
  // Numbers and booleans first, so that "3" is an int where an int or any string is accepted.
  for (const auto& alt : def.alternatives) {
    switch (alt.kind) {
      case Kind::Bool: {
        bool b = false;
        if (parse_bool(text, b)) return b;
        break;
      }
      case Kind::Int: {
        std::int64_t i = 0;
        if (parse_int(text, i)) return i;
        break;
      }
      case Kind::Real: {
        double d = 0;
        if (parse_real(text, d)) return d;
        break;
      }
      case Kind::RealList: {
        ParamValue::List l;
        if (parse_real_list(text, l)) return l;
        break;
      }
      case Kind::RealDict: {
        ParamValue::Dict d;
        if (parse_real_dict(text, d)) return ParamValue(std::move(d));
        break;
      }
      case Kind::String:
        break;
    }
  }
  for (const auto& alt : def.alternatives)
    if (alt.kind == Kind::String) return text;
  // Nothing fits: keep the closest type so that the table's check names what was given.
  bool b = false;
  std::int64_t i = 0;
  double d = 0;
  if (parse_bool(text, b)) return b;
  if (parse_int(text, i)) return i;
  if (parse_real(text, d)) return d;
  return text;
}

const ParamDef* find_param(const Estimator& est, std::string_view name) {
  if (const ParamDef* def = est.param_table().find(name)) return def;
  const auto sep = name.find("__");
  if (sep == std::string_view::npos) return nullptr;
  const std::string_view part = name.substr(0, sep);
  for (const auto& [part_name, part_est] : est.parts())
    if (part_name == part && part_est) return find_param(*part_est, name.substr(sep + 2));
  return nullptr;
}

std::unique_ptr<Estimator> build_estimator(const std::string& name, const std::string& spec_path,
                                           const std::vector<std::string>& param_args) {
  if (name.empty() == spec_path.empty())
    throw UsageError("give an estimator name or --spec FILE (one of them)");
  std::unique_ptr<Estimator> est;
  if (!spec_path.empty()) {
    const json spec = read_json_argument(spec_path, "estimator spec");
    try {
      est = from_spec(spec);
    } catch (const ModelFormatError& e) {
      throw UsageError(spec_path + ": " + e.what());
    }
  } else {
    est = Registry::global().get(name).create();  // unknown: InvalidParameter listing the names
  }
  ParamMap values;
  for (const auto& arg : param_args) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--param needs NAME=VALUE, got '" + arg + "'");
    const std::string key = arg.substr(0, eq), text = arg.substr(eq + 1);
    const ParamDef* def = find_param(*est, key);
    // An unknown name: set_params throws the library's message listing the valid names.
    const ParamValue value = def ? parse_param_text(*def, text) : ParamValue(text);
    if (!values.emplace(key, value).second) throw UsageError("--param " + key + " is given twice");
  }
  est->set_params(values);
  return est;
}

void check_model_path(const std::string& path) {
  if (!path.ends_with(".json") && !path.ends_with(".mlkb"))
    throw UsageError("model file '" + path + "' must end in .json (JSON text) or .mlkb (binary)");
}

ParamValue param_from_grid_json(const json& j, const std::string& where) {
  switch (j.type()) {
    case json::value_t::null:
      return {};
    case json::value_t::boolean:
      return j.get<bool>();
    case json::value_t::number_integer:
      return j.get<std::int64_t>();
    case json::value_t::number_unsigned:
      if (j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        throw UsageError(where + ": " + j.dump() + " is too large");
      return static_cast<std::int64_t>(j.get<std::uint64_t>());
    case json::value_t::number_float:
      return j.get<double>();
    case json::value_t::string:
      return j.get<std::string>();
    case json::value_t::array: {
      ParamValue::List l;
      for (const auto& e : j) l.push_back(param_from_grid_json(e, where));
      return l;
    }
    default:
      throw UsageError(where + ": " + j.dump() + " is not a parameter value");
  }
}

TrainingData read_training_data(const std::string& path, const std::string& target, char delimiter,
                                const Estimator& est) {
  if (target.empty() && est.tags().requires_y)
    throw UsageError(std::string(est.name()) + " needs a target: give --target COLUMN");
  io::CsvOptions opt;
  opt.delimiter = delimiter;
  opt.target = target;
  TrainingData d;
  d.table = io::read_csv(path, opt);
  const auto& t = d.table;
  const bool classifier = est.tags().kind == Tags::Kind::Classifier;
  if (!t.target_classes.empty() && !classifier)
    throw InvalidInput(path + ": the target column " + quote_name(target) + " holds strings, but " +
                       std::string(est.name()) + " is not a classifier");
  json categories = json::object();
  for (std::size_t j = 0; j < t.columns.size(); ++j)
    if (!t.categories[j].empty()) categories[t.columns[j]] = t.categories[j];
  d.metadata = {{"feature_names", t.columns},
                {"categories", categories},
                {"n_samples", t.X.rows()},
                {"delimiter", std::string(1, delimiter)}};
  if (!target.empty()) {
    d.metadata["target"] = target;
    if (!t.target_classes.empty()) d.metadata["target_classes"] = t.target_classes;
    if (classifier) {
      // classes_ as the estimator keeps them: the distinct labels, sorted.
      std::set<double> classes(t.y.begin(), t.y.end());
      json c = json::array();
      for (double v : classes) c.push_back(number_json(v));
      d.metadata["classes"] = c;
    }
  }
  return d;
}

std::vector<std::string> peek_columns(const std::string& path, char delimiter,
                                      const std::string& excluded) {
  io::CsvOptions opt;
  opt.delimiter = delimiter;
  opt.target = excluded;
  opt.infer_rows = 0;  // the header is all we need here
  io::CsvReader reader(path, opt);
  return reader.columns();
}

FeatureMap match_columns(const std::vector<std::string>& file_columns, const json& metadata,
                         Index n_features_in, const std::string& path,
                         const std::string& also_allowed) {
  FeatureMap map;
  const bool known = metadata.is_object() && metadata.contains("feature_names") &&
                     metadata["feature_names"].is_array();
  if (!known) {
    // A model saved without the command line's metadata: columns by position.
    if (static_cast<Index>(file_columns.size()) != n_features_in)
      throw InvalidInput(path + ": " + std::to_string(file_columns.size()) +
                         " feature columns, but the model was fitted on " +
                         std::to_string(n_features_in));
    for (Index j = 0; j < n_features_in; ++j) map.columns.push_back(j);
    map.numeric = file_columns;
    return map;
  }
  std::vector<std::string> expected;
  for (const auto& n : metadata["feature_names"]) {
    if (!n.is_string()) throw ModelFormatError("model metadata: feature_names must be strings");
    expected.push_back(n.get<std::string>());
  }
  if (static_cast<Index>(expected.size()) != n_features_in)
    throw ModelFormatError("model metadata names " + std::to_string(expected.size()) +
                           " features, but the model has " + std::to_string(n_features_in));
  const std::set<std::string> want(expected.begin(), expected.end());
  const std::string fitted_on = " (the model was fitted on columns " + join_names(expected) + ")";
  for (const auto& name : expected)
    if (std::find(file_columns.begin(), file_columns.end(), name) == file_columns.end())
      throw InvalidInput(path + ": column " + quote_name(name) + " is missing" + fitted_on);
  for (std::size_t j = 0; j < file_columns.size(); ++j) {
    const auto& name = file_columns[j];
    if (want.count(name)) {
      map.columns.push_back(static_cast<Index>(j));
    } else if (name != also_allowed) {
      throw InvalidInput(path + ": unexpected column " + quote_name(name) + fitted_on);
    }
  }
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const auto& found = file_columns[static_cast<std::size_t>(map.columns[k])];
    if (found != expected[k])
      throw InvalidInput(path + ": the columns are in another order than in training: column " +
                         quote_name(found) + " where " + quote_name(expected[k]) + " was expected" +
                         fitted_on);
  }
  map.identity = map.columns.size() == file_columns.size();
  const json empty = json::object();
  const json& cats = metadata.contains("categories") && metadata["categories"].is_object()
                         ? metadata["categories"]
                         : empty;
  for (const auto& name : expected) {
    if (cats.contains(name)) {
      const json& c = cats[name];
      if (!c.is_array()) throw ModelFormatError("model metadata: categories must be lists");
      std::vector<std::string> list;
      for (const auto& e : c) {
        if (!e.is_string()) throw ModelFormatError("model metadata: categories must be strings");
        list.push_back(e.get<std::string>());
      }
      map.categories[name] = std::move(list);
    } else {
      map.numeric.push_back(name);
    }
  }
  return map;
}

void check_numeric_columns(const FeatureMap& map, const std::vector<std::string>& file_columns,
                           const std::vector<bool>& is_string, const std::string& path) {
  for (std::size_t j = 0; j < file_columns.size(); ++j)
    if (is_string[j] &&
        std::find(map.numeric.begin(), map.numeric.end(), file_columns[j]) != map.numeric.end())
      throw InvalidInput(path + ": column " + quote_name(file_columns[j]) +
                         " holds strings, but it was numeric in the training data");
}

Matrix select_features(const Matrix& X, const FeatureMap& map) {
  Matrix out(X.rows(), static_cast<Index>(map.columns.size()));
  for (Index i = 0; i < X.rows(); ++i)
    for (std::size_t k = 0; k < map.columns.size(); ++k)
      out(i, static_cast<Index>(k)) = X(i, map.columns[k]);
  return out;
}

std::unique_ptr<model_selection::Splitter> make_folds(const Estimator& est, Index folds,
                                                      bool shuffle,
                                                      std::optional<std::int64_t> random_state) {
  if (folds < 2) throw UsageError("--folds must be at least 2, got " + std::to_string(folds));
  if (est.tags().kind == Tags::Kind::Classifier)
    return std::make_unique<model_selection::StratifiedKFold>(
        folds, shuffle, shuffle ? random_state : std::nullopt);
  return std::make_unique<model_selection::KFold>(folds, shuffle,
                                                  shuffle ? random_state : std::nullopt);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace mlkit::cli
