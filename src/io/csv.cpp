#include "mlkit/io/csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "mlkit/core/errors.hpp"

namespace mlkit::io {

namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    cells.push_back(
        line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return cells;
}

[[noreturn]] void fail(const std::string& path, std::size_t line, std::size_t col,
                       const std::string& why) {
  throw IoError(path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + why);
}

}  // namespace

NumericTable read_numeric_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open '" + path + "'");
  std::string line;
  NumericTable t;
  std::vector<double> values;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1) {
      for (auto c : split(line)) t.columns.emplace_back(c);
      continue;
    }
    if (line.empty()) fail(path, line_no, 1, "empty line");
    const auto cells = split(line);
    if (cells.size() != t.columns.size())
      fail(path, line_no, 1,
           "expected " + std::to_string(t.columns.size()) + " fields, found " +
               std::to_string(cells.size()));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      double v = 0;
      const auto cell = cells[c];
      const auto res = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (cell.empty() || res.ec != std::errc() || res.ptr != cell.data() + cell.size()) {
        std::string why = "'";  // appended piecewise: GCC 12 warns falsely on operator+ here
        why.append(cell).append("' is not a number");
        fail(path, line_no, c + 1, why);
      }
      values.push_back(v);
    }
  }
  if (in.bad()) throw IoError("failed reading '" + path + "'");
  if (t.columns.empty()) fail(path, 1, 1, "file is empty");
  const auto cols = static_cast<Index>(t.columns.size());
  t.values =
      Eigen::Map<const Matrix>(values.data(), static_cast<Index>(values.size()) / cols, cols);
  return t;
}

}  // namespace mlkit::io
