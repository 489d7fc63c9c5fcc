#pragma once
/// @file serialize.hpp
/// @brief Model files. One document in two encodings: JSON text (".json") and binary BJData
/// (".mlkb"). The document keeps hyperparameters and learned state apart:
/// {"format": "mlkit-model", "format_version": 1, "mlkit_version": "...",
///  "estimator": "<registry name>", "params": {...}, "state": {...}}.
/// Composite estimators (Pipeline, ColumnTransformer, FeatureUnion) add "components": their
/// parts, each a spec with its own state. An optional "metadata" object carries what the
/// caller keeps beside the model (the command line stores the CSV's column names, categories and
/// string class labels there). Loading validates everything before use; any bad file throws
/// ModelFormatError.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit {

/// The newest model format version this build writes and reads.
inline constexpr int kModelFormatVersion = 1;

enum class ModelEncoding { Json, Binary };

/// @brief A loaded model file: the estimator and the metadata saved with it (null when none).
struct LoadedModel {
  std::unique_ptr<Estimator> estimator;
  nlohmann::json metadata;
};

/// @brief Save a fitted estimator; the encoding follows the extension (".json" or ".mlkb").
/// Writes to a temporary file and renames it, so a failure never leaves a partial file.
/// @param metadata Null, or an object stored as the document's "metadata".
void save(const Estimator& estimator, const std::string& path);
void save(const Estimator& estimator, const std::string& path, const nlohmann::json& metadata);
/// @brief Load any registered estimator from a model file in either encoding.
std::unique_ptr<Estimator> load(const std::string& path);
/// @brief Load a model file with the metadata saved beside the estimator.
LoadedModel load_with_metadata(const std::string& path);

/// @brief The model document of a fitted estimator (with "metadata" when it is an object).
nlohmann::json to_document(const Estimator& estimator, const nlohmann::json& metadata);
nlohmann::json to_document(const Estimator& estimator);
/// @brief Build an estimator from a model document; throws ModelFormatError on any defect.
std::unique_ptr<Estimator> from_document(const nlohmann::json& doc);
/// @brief Like from_document, also returning the document's metadata.
LoadedModel from_document_with_metadata(const nlohmann::json& doc);

/// @brief An estimator's spec: {"estimator": name, "params": {...}} plus "components" for a
/// composite and, when @p with_state, its fitted "state". Specs describe unfitted models too
/// (the command line fits a pipeline given as a JSON spec).
nlohmann::json to_spec(const Estimator& estimator, bool with_state = false);
/// @brief Build an estimator from a spec, fitted when the spec has a "state"; throws
/// ModelFormatError naming the defect (unknown estimator, unknown or bad parameter, ...).
std::unique_ptr<Estimator> from_spec(const nlohmann::json& spec);

/// @brief Encode a model in memory.
std::vector<std::uint8_t> save_bytes(const Estimator& estimator, ModelEncoding encoding,
                                     const nlohmann::json& metadata = {});
/// @brief Decode a model from memory; the encoding is detected from the content.
std::unique_ptr<Estimator> load_bytes(std::span<const std::uint8_t> bytes);
LoadedModel load_bytes_with_metadata(std::span<const std::uint8_t> bytes);

}  // namespace mlkit
