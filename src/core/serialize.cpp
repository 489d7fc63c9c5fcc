#include "mlkit/core/serialize.hpp"

#include "mlkit/io/atomic_file.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <nlohmann/json.hpp>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/registry.hpp"
#include "mlkit/version.hpp"
#include "src/core/detail/json_io.hpp"

namespace mlkit {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxDepth = 64;
// Binary model files start with this magic, then the BJData document (a BJData object starts
// with '{' like JSON text, so the magic is what tells the two apart).
constexpr std::uint8_t kBinaryMagic[] = {'M', 'L', 'K', 'B', 0x00, 0x01};

// nlohmann's DOM builder behind a depth limit: the binary readers recurse once per nesting
// level, so a hostile file of deeply nested arrays must be refused before it exhausts the stack.
class DepthLimitedSax {
 public:
  explicit DepthLimitedSax(json& result) : dom_(result, /*allow_exceptions=*/false) {}
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) {
    return dom_.number_float(v, s);
  }
  bool string(std::string& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return ++depth_ <= kMaxDepth && dom_.start_object(n); }
  bool key(std::string& k) { return dom_.key(k); }
  bool end_object() { return --depth_, dom_.end_object(); }
  bool start_array(std::size_t n) { return ++depth_ <= kMaxDepth && dom_.start_array(n); }
  bool end_array() { return --depth_, dom_.end_array(); }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& e) {
    error_ = "at byte " + std::to_string(pos) + ": " + e.what();
    return false;
  }
  bool too_deep() const { return depth_ > kMaxDepth; }
  const std::string& error() const { return error_; }

 private:
  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t depth_ = 0;
  std::string error_;
};

