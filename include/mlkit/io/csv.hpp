#pragma once
/// @file csv.hpp
/// @brief Reading and writing CSV files: RFC 4180 quoting, NA markers, string columns encoded as
/// categories, a target column, and a streaming reader that yields bounded chunks of rows.
///
/// Rules the reader follows (every one of them is checked by tests):
/// - Fields may be quoted with `"`; a quoted field may hold the delimiter, newlines and doubled
///   quotes (`""` stands for one `"`). A quote inside an unquoted field, any character other than a
///   delimiter or line end after a closing quote, and a quote left open at the end of the file are
///   errors.
/// - Lines end with LF, CRLF or a lone CR. A final line without a line end is read.
/// - A UTF-8 byte order mark at the very start of the file is skipped, as pandas does.
/// - A cell equal to one of the NA markers (compared before any trimming, quoted or not) is NaN.
/// - A number reads as std::from_chars reads it: the double nearest the text, so a double written
///   by write_csv comes back bit for bit. Spaces and tabs around a number and a
///   leading `+` are allowed; `inf`, `-inf`, `infinity` and `nan` are numbers; a value too large
///   for a double is +-inf and one too small is +-0, as in pandas.
/// - A column whose non-NA cells are all numbers is numeric. Any other column is a string column:
///   it is encoded (each distinct string becomes a category, its code is stored as a double) or the
///   file is rejected, as CsvOptions::string_columns says. NA cells of a string column are NaN.
/// - Blank lines are errors (they are never skipped silently), except in a file of one column,
///   where a blank line is one empty cell.
/// - Every malformed input throws mlkit::IoError whose message starts with
///   `<path>: line <L>, column <C>` (lines count from 1 and include the header; columns count
///   fields from 1): ragged rows, quoting errors, a non-numeric cell in a column that was decided
///   numeric, an unknown category in a column with fixed categories, an empty file, a header
///   without data rows, duplicate column names. Nothing is skipped or truncated.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::io {

/// @brief What the reader does with a column that holds strings that are not numbers.
enum class StringColumns {
  Encode,  ///< Encode each distinct string as a category code (a double: 0, 1, 2, ...).
  Reject,  ///< Throw IoError naming the column and the first line holding a non-number.
};

/// @brief Options of the CSV reader.
struct CsvOptions {
  /// The field delimiter; any byte except `"`, CR and LF.
  char delimiter = ',';
  /// Whether the first line names the columns. Without a header the columns are named "0", "1", ...
  /// (pandas' names); an empty name in a header becomes "Unnamed: <index>", as in pandas.
  bool header = true;
  /// Cells equal to one of these strings are NaN (pandas' defaults are a superset of these).
  std::vector<std::string> na_values = {"", "NA", "NaN", "nan", "null"};
  /// Encode or reject string columns.
  StringColumns string_columns = StringColumns::Encode;
  /// Name of the target column, split off into CsvTable::y / CsvChunk::y; empty for none.
  std::string target;
  /// Fixed categories by column name (the target's name included). Such a column is a string
  /// column whose code is the index in the given list, whatever its cells look like; a value not in
  /// the list is an IoError. Use it to read new data with the categories learned on training data.
  std::map<std::string, std::vector<std::string>> categories;
  /// CsvReader only: the number of data rows scanned when the reader is opened to decide which
  /// columns are numeric (0 decides every column numeric unless it has fixed categories). A column
  /// decided numeric that meets a non-number later is an IoError. read_csv looks at every row.
  std::size_t infer_rows = 10000;
  /// Size in bytes of each read from the file. Rows longer than this are still read whole.
  std::size_t buffer_bytes = std::size_t{1} << 20;
};

/// @brief A whole CSV file as read by read_csv.
struct CsvTable {
  /// Names of the feature columns, in file order, without the target.
  std::vector<std::string> columns;
  /// Features, one row per data line; string columns hold category codes, NA cells NaN.
  Matrix X;
  /// Categories of each feature column, sorted (byte order; fixed categories stay as given);
  /// empty for numeric columns.
  std::vector<std::vector<std::string>> categories;
  /// Name of the target column; empty when none was asked for.
  std::string target_name;
  /// The target column; empty when none was asked for.
  Vector y;
  /// The target's labels, sorted, when the target is a string column (y holds their codes);
  /// empty when the target is numeric.
  std::vector<std::string> target_classes;
};

/// @brief A chunk of consecutive rows from CsvReader::next.
struct CsvChunk {
  /// Features of the chunk's rows (columns as in CsvReader::columns).
  Matrix X;
  /// Target of the chunk's rows; empty when no target was asked for.
  Vector y;
  /// Index of the chunk's first row among the file's data rows, from 0.
  std::size_t first_row = 0;
  /// Line of the file on which the chunk's first row starts, from 1.
  std::size_t first_line = 0;
};

