#pragma once
/// @file mlkit.hpp
/// @brief Everything a user of mlkit needs, in one include.

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/estimator.hpp"
#include "mlkit/core/params.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/core/registry.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/core/types.hpp"
#include "mlkit/core/validation.hpp"
#include "mlkit/datasets/datasets.hpp"
#include "mlkit/io/csv.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "mlkit/metrics/classification.hpp"
#include "mlkit/metrics/cluster.hpp"
#include "mlkit/metrics/pairwise.hpp"
#include "mlkit/metrics/regression.hpp"
#include "mlkit/metrics/scorers.hpp"
#include "mlkit/preprocessing/standard_scaler.hpp"
#include "mlkit/version.hpp"
