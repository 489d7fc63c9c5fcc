// The Python extension module mlkit._mlkit: a thin, generic layer over the registry. Estimator
// classes are generated in Python from what registry() returns; nothing here is per estimator.
#include <nanobind/eigen/dense.h>
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/unique_ptr.h>

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
  nb::list l;
  for (const auto& e : v.as_list()) l.append(to_py(e));
  return l;
}

// Python values (NumPy scalars included) to parameter values; anything else is refused with the
// parameter's own message.
ParamValue from_py(nb::handle h, const mlkit::ParamDef& def, const std::string& owner) {
  if (h.is_none()) return {};
  if (PyBool_Check(h.ptr())) return h.ptr() == Py_True;
  if (PyFloat_Check(h.ptr())) return PyFloat_AsDouble(h.ptr());
  if (PyUnicode_Check(h.ptr())) return std::string(nb::cast<std::string>(h));
  if (PyList_Check(h.ptr()) || PyTuple_Check(h.ptr())) {
    ParamValue::List l;
    for (nb::handle e : h) l.push_back(from_py(e, def, owner));
    return l;
  }
  const nb::module_ np = nb::module_::import_("numpy");
  if (nb::isinstance(h, np.attr("bool_"))) return nb::cast<bool>(h.attr("__bool__")());
  if (PyIndex_Check(h.ptr())) {
    nb::object i = nb::steal(PyNumber_Index(h.ptr()));
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
    if (!overflow) return static_cast<std::int64_t>(v);
  }
  if (nb::isinstance(h, np.attr("floating"))) return nb::cast<double>(h.attr("__float__")());
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
  d["supports_sample_weight"] = t.supports_sample_weight;
  d["stochastic"] = t.stochastic;
  d["has_predict"] = t.has_predict;
  d["has_predict_proba"] = t.has_predict_proba;
  d["has_decision_function"] = t.has_decision_function;
  d["has_transform"] = t.has_transform;
  d["has_inverse_transform"] = t.has_inverse_transform;
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
struct Model {
  std::unique_ptr<mlkit::Estimator> est;

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
  void fit(mlkit::MatrixView X, nb::object y, nb::object sample_weight) {
    mlkit::FitOptions opts;
    if (!sample_weight.is_none()) {
      const auto w = nb::cast<CArray>(sample_weight);
      opts.sample_weight = Eigen::Map<const mlkit::Vector>(w.data(), static_cast<long>(w.size()));
    }
    if (y.is_none()) {
      nb::gil_scoped_release release;
      est->fit(X, opts);
      return;
    }
    const auto ya = nb::cast<CArray>(y);
    const long rows = ya.ndim() > 0 ? static_cast<long>(ya.shape(0)) : 0;
    const long cols = ya.ndim() == 2 ? static_cast<long>(ya.shape(1)) : 1;
    const Eigen::Map<const Matrix> Y(ya.data(), rows, cols);
    nb::gil_scoped_release release;
    est->fit_multi(X, Y, opts);
  }
};

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

  nb::class_<Model>(m, "Model")
      .def_static("make", &Model::make, "name"_a, "params"_a)
      .def("fit", &Model::fit, "X"_a, "y"_a.none(), "sample_weight"_a.none())
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
      .def_prop_ro("name", [](const Model& s) { return std::string(s.est->name()); })
      .def_prop_ro("n_features_in", [](const Model& s) { return s.est->n_features_in(); })
      .def_prop_ro("n_targets", [](const Model& s) { return s.est->n_targets(); })
      .def("params",
           [](const Model& s) {
             nb::dict d;
             for (const auto& [k, v] : s.est->get_params()) d[k.c_str()] = to_py(v);
             return d;
           })
      .def("state_json", [](const Model& s) { return s.est->state_to_json().dump(); })
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
