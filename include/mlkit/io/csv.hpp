#pragma once
/// @file csv.hpp
/// @brief Reading numeric CSV files.

#include <string>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::io {

/// @brief A numeric table with its column names.
struct NumericTable {
  std::vector<std::string> columns;
  Matrix values;
};

/// @brief Read a comma-separated file whose first line names the columns and whose other lines
/// hold numbers. Any malformed cell or ragged row throws IoError naming the line and column.
NumericTable read_numeric_csv(const std::string& path);

}  // namespace mlkit::io
