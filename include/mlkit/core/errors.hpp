#pragma once
/// @file errors.hpp
/// @brief The typed errors every mlkit call throws. None of them aborts the process.

#include <stdexcept>
#include <string>

namespace mlkit {

/// @brief Base of every error mlkit throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// @brief A hyperparameter with an unknown name, a wrong type or a value outside its constraint.
class InvalidParameter : public Error {
 public:
  using Error::Error;
};

/// @brief Bad data: wrong shapes, NaN/inf where not allowed, empty input, unknown labels.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// @brief A method that needs a fitted estimator was called before `fit`.
class NotFitted : public Error {
 public:
  using Error::Error;
};

/// @brief The estimator does not offer this operation (e.g. predict_proba of a regressor).
class NotSupported : public Error {
 public:
  using Error::Error;
};

/// @brief A model file that is corrupt, truncated, hostile, or from a newer format.
class ModelFormatError : public Error {
 public:
  using Error::Error;
};

/// @brief The requested device is not available (no GPU, or mlkit built without CUDA).
class DeviceError : public Error {
 public:
  using Error::Error;
};

/// @brief A file could not be read or written, or a CSV file is malformed (with line and column).
class IoError : public Error {
 public:
  using Error::Error;
};

/// @brief Work stopped because the caller's cancellation flag or progress callback asked for it.
class Cancelled : public Error {
 public:
  using Error::Error;
};

}  // namespace mlkit
