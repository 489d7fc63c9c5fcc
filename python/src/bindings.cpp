// The Python extension module mlkit._mlkit: a thin, generic layer over the registry. Estimator
// classes are generated in Python from what registry() returns; nothing here is per estimator.
#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/unique_ptr.h>
#include <nanobind/stl/vector.h>

#include <mlkit/core/warnings.hpp>
#include <mlkit/mlkit.hpp>
#include <nlohmann/json.hpp>

namespace nb = nanobind;
using namespace nb::literals;

namespace {

using mlkit::Matrix;
using mlkit::ParamValue;
using CArray = nb::ndarray<const double, nb::c_contig, nb::device::cpu>;

nb::object to_py(const ParamValue& v) {
  if (v.is_none()) return nb::none();
  if (v.is_bool()) return nb::bool_(v.as_bool());
  if (v.is_int()) return nb::int_(v.as_int());
  if (v.is_double()) return nb::float_(v.as_double());
  if (v.is_string()) return nb::str(v.as_string().c_str());
  if (v.is_dict()) {
    nb::dict d;
    for (const auto& [k, w] : v.as_dict()) {
      // Integral keys come back as ints (class codes).
      if (k == std::floor(k) && std::abs(k) < 9e15)
        d[nb::int_(static_cast<long long>(k))] = nb::float_(w);
      else
        d[nb::float_(k)] = nb::float_(w);
    }
    return d;
  }
  nb::list l;
  for (const auto& e : v.as_list()) l.append(to_py(e));
  return l;
}

// Python values (NumPy scalars included) to parameter values; nullopt for anything else.
std::optional<ParamValue> try_from_py(nb::handle h) {
  if (h.is_none()) return ParamValue{};
  if (PyBool_Check(h.ptr())) return ParamValue{h.ptr() == Py_True};
  if (PyFloat_Check(h.ptr())) return ParamValue{PyFloat_AsDouble(h.ptr())};
  if (PyUnicode_Check(h.ptr())) return ParamValue{std::string(nb::cast<std::string>(h))};
  if (PyDict_Check(h.ptr())) {
    ParamValue::Dict d;
    for (auto [k, w] : nb::borrow<nb::dict>(h)) {
      const auto key = try_from_py(k), value = try_from_py(w);
      if (!key || !value || !key->is_number() || !value->is_number()) return std::nullopt;
      d.emplace_back(key->as_double(), value->as_double());
    }
    try {
      return ParamValue{std::move(d)};
    } catch (const mlkit::InvalidParameter&) {
      return std::nullopt;
    }
  }
  if (PyList_Check(h.ptr()) || PyTuple_Check(h.ptr())) {
    ParamValue::List l;
    for (nb::handle e : h) {
      auto v = try_from_py(e);
      if (!v) return std::nullopt;
      l.push_back(std::move(*v));
    }
    return ParamValue{std::move(l)};
  }
  const nb::module_ np = nb::module_::import_("numpy");
  if (nb::isinstance(h, np.attr("bool_"))) return ParamValue{nb::cast<bool>(h.attr("__bool__")())};
  // A 1-D array is a list (e.g. alphas=np.logspace(...)); other arrays are refused.
  if (nb::isinstance(h, np.attr("ndarray"))) {
    if (nb::cast<int>(h.attr("ndim")) != 1) return std::nullopt;
    return try_from_py(h.attr("tolist")());
  }
  if (PyIndex_Check(h.ptr())) {
    PyObject* index = PyNumber_Index(h.ptr());
    if (!index) {
      PyErr_Clear();
      return std::nullopt;
    }
    nb::object i = nb::steal(index);
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
    if (!overflow) return ParamValue{static_cast<std::int64_t>(v)};
  }
  if (nb::isinstance(h, np.attr("floating")))
    return ParamValue{nb::cast<double>(h.attr("__float__")())};
  return std::nullopt;
}

// A parameter value; anything else is refused with the parameter's own message.
ParamValue from_py(nb::handle h, const mlkit::ParamDef& def, const std::string& owner) {
  if (auto v = try_from_py(h)) return std::move(*v);
  throw mlkit::InvalidParameter("The '" + def.name + "' parameter of " + owner + " must be " +
                                def.describe() + ". Got " + nb::cast<std::string>(nb::repr(h)) +
                                " instead.");
}

nb::dict tags_dict(const mlkit::Tags& t) {
  static const char* kinds[] = {"regressor", "classifier", "transformer", "clusterer"};
  nb::dict d;
  d["kind"] = kinds[static_cast<int>(t.kind)];
  d["requires_y"] = t.requires_y;
  d["allow_nan"] = t.allow_nan;
  d["multi_output"] = t.multi_output;
  d["positive_y"] = t.positive_y;
  d["supports_sample_weight"] = t.supports_sample_weight;
  d["stochastic"] = t.stochastic;
  d["has_predict"] = t.has_predict;
  d["has_predict_proba"] = t.has_predict_proba;
  d["has_decision_function"] = t.has_decision_function;
  d["has_transform"] = t.has_transform;
  d["has_inverse_transform"] = t.has_inverse_transform;
  d["has_partial_fit"] = t.has_partial_fit;
  d["categorical"] = t.categorical;
  nb::list per_target;
  for (const auto& s : t.per_target_state) per_target.append(nb::str(s.c_str()));
  d["per_target_state"] = per_target;
  return d;
}

nb::list registry() {
  nb::list out;
  for (const auto& info : mlkit::Registry::global().all()) {
    // Composites take their parts from the caller; the Python layer builds them differently.
    if (info.composite()) continue;
    const auto est = info.create();
    nb::list params;
    for (const auto& def : est->param_table().defs()) {
      nb::dict p;
      p["name"] = def.name;
      p["default"] = to_py(def.default_value);
      p["doc"] = def.doc;
      p["accepts"] = def.describe();
      p["type"] = def.type_summary();
      params.append(p);
    }
    nb::dict d;
    d["name"] = info.name;
    d["class_name"] = std::string(est->class_name());
    d["summary"] = info.summary;
    d["tags"] = tags_dict(est->tags());
    d["params"] = params;
    out.append(d);
  }
  return out;
}

/// One native estimator, owned by a Python object of a generated class.
using IntMatrix = Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Model {
  std::unique_ptr<mlkit::Estimator> est;
  std::vector<mlkit::Warning> fit_warnings = {};  // of the last fit

  static Model make(const std::string& name, nb::dict params) {
    Model m{mlkit::Registry::global().get(name).create()};
    mlkit::ParamMap values;
    const auto& table = m.est->param_table();
    for (auto [k, v] : params) {
      const auto key = nb::cast<std::string>(k);
      const mlkit::ParamDef* def = table.find(key);
      if (!def) table.throw_unknown(key);
      values.emplace(key, from_py(v, *def, table.owner()));
    }
    m.est->set_params(values);
    return m;
  }

  // X: C-order float64 (the Python layer converts); y: None, 1-D or 2-D float64.
  void fit(mlkit::MatrixView X, nb::object y, nb::object sample_weight,
           std::vector<std::string> feature_names) {
    mlkit::FitOptions opts;
    opts.feature_names = std::move(feature_names);
    if (!sample_weight.is_none()) {
      const auto w = nb::cast<CArray>(sample_weight);
      opts.sample_weight = Eigen::Map<const mlkit::Vector>(w.data(), static_cast<long>(w.size()));
    }
    mlkit::WarningCapture capture;  // the warnings of this fit, issued by the Python layer
    if (y.is_none()) {
      nb::gil_scoped_release release;
      est->fit(X, opts);
    } else {
      const auto ya = nb::cast<CArray>(y);
      const long rows = ya.ndim() > 0 ? static_cast<long>(ya.shape(0)) : 0;
      const long cols = ya.ndim() == 2 ? static_cast<long>(ya.shape(1)) : 1;
      const Eigen::Map<const Matrix> Y(ya.data(), rows, cols);
      nb::gil_scoped_release release;
      est->fit_multi(X, Y, opts);
    }
    fit_warnings = capture.warnings();
  }

  // One partial_fit pass; y is 1-D; classes empty or every label (codes from the Python layer).
  void partial_fit(mlkit::MatrixView X, nb::object y, nb::object sample_weight,
                   nb::object classes) {
    mlkit::FitOptions opts;
    if (!sample_weight.is_none()) {
      const auto w = nb::cast<CArray>(sample_weight);
      opts.sample_weight = Eigen::Map<const mlkit::Vector>(w.data(), static_cast<long>(w.size()));
    }
    const auto ya = nb::cast<CArray>(y);
    const Eigen::Map<const mlkit::Vector> yv(ya.data(), static_cast<long>(ya.size()));
    mlkit::Vector cls;
    if (!classes.is_none()) {
      const auto c = nb::cast<CArray>(classes);
      cls = Eigen::Map<const mlkit::Vector>(c.data(), static_cast<long>(c.size()));
    }
    nb::gil_scoped_release release;
    est->partial_fit(X, yv, opts, cls);
  }

  // A copy of another estimator, fitted state included.
  static Model copy_of(const mlkit::Estimator& e) {
    return Model{mlkit::from_spec(mlkit::to_spec(e, e.fitted()))};
  }

  // Composites, built from unfitted clones of the parts. A part is a Model or a keyword string.
  static mlkit::pipeline::Part part(nb::handle item) {
    const nb::tuple t = nb::cast<nb::tuple>(item);
    mlkit::pipeline::Part p{nb::cast<std::string>(t[0]), nullptr, {}};
    if (nb::isinstance<Model>(t[1]))
      p.estimator = nb::cast<const Model&>(t[1]).est->clone();
    else
      p.keyword = nb::cast<std::string>(t[1]);
    return p;
  }

  static Model make_pipeline(nb::list steps) {
    std::vector<mlkit::pipeline::Part> parts;
    for (nb::handle s : steps) parts.push_back(part(s));
    return Model{std::make_unique<mlkit::pipeline::Pipeline>(std::move(parts))};
  }

  static Model make_feature_union(nb::list transformers) {
    std::vector<mlkit::pipeline::Part> parts;
    for (nb::handle s : transformers) parts.push_back(part(s));
    return Model{std::make_unique<mlkit::pipeline::FeatureUnion>(std::move(parts))};
  }

  // transformers: (name, Model or keyword, list of int or list of str).
  static Model make_column_transformer(nb::list transformers, const std::string& remainder) {
    using mlkit::pipeline::Columns;
    auto ct = std::make_unique<mlkit::pipeline::ColumnTransformer>();
    ct->set_params({{"remainder", ParamValue{remainder}}});
    for (nb::handle item : transformers) {
      auto p = part(item);
      const nb::tuple t = nb::cast<nb::tuple>(item);
      Columns cols;
      for (nb::handle c : t[2]) {
        if (PyUnicode_Check(c.ptr()))
          cols.names.push_back(nb::cast<std::string>(c));
        else
          cols.indices.push_back(nb::cast<mlkit::Index>(c));
      }
      if (p.estimator)
        ct->add(std::move(p.name), std::move(p.estimator), std::move(cols));
      else if (p.keyword == "passthrough")
        ct->add_passthrough(std::move(p.name), std::move(cols));
      else if (p.keyword == "drop")
        ct->add(std::move(p.name), nullptr, std::move(cols));
      else
        throw mlkit::InvalidParameter("ColumnTransformer part '" + p.name +
                                      "' must be an estimator or 'passthrough' or 'drop'; got '" +
                                      p.keyword + "'.");
    }
    return Model{std::move(ct)};
  }

  // (name, copy of the part or None for a keyword) for each part of a composite.
  nb::list parts() const {
    nb::list out;
    for (const auto& [name, e] : est->parts())
      out.append(nb::make_tuple(name, e ? nb::cast(copy_of(*e)) : nb::none()));
    return out;
  }
};

// Row indices as a NumPy array (a copy).
using IndexArray = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;
IndexArray to_numpy(const std::vector<mlkit::Index>& v) {
  IndexArray a(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) a[static_cast<Eigen::Index>(i)] = v[i];
  return a;
}

/// Splits computed beforehand (by a scikit-learn splitter, or any iterable of index pairs).
class FixedSplits final : public mlkit::model_selection::Splitter {
 public:
  explicit FixedSplits(std::vector<mlkit::model_selection::Split> splits)
      : splits_(std::move(splits)) {}
  std::vector<mlkit::model_selection::Split> split(mlkit::Index n_samples, mlkit::VectorView,
                                                   mlkit::VectorView) const override {
    for (const auto& s : splits_)
      for (const auto* part : {&s.train, &s.test})
        for (const mlkit::Index i : *part)
          if (i < 0 || i >= n_samples)
            throw mlkit::InvalidInput("a cross-validation split refers to row " +
                                      std::to_string(i) + " of " + std::to_string(n_samples));
    return splits_;
  }
  mlkit::Index n_splits() const override { return static_cast<mlkit::Index>(splits_.size()); }
  std::unique_ptr<Splitter> clone() const override {
    return std::make_unique<FixedSplits>(splits_);
  }