json parse_document(std::span<const std::uint8_t> bytes) {
  const bool binary = bytes.size() >= sizeof kBinaryMagic &&
                      std::equal(std::begin(kBinaryMagic), std::end(kBinaryMagic), bytes.begin());
  std::size_t i = binary ? sizeof kBinaryMagic : 0;
  while (!binary && i < bytes.size() &&
         (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t'))
    ++i;
  if (i == bytes.size()) throw ModelFormatError("model file is empty");
  if (!binary && bytes[i] != '{')
    throw ModelFormatError("not an mlkit model file (neither JSON text nor mlkit binary)");
  json doc;
  DepthLimitedSax sax(doc);
  bool ok = false;
  try {
    const auto format = binary ? json::input_format_t::bjdata : json::input_format_t::json;
    ok = json::sax_parse(bytes.begin() + static_cast<std::ptrdiff_t>(i), bytes.end(), &sax, format,
                         true);
  } catch (const json::exception& e) {
    throw ModelFormatError(std::string("model file is not a valid document: ") + e.what());
  }
  if (sax.too_deep()) throw ModelFormatError("model file nests deeper than mlkit allows");
  if (!ok) throw ModelFormatError("model file is not a valid document " + sax.error());
  return doc;
}

json param_to_json(const ParamValue& v) {
  if (v.is_none()) return nullptr;
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int();
  if (v.is_double()) return detail::number_to_json(v.as_double());
  if (v.is_string()) return v.as_string();
  if (v.is_dict()) {
    // A dict as an object keyed by each number: "0" for an integral label, else its shortest
    // repr.
    json o = json::object();
    for (const auto& [k, w] : v.as_dict())
      o[k == std::floor(k) && std::abs(k) < 9e15 ? std::to_string(static_cast<long long>(k))
                                                 : detail::number_to_json(k).dump()] = w;
    return o;
  }
  json a = json::array();
  for (const auto& e : v.as_list()) a.push_back(param_to_json(e));
  return a;
}

ParamValue param_from_json(const json& j, const ParamDef& def) {
  switch (j.type()) {
    case json::value_t::null:
      return {};
    case json::value_t::boolean:
      return j.get<bool>();
    case json::value_t::number_integer:
      return j.get<std::int64_t>();
    case json::value_t::number_unsigned:
      if (j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        throw ModelFormatError("parameter '" + def.name + "' is out of range");
      return static_cast<std::int64_t>(j.get<std::uint64_t>());
    case json::value_t::number_float:
      return j.get<double>();
    case json::value_t::string: {
      // Non-finite floats are stored as strings; read them back as numbers for float params.
      const bool wants_real = std::any_of(
          def.alternatives.begin(), def.alternatives.end(),
          [](const ParamAlternative& a) { return a.kind == ParamAlternative::Kind::Real; });
      const auto& s = j.get_ref<const std::string&>();
      if (wants_real && (s == "NaN" || s == "Infinity" || s == "-Infinity"))
        return detail::number_from_json(j, def.name);
      return s;
    }
    case json::value_t::array: {
      ParamValue::List l;
      for (const auto& e : j) l.push_back(param_from_json(e, def));
      return l;
    }
    case json::value_t::object: {
      ParamValue::Dict d;
      for (const auto& [key, w] : j.items()) {
        double k = 0;
        const auto* end = key.data() + key.size();
        const auto r = std::from_chars(key.data(), end, k);
        if (r.ec != std::errc() || r.ptr != end || !w.is_number())
          throw ModelFormatError("parameter '" + def.name +
                                 "' must map numbers to numbers; got the key '" + key + "'");
        d.emplace_back(k, w.get<double>());
      }
      try {
        return ParamValue(std::move(d));
      } catch (const InvalidParameter& e) {
        throw ModelFormatError("parameter '" + def.name + "': " + e.what());
      }
    }
    default:
      throw ModelFormatError("parameter '" + def.name + "' has an unsupported type");
  }
}

ModelEncoding encoding_for(const std::string& path) {
  const auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".json") return ModelEncoding::Json;
  if (ext == ".mlkb") return ModelEncoding::Binary;
  throw InvalidParameter("model file '" + path +
                         "' must end in .json (JSON text) or .mlkb (binary)");
}

}  // namespace

json to_spec(const Estimator& estimator, bool with_state) {
  json params = json::object();
  // Only the estimator's own parameters: a composite's parts carry theirs in "components".
  for (const auto& [name, value] : estimator.own_params()) params[name] = param_to_json(value);
  json spec{{"estimator", estimator.name()}, {"params", std::move(params)}};
  json components = estimator.components_to_json(with_state);
  if (!components.is_null()) spec["components"] = std::move(components);
  if (with_state) spec["state"] = estimator.state_to_json();
  return spec;
}

namespace {

// Composites nest specs; refuse more levels than any real model has (the file parser's depth
// limit bounds documents read from files, this one bounds documents built in memory).
constexpr int kMaxComponentDepth = 16;
thread_local int component_depth = 0;

std::unique_ptr<Estimator> spec_to_estimator(const json& spec, bool require_state) {
  if (!spec.is_object()) throw ModelFormatError("an estimator spec must be an object");
  if (component_depth >= kMaxComponentDepth)
    throw ModelFormatError("model nests composite estimators deeper than mlkit allows");
  struct DepthGuard {
    DepthGuard() { ++component_depth; }
    ~DepthGuard() { --component_depth; }
  } guard;
  const json& name = detail::field(spec, "estimator");
  if (!name.is_string()) throw ModelFormatError("estimator must be a string");
  const auto* info = Registry::global().find(name.get<std::string>());
  if (!info) throw ModelFormatError("unknown estimator '" + name.get<std::string>() + "'");
  auto est = info->create();
  ParamMap values;
  if (spec.contains("params")) {
    const json& params = spec["params"];
    if (!params.is_object()) throw ModelFormatError("params must be an object");
    for (const auto& [k, v] : params.items()) {
      const ParamDef* def = est->param_table().find(k);
      if (!def)
        throw ModelFormatError("unknown parameter '" + k + "' for " +
                               std::string(est->class_name()));
      values.emplace(k, param_from_json(v, *def));
    }
  }
  est->set_params(values);
  if (spec.contains("components")) est->components_from_json(spec["components"]);
  if (spec.contains("state")) {
    est->state_from_json(spec["state"]);
  } else if (require_state) {
    throw ModelFormatError("model document has no field 'state'");
  }
  return est;
}

template <class F>
auto translate_errors(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const ModelFormatError&) {
    throw;
  } catch (const json::exception& e) {
    throw ModelFormatError(std::string("model file is malformed: ") + e.what());
  } catch (const Error& e) {
    throw ModelFormatError(std::string("model file is invalid: ") + e.what());
  } catch (const std::bad_alloc&) {
    throw ModelFormatError("model file declares sizes too large to load");
  } catch (const std::length_error&) {
    throw ModelFormatError("model file declares sizes too large to load");
  }
}

void check_keys(const json& obj, std::initializer_list<std::string_view> keys, const char* what) {
  for (const auto& [k, v] : obj.items())
    if (std::find(keys.begin(), keys.end(), k) == keys.end())
      throw ModelFormatError(std::string(what) + " has an unknown field '" + k + "'");
}

}  // namespace