/// @brief Streaming CSV reader: reads a file of any size in chunks of at most a given number of
/// rows, holding only one buffer of the file and the current chunk in memory.
///
/// Column types are decided when the reader is opened, from the first CsvOptions::infer_rows data
/// rows (the file is read twice over that stretch). A column decided numeric that meets a
/// non-number further on throws IoError with that cell's line and column. Categories of string
/// columns are numbered in order of first appearance (stable across chunks), unless fixed by
/// CsvOptions::categories; read_csv renumbers them in sorted order instead.
///
/// @code
/// mlkit::io::CsvReader reader("big.csv", {.target = "label"});
/// while (auto chunk = reader.next(100000)) use(chunk->X, chunk->y);
/// @endcode
class CsvReader {
 public:
  /// @brief Open @p path, read its header and decide the column types.
  /// @param path File to read.
  /// @param options Delimiter, header, NA markers, string columns, target, fixed categories.
  /// @throws IoError if the file cannot be opened or is malformed within the rows scanned.
  CsvReader(const std::string& path, CsvOptions options = {});
  ~CsvReader();
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;

  /// @brief Read the next rows.
  /// @param max_rows Largest number of rows to return (at least 1).
  /// @return The next chunk of 1 to @p max_rows rows, or no value at the end of the file.
  /// @throws IoError on a malformed row; the reader is then unusable.
  std::optional<CsvChunk> next(std::size_t max_rows);

  /// @brief Names of the feature columns (the target excluded).
  const std::vector<std::string>& columns() const;
  /// @brief Name of the target column, or empty.
  const std::string& target_name() const;
  /// @brief Whether feature column @p j is a string column.
  bool is_string_column(std::size_t j) const;
  /// @brief Categories seen so far in feature column @p j, indexed by code; empty when numeric.
  const std::vector<std::string>& categories(std::size_t j) const;
  /// @brief Whether the target is a string column.
  bool target_is_string() const;
  /// @brief Target labels seen so far, indexed by code; empty when the target is numeric.
  const std::vector<std::string>& target_classes() const;
  /// @brief Number of data rows returned so far.
  std::size_t rows_read() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// @brief Read a whole CSV file.
/// @param path File to read.
/// @param options Delimiter, header, NA markers, string columns, target, fixed categories.
/// @return Features, their names and categories, and the target when one was named.
/// @throws IoError if the file cannot be read or is malformed (with line and column).
CsvTable read_csv(const std::string& path, const CsvOptions& options = {});

/// @brief A numeric table with its column names.
struct NumericTable {
  std::vector<std::string> columns;
  Matrix values;
};

/// @brief Read a comma-separated file with a header whose every cell is a number (no NA markers,
/// no string columns). Any other cell or a ragged row throws IoError naming the line and column.
/// @param path File to read.
NumericTable read_numeric_csv(const std::string& path);

/// @brief Options of the CSV writer.
struct CsvWriteOptions {
  /// The field delimiter.
  char delimiter = ',';
  /// Whether to write a header line with the column names.
  bool header = true;
  /// Text written for NaN (pandas' default, which reads back as NaN).
  std::string na_rep;
};

/// @brief Write a matrix as CSV: doubles in their shortest form that reads back bit for bit
/// (std::to_chars), fields quoted where they must be. The file is written to a temporary file in
/// the same folder and renamed into place, so @p path never holds a partial file.
/// @param path File to write (replaced if it exists).
/// @param X Values, one line per row.
/// @param columns Column names, one per column of @p X (ignored, but still checked, without
/// header).
/// @param options Delimiter, header and NA text.
/// @throws InvalidInput if the names do not match the columns; IoError if writing fails.
void write_csv(const std::string& path, MatrixView X, const std::vector<std::string>& columns,
               const CsvWriteOptions& options = {});

/// @brief Write a table as read_csv returns it: string columns as their categories, and the target
/// (if any) as the last column. Reading the file back gives the same table, except where a
/// category is empty or equal to an NA marker (it reads back as NaN), or where every category of a
/// column looks like a number (the column reads back as numeric).
/// @param path File to write (replaced if it exists).
/// @param table Features, names, categories and target.
/// @param options Delimiter, header and NA text.
/// @throws InvalidInput if the table is inconsistent; IoError if writing fails.
void write_csv(const std::string& path, const CsvTable& table, const CsvWriteOptions& options = {});

}  // namespace mlkit::io