 private:
  std::vector<mlkit::model_selection::Split> splits_;
};

using IndexIn = nb::ndarray<const std::int64_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;

FixedSplits fixed_splits(nb::list splits) {
  std::vector<mlkit::model_selection::Split> out;
  for (nb::handle s : splits) {
    const nb::tuple t = nb::cast<nb::tuple>(s);
    mlkit::model_selection::Split sp;
    for (int k = 0; k < 2; ++k) {
      const auto a = nb::cast<IndexIn>(t[k]);
      auto& dst = k == 0 ? sp.train : sp.test;
      dst.assign(a.data(), a.data() + a.shape(0));
    }
    out.push_back(std::move(sp));
  }
  return FixedSplits(std::move(out));
}

std::optional<mlkit::model_selection::SplitSize> split_size(nb::handle h) {
  using mlkit::model_selection::SplitSize;
  if (h.is_none()) return std::nullopt;
  if (PyFloat_Check(h.ptr())) return SplitSize::fraction(nb::cast<double>(h));
  return SplitSize::count(nb::cast<mlkit::Index>(h));
}

// One of mlkit's splitters by kind, with scikit-learn's parameters.
std::unique_ptr<mlkit::model_selection::Splitter> make_splitter(const std::string& kind,
                                                                nb::dict p) {
  namespace ms = mlkit::model_selection;
  auto get = [&](const char* k) { return p.contains(k) ? nb::object(p[k]) : nb::none(); };
  auto seed = [&]() -> std::optional<std::int64_t> {
    const auto v = get("random_state");
    if (v.is_none()) return std::nullopt;
    return nb::cast<std::int64_t>(v);
  };
  auto index = [&](const char* k) -> std::optional<mlkit::Index> {
    const auto v = get(k);
    if (v.is_none()) return std::nullopt;
    return nb::cast<mlkit::Index>(v);
  };
  const auto n = index("n_splits").value_or(5);
  const bool shuffle = !get("shuffle").is_none() && nb::cast<bool>(get("shuffle"));
  if (kind == "kfold") return std::make_unique<ms::KFold>(n, shuffle, seed());
  if (kind == "stratified_kfold") return std::make_unique<ms::StratifiedKFold>(n, shuffle, seed());
  if (kind == "group_kfold") return std::make_unique<ms::GroupKFold>(n, shuffle, seed());
  if (kind == "repeated_kfold")
    return std::make_unique<ms::RepeatedKFold>(n, index("n_repeats").value_or(10), seed());
  if (kind == "repeated_stratified_kfold")
    return ms::repeated_stratified_kfold(n, index("n_repeats").value_or(10), seed());
  if (kind == "shuffle_split")
    return std::make_unique<ms::ShuffleSplit>(n, split_size(get("test_size")),
                                              split_size(get("train_size")), seed());
  if (kind == "stratified_shuffle_split")
    return ms::stratified_shuffle_split(n, split_size(get("test_size")),
                                        split_size(get("train_size")), seed());
  if (kind == "time_series_split")
    return std::make_unique<ms::TimeSeriesSplit>(n, index("max_train_size"), index("test_size"),
                                                 index("gap").value_or(0));
  throw mlkit::InvalidParameter("unknown splitter '" + kind + "'");
}

mlkit::Vector vector_or_empty(nb::handle h) {
  if (h.is_none()) return {};
  const auto a = nb::cast<CArray>(h);
  return Eigen::Map<const mlkit::Vector>(a.data(), static_cast<long>(a.size()));
}

nb::list split_rows(const std::string& kind, nb::dict params, mlkit::Index n_samples, nb::object y,
                    nb::object groups) {
  const auto splitter = make_splitter(kind, params);
  const mlkit::Vector yv = vector_or_empty(y), gv = vector_or_empty(groups);
  std::vector<mlkit::model_selection::Split> splits;
  {
    nb::gil_scoped_release release;
    splits = splitter->split(n_samples, yv, gv);
  }
  nb::list out;
  for (const auto& s : splits) out.append(nb::make_tuple(to_numpy(s.train), to_numpy(s.test)));
  return out;
}

mlkit::model_selection::CvOptions cv_options(nb::dict o) {
  mlkit::model_selection::CvOptions cv;
  cv.scoring = nb::cast<std::vector<std::string>>(o["scoring"]);
  cv.return_train_score = nb::cast<bool>(o["return_train_score"]);
  if (!o["n_jobs"].is_none()) cv.n_jobs = nb::cast<int>(o["n_jobs"]);
  cv.sample_weight = vector_or_empty(o["sample_weight"]);
  cv.feature_names = nb::cast<std::vector<std::string>>(o["feature_names"]);
  return cv;
}

nb::dict scores_dict(const std::map<std::string, std::vector<double>>& m) {
  nb::dict d;
  for (const auto& [k, v] : m) d[k.c_str()] = nb::cast(v);
  return d;
}

// X: C-order float64; y: None or 1-D float64; options: scoring, return_train_score, n_jobs,
// sample_weight, feature_names.
nb::dict cross_validate(const Model& m, mlkit::MatrixView X, nb::object y, nb::list splits,
                        nb::dict options) {
  const FixedSplits cv = fixed_splits(splits);
  const auto opts = cv_options(options);
  const mlkit::Vector yv = vector_or_empty(y);
  mlkit::model_selection::CvResults r;
  {
    nb::gil_scoped_release release;
    r = mlkit::model_selection::cross_validate(*m.est, X, yv, cv, opts);
  }
  nb::dict d;
  d["fit_time"] = nb::cast(r.fit_time);
  d["score_time"] = nb::cast(r.score_time);
  d["test"] = scores_dict(r.test_scores);
  d["train"] = scores_dict(r.train_scores);
  return d;
}

Matrix cross_val_predict(const Model& m, mlkit::MatrixView X, nb::object y, nb::list splits,
                         const std::string& method, nb::dict options) {
  const FixedSplits cv = fixed_splits(splits);
  const auto opts = cv_options(options);
  const mlkit::Vector yv = vector_or_empty(y);
  nb::gil_scoped_release release;
  return mlkit::model_selection::cross_val_predict(*m.est, X, yv, cv, method, opts);
}

nb::dict params_dict(const mlkit::ParamMap& p) {
  nb::dict d;
  for (const auto& [k, v] : p) d[k.c_str()] = to_py(v);
  return d;
}

ParamValue search_value(nb::handle h, const std::string& name) {
  if (auto v = try_from_py(h)) return std::move(*v);
  throw nb::type_error(("mlkit's searches try parameter values (numbers, strings, booleans, None "
                        "or lists of them); the value " +
                        nb::cast<std::string>(nb::repr(h)) + " of '" + name +
                        "' is not one. Search over estimators with "
                        "sklearn.model_selection's searches instead.")
                           .c_str());
}

std::vector<mlkit::model_selection::ParamGrid> grids_from(nb::list grids) {
  std::vector<mlkit::model_selection::ParamGrid> out;
  for (nb::handle g : grids) {
    mlkit::model_selection::ParamGrid grid;
    for (auto [k, vs] : nb::cast<nb::dict>(g)) {
      const auto name = nb::cast<std::string>(k);
      std::vector<ParamValue> values;
      for (nb::handle v : vs) values.push_back(search_value(v, name));
      grid.emplace(name, std::move(values));
    }
    out.push_back(std::move(grid));
  }
  return out;
}

// Each entry: name -> ("choice", [values]) or (kind, low, high) with kind "int_range",
// "uniform" or "log_uniform".
std::vector<mlkit::model_selection::ParamDistributions> distributions_from(nb::list dists) {
  using mlkit::model_selection::Distribution;
  std::vector<mlkit::model_selection::ParamDistributions> out;
  for (nb::handle g : dists) {
    mlkit::model_selection::ParamDistributions d;
    for (auto [k, spec] : nb::cast<nb::dict>(g)) {
      const auto name = nb::cast<std::string>(k);
      const nb::tuple t = nb::cast<nb::tuple>(spec);
      const auto kind = nb::cast<std::string>(t[0]);
      if (kind == "choice") {
        std::vector<ParamValue> values;
        for (nb::handle v : t[1]) values.push_back(search_value(v, name));
        d.emplace(name, Distribution::choice(std::move(values)));
      } else if (kind == "int_range") {
        d.emplace(name, Distribution::int_range(nb::cast<std::int64_t>(t[1]),
                                                nb::cast<std::int64_t>(t[2])));
      } else if (kind == "uniform") {
        d.emplace(name, Distribution::uniform(nb::cast<double>(t[1]), nb::cast<double>(t[2])));
      } else {
        d.emplace(name, Distribution::log_uniform(nb::cast<double>(t[1]), nb::cast<double>(t[2])));
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<std::int64_t> optional_int(nb::handle h) {
  if (h.is_none()) return std::nullopt;
  return nb::cast<std::int64_t>(h);
}

// Runs one search and returns everything it found. kind: "grid", "random", "halving_grid" or
// "halving_random"; space: grids or distributions; options: those of cv_options plus refit,
// refit_scorer, raise_on_error, n_iter, random_state, n_candidates and the halving settings.
nb::dict run_search(const Model& m, const std::string& kind, nb::list space, mlkit::MatrixView X,
                    nb::object y, nb::list splits, nb::dict o) {
  namespace ms = mlkit::model_selection;
  const FixedSplits cv = fixed_splits(splits);
  ms::SearchOptions opts;
  opts.cv = cv_options(o);
  opts.refit = nb::cast<bool>(o["refit"]);
  opts.refit_scorer = nb::cast<std::string>(o["refit_scorer"]);
  opts.raise_on_error = nb::cast<bool>(o["raise_on_error"]);
  const auto seed = optional_int(o["random_state"]);
  ms::HalvingOptions halving;
  if (kind.starts_with("halving")) {
    halving.factor = nb::cast<double>(o["factor"]);
    halving.min_resources = nb::cast<std::string>(o["min_resources"]);
    if (!o["max_resources"].is_none())
      halving.max_resources = nb::cast<mlkit::Index>(o["max_resources"]);
    halving.aggressive_elimination = nb::cast<bool>(o["aggressive_elimination"]);
    halving.random_state = seed;
  }
  std::unique_ptr<ms::SearchCV> search;
  ms::HalvingSearchCV* halving_search = nullptr;
  if (kind == "grid") {
    search = std::make_unique<ms::GridSearchCV>(*m.est, grids_from(space), cv, opts);
  } else if (kind == "random") {
    search = std::make_unique<ms::RandomizedSearchCV>(
        *m.est, distributions_from(space), nb::cast<mlkit::Index>(o["n_iter"]), cv, opts, seed);
  } else if (kind == "halving_grid") {
    auto h =
        std::make_unique<ms::HalvingGridSearchCV>(*m.est, grids_from(space), cv, opts, halving);
    halving_search = h.get();
    search = std::move(h);
  } else {
    const auto n_candidates = optional_int(o["n_candidates"]);
    auto h = std::make_unique<ms::HalvingRandomSearchCV>(
        *m.est, distributions_from(space), cv,
        n_candidates ? std::optional<mlkit::Index>(*n_candidates) : std::nullopt, opts, halving);
    halving_search = h.get();
    search = std::move(h);
  }
  const mlkit::Vector yv = vector_or_empty(y);
  {
    nb::gil_scoped_release release;
    search->fit(X, yv);
  }
  const auto& t = search->cv_results();
  nb::list columns;
  for (const auto& name : t.columns()) {
    nb::list values;
    for (const auto& v : t.column(name)) values.append(to_py(v));
    columns.append(nb::make_tuple(name, values));
  }
  nb::list params;
  for (const auto& p : t.params()) params.append(params_dict(p));
  nb::dict d;
  d["columns"] = columns;
  d["params"] = params;
  d["best_index"] = search->best_index();
  d["best_params"] = params_dict(search->best_params());
  d["best_score"] = search->best_score();
  d["n_splits"] = search->n_splits();
  d["fit_errors"] = nb::cast(search->fit_errors());
  if (opts.refit) {
    d["best_estimator"] = Model::copy_of(search->best_estimator());
    d["refit_time"] = search->refit_time();
  }
  if (halving_search) {
    const auto& h = halving_search->halving_info();
    nb::dict hd;
    hd["n_resources_"] = nb::cast(h.n_resources);
    hd["n_candidates_"] = nb::cast(h.n_candidates);
    hd["n_iterations_"] = h.n_iterations;
    hd["n_possible_iterations_"] = h.n_possible_iterations;
    hd["n_required_iterations_"] = h.n_required_iterations;
    hd["min_resources_"] = h.min_resources;
    hd["max_resources_"] = h.max_resources;
    hd["n_remaining_candidates_"] = h.n_remaining_candidates;
    d["halving"] = hd;
  }
  return d;
}

}  // namespace

NB_MODULE(_mlkit, m) {
  m.doc() = "mlkit's native core; use the classes of the mlkit package.";

  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const mlkit::NotFitted& e) {
      const nb::object cls = nb::module_::import_("sklearn.exceptions").attr("NotFittedError");
      PyErr_SetString(cls.ptr(), e.what());
    } catch (const mlkit::InvalidParameter& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const mlkit::InvalidInput& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const mlkit::ModelFormatError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const mlkit::IoError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const mlkit::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });

  m.def("registry", &registry, "Every registered estimator with its tags and parameters.");
  m.def("version", [] { return std::string(MLKIT_VERSION_STRING); });
  m.def("cuda_available", &mlkit::cuda_available);
  m.def("set_num_threads", &mlkit::set_num_threads, "n"_a);
  m.def("get_num_threads", &mlkit::get_num_threads);

  m.def("split", &split_rows, "kind"_a, "params"_a, "n_samples"_a, "y"_a.none(), "groups"_a.none(),
        "Row indices of the splits of one of mlkit's splitters.");
  m.def("cross_validate", &cross_validate, "model"_a, "X"_a, "y"_a.none(), "splits"_a, "options"_a);
  m.def("cross_val_predict", &cross_val_predict, "model"_a, "X"_a, "y"_a.none(), "splits"_a,
        "method"_a, "options"_a);
  m.def("search", &run_search, "model"_a, "kind"_a, "space"_a, "X"_a, "y"_a.none(), "splits"_a,
        "options"_a);
  m.def("scorer_names", &mlkit::metrics::scorer_names);
  m.def(
      "enet_path",
      [](mlkit::MatrixView X, mlkit::VectorView y, double l1_ratio, double eps,
         mlkit::Index n_alphas, std::vector<double> alphas, std::optional<bool> precompute,
         int max_iter, double tol, bool positive, std::string selection,
         std::optional<std::int64_t> random_state, std::optional<mlkit::Vector> coef_init,
         bool screening) {
        mlkit::linear_model::EnetPathParams p;
        p.l1_ratio = l1_ratio;
        p.eps = eps;
        p.n_alphas = n_alphas;
        p.alphas = std::move(alphas);
        p.precompute = precompute;
        p.max_iter = max_iter;
        p.tol = tol;
        p.positive = positive;
        p.selection = std::move(selection);
        p.random_state = random_state;
        if (coef_init) p.coef_init = *coef_init;
        p.screening = screening;
        mlkit::linear_model::EnetPathResult r;
        {
          nb::gil_scoped_release release;
          r = mlkit::linear_model::enet_path(X, y, p);
        }
        return std::make_tuple(r.alphas, r.coefs, r.dual_gaps, r.n_iters);
      },
      "X"_a, "y"_a, "l1_ratio"_a, "eps"_a, "n_alphas"_a, "alphas"_a, "precompute"_a.none(),
      "max_iter"_a, "tol"_a, "positive"_a, "selection"_a, "random_state"_a.none(),
      "coef_init"_a.none(), "screening"_a,
      "Elastic-net path by coordinate descent (mlkit::linear_model::enet_path).");

  nb::class_<Model>(m, "Model")
      .def_static("make", &Model::make, "name"_a, "params"_a)
      .def("fit", &Model::fit, "X"_a, "y"_a.none(), "sample_weight"_a.none(),
           "feature_names"_a = std::vector<std::string>{})
      .def("partial_fit", &Model::partial_fit, "X"_a, "y"_a, "sample_weight"_a.none(),
           "classes"_a.none())
      .def_static("make_pipeline", &Model::make_pipeline, "steps"_a)
      .def_static("make_feature_union", &Model::make_feature_union, "transformers"_a)
      .def_static("make_column_transformer", &Model::make_column_transformer, "transformers"_a,
                  "remainder"_a)
      .def("parts", &Model::parts)
      .def("spec_json", [](const Model& s) { return mlkit::to_spec(*s.est, false).dump(); })
      .def_prop_ro("tags", [](const Model& s) { return tags_dict(s.est->tags()); })
      .def_prop_ro("fitted", [](const Model& s) { return s.est->fitted(); })
      .def_prop_ro("fit_warnings",
                   [](const Model& s) {
                     std::vector<std::pair<std::string, std::string>> out;
                     for (const auto& w : s.fit_warnings) out.emplace_back(w.category, w.message);
                     return out;
                   })
      .def(
          "predict", [](const Model& s, mlkit::MatrixView X) { return s.est->predict_multi(X); },
          nb::call_guard<nb::gil_scoped_release>())
      .def(
          "predict_proba",
          [](const Model& s, mlkit::MatrixView X) { return s.est->predict_proba(X); },
          nb::call_guard<nb::gil_scoped_release>())
      .def(
          "decision_function",
          [](const Model& s, mlkit::MatrixView X) { return s.est->decision_function(X); },
          nb::call_guard<nb::gil_scoped_release>())
      .def(
          "transform", [](const Model& s, mlkit::MatrixView X) { return s.est->transform(X); },
          nb::call_guard<nb::gil_scoped_release>())
      .def(
          "inverse_transform",
          [](const Model& s, mlkit::MatrixView X) { return s.est->inverse_transform(X); },
          nb::call_guard<nb::gil_scoped_release>())
      // Trees and forests: leaf ids, decision paths, rules as text, pruning paths.
      .def(
          "tree_apply",
          [](const Model& s, mlkit::MatrixView X) {
            std::vector<std::int32_t> leaves;
            Eigen::Index cols = 1;
            {
              nb::gil_scoped_release release;
              if (const auto* t = dynamic_cast<const mlkit::tree::DecisionTreeBase*>(s.est.get())) {
                leaves = t->apply(X);
              } else {
                const auto& f = dynamic_cast<const mlkit::ensemble::ForestBase&>(*s.est);
                leaves = f.apply(X);
                cols = f.n_trees();
              }
            }
            IntMatrix out(X.rows(), cols);
            std::copy(leaves.begin(), leaves.end(), out.data());
            return out;
          })
      .def("tree_decision_path",
           [](const Model& s, mlkit::MatrixView X) {
             const auto& t = dynamic_cast<const mlkit::tree::DecisionTreeBase&>(*s.est);
             std::vector<std::vector<std::int32_t>> paths;
             {
               nb::gil_scoped_release release;
               paths = t.decision_path(X);
             }
             // CSR rows: indptr and the node ids of each row's path (increasing, as sklearn's).
             std::vector<std::int64_t> indptr{0};
             std::vector<std::int32_t> indices;
             for (auto& p : paths) {
               std::sort(p.begin(), p.end());
               indices.insert(indices.end(), p.begin(), p.end());
               indptr.push_back(static_cast<std::int64_t>(indices.size()));
             }
             return std::make_tuple(indptr, indices, t.tree().children_left.size());
           })
      .def("tree_export_text",
           [](const Model& s, const std::vector<std::string>& names, int max_depth, int decimals) {
             return dynamic_cast<const mlkit::tree::DecisionTreeBase&>(*s.est).export_text(
                 names, max_depth, decimals);
           })
      .def("tree_depth",
           [](const Model& s) {
             const auto& t = dynamic_cast<const mlkit::tree::DecisionTreeBase&>(*s.est);
             return std::make_pair(t.get_depth(), t.get_n_leaves());
           })
      .def(
          "tree_pruning_path",
          [](const Model& s, mlkit::MatrixView X, mlkit::MatrixView Y,
             std::optional<mlkit::Vector> sample_weight) {
            mlkit::FitOptions opts;
            if (sample_weight) opts.sample_weight = *sample_weight;
            mlkit::tree::PruningPath p;
            nb::gil_scoped_release release;
            if (const auto* c =
                    dynamic_cast<const mlkit::tree::DecisionTreeClassifier*>(s.est.get()))
              p = c->cost_complexity_pruning_path(X, Y.col(0), opts);
            else
              p = dynamic_cast<const mlkit::tree::DecisionTreeRegressor&>(*s.est)
                      .cost_complexity_pruning_path(X, Y, opts);
            return std::make_pair(p.ccp_alphas, p.impurities);
          },
          "X"_a, "Y"_a, "sample_weight"_a.none())
      .def_prop_ro("name", [](const Model& s) { return std::string(s.est->name()); })
      .def_prop_ro("n_features_in", [](const Model& s) { return s.est->n_features_in(); })
      .def_prop_ro("n_targets", [](const Model& s) { return s.est->n_targets(); })
      .def("params",
           [](const Model& s) {
             nb::dict d;
             for (const auto& [k, v] : s.est->get_params()) d[k.c_str()] = to_py(v);
             return d;
           })
      .def(
          "state_json",
          [](const Model& s, bool attributes_only) {
            nlohmann::json state = s.est->state_to_json();
            // Fitted attributes end in "_" (scikit-learn's convention); the rest is the native
            // model's own data (a forest's trees), which Python never needs to decode.
            if (attributes_only)
              for (auto it = state.begin(); it != state.end();)
                it =
                    (!it.key().empty() && it.key().back() == '_') ? std::next(it) : state.erase(it);
            return state.dump();
          },
          "attributes_only"_a = false)
      .def(
          "to_bytes",
          [](const Model& s, bool binary) {
            const auto bytes = mlkit::save_bytes(
                *s.est, binary ? mlkit::ModelEncoding::Binary : mlkit::ModelEncoding::Json);
            return nb::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
          },
          "binary"_a = true)
      .def_static("from_bytes",
                  [](nb::bytes b) {
                    const auto* p = static_cast<const std::uint8_t*>(b.data());
                    return Model{mlkit::load_bytes(std::span(p, b.size()))};
                  })
      .def("save", [](const Model& s, const std::string& path) { mlkit::save(*s.est, path); })
      .def_static("load", [](const std::string& path) { return Model{mlkit::load(path)}; });
}