std::unique_ptr<Estimator> from_spec(const json& spec) {
  return translate_errors([&] {
    if (spec.is_object())
      check_keys(spec, {"estimator", "params", "components", "state"}, "estimator spec");
    return spec_to_estimator(spec, /*require_state=*/false);
  });
}

json to_document(const Estimator& estimator, const json& metadata) {
  if (!metadata.is_null() && !metadata.is_object())
    throw InvalidParameter("model metadata must be a JSON object");
  json doc{{"format", "mlkit-model"},
           {"format_version", kModelFormatVersion},
           {"mlkit_version", MLKIT_VERSION_STRING}};
  doc.update(to_spec(estimator, /*with_state=*/true));
  if (metadata.is_object()) doc["metadata"] = metadata;
  return doc;
}

json to_document(const Estimator& estimator) { return to_document(estimator, json()); }

LoadedModel from_document_with_metadata(const json& doc) {
  return translate_errors([&] {
    if (!doc.is_object()) throw ModelFormatError("model document must be an object");
    check_keys(doc,
               {"format", "format_version", "mlkit_version", "estimator", "params", "components",
                "state", "metadata"},
               "model document");
    const json& format = detail::field(doc, "format");
    if (!format.is_string() || format.get<std::string>() != "mlkit-model")
      throw ModelFormatError("not an mlkit model file (format is not 'mlkit-model')");
    const json& version = detail::field(doc, "format_version");
    if (!version.is_number_integer()) throw ModelFormatError("format_version must be an integer");
    if (version.is_number_unsigned() ? version.get<std::uint64_t>() > kModelFormatVersion
                                     : version.get<std::int64_t>() > kModelFormatVersion)
      throw ModelFormatError("model file has format_version " + version.dump() +
                             ", newer than this mlkit reads (up to " +
                             std::to_string(kModelFormatVersion) + "); upgrade mlkit");
    if (version.get<std::int64_t>() < 1)
      throw ModelFormatError("model file has an invalid format_version " + version.dump());
    if (!detail::field(doc, "mlkit_version").is_string())
      throw ModelFormatError("mlkit_version must be a string");
    detail::field(doc, "params");
    json metadata;
    if (doc.contains("metadata")) {
      metadata = doc["metadata"];
      if (!metadata.is_object()) throw ModelFormatError("metadata must be an object");
    }
    return LoadedModel{spec_to_estimator(doc, /*require_state=*/true), std::move(metadata)};
  });
}

std::unique_ptr<Estimator> from_document(const json& doc) {
  return from_document_with_metadata(doc).estimator;
}

std::vector<std::uint8_t> save_bytes(const Estimator& estimator, ModelEncoding encoding,
                                     const json& metadata) {
  const json doc = to_document(estimator, metadata);
  if (encoding == ModelEncoding::Json) {
    const std::string text = doc.dump(1);
    return {text.begin(), text.end()};
  }
  std::vector<std::uint8_t> out(std::begin(kBinaryMagic), std::end(kBinaryMagic));
  json::to_bjdata(doc, out, /*use_size=*/true, /*use_type=*/true);
  return out;
}

std::unique_ptr<Estimator> load_bytes(std::span<const std::uint8_t> bytes) {
  return load_bytes_with_metadata(bytes).estimator;
}

LoadedModel load_bytes_with_metadata(std::span<const std::uint8_t> bytes) {
  try {
    return from_document_with_metadata(parse_document(bytes));
  } catch (const std::bad_alloc&) {
    throw ModelFormatError("model file declares sizes too large to load");
  } catch (const std::length_error&) {
    throw ModelFormatError("model file declares sizes too large to load");
  }
}

void save(const Estimator& estimator, const std::string& path) { save(estimator, path, json()); }

void save(const Estimator& estimator, const std::string& path, const json& metadata) {
  const auto bytes = save_bytes(estimator, encoding_for(path), metadata);
  io::AtomicFile file(path);
  file.write({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  file.commit();
}

std::unique_ptr<Estimator> load(const std::string& path) {
  return load_with_metadata(path).estimator;
}

LoadedModel load_with_metadata(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open model file '" + path + "'");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) throw IoError("failed reading model file '" + path + "'");
  return load_bytes_with_metadata(bytes);
}

}  // namespace mlkit
