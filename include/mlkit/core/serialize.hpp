#pragma once
/// @file serialize.hpp
/// @brief Model files. One document in two encodings: JSON text (".json") and binary BJData
/// (".mlkb"). The document keeps hyperparameters and learned state apart:
/// {"format": "mlkit-model", "format_version": 1, "mlkit_version": "...",
///  "estimator": "<registry name>", "params": {...}, "state": {...}}.
/// Loading validates everything before use; any bad file throws ModelFormatError.

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit {

/// The newest model format version this build writes and reads.
inline constexpr int kModelFormatVersion = 1;

enum class ModelEncoding { Json, Binary };

/// @brief Save a fitted estimator; the encoding follows the extension (".json" or ".mlkb").
/// Writes to a temporary file and renames it, so a failure never leaves a partial file.
void save(const Estimator& estimator, const std::string& path);
/// @brief Load any registered estimator from a model file in either encoding.
std::unique_ptr<Estimator> load(const std::string& path);

/// @brief The model document of a fitted estimator.
nlohmann::json to_document(const Estimator& estimator);
/// @brief Build an estimator from a model document; throws ModelFormatError on any defect.
std::unique_ptr<Estimator> from_document(const nlohmann::json& doc);

/// @brief Encode a model in memory.
std::vector<std::uint8_t> save_bytes(const Estimator& estimator, ModelEncoding encoding);
/// @brief Decode a model from memory; the encoding is detected from the content.
std::unique_ptr<Estimator> load_bytes(std::span<const std::uint8_t> bytes);

}  // namespace mlkit
