#include "mlkit/io/csv.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "mlkit/core/errors.hpp"

namespace mlkit::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string quoted_name(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, 64));
  if (s.size() > 64) out.append("...");
  out.push_back('\'');
  return out;
}

/// One field of the current row: a span of the read buffer, without its enclosing quotes.
struct Cell {
  const char* begin;
  const char* end;
  bool quoted;
  bool escaped;  // holds doubled quotes still to be collapsed
  std::size_t line;
  std::string_view view() const { return {begin, static_cast<std::size_t>(end - begin)}; }
};

/// Splits a file into rows of RFC 4180 fields, reading it in large blocks. A row's cells point
/// into the buffer and stay valid until the next call of next_row.
class Tokenizer {
 public:
  Tokenizer(const std::string& path, char delimiter, std::size_t buffer_bytes)
      : path_(path), delim_(delimiter) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw IoError("cannot open '" + path + "': " + std::generic_category().message(errno));
    buf_.resize(std::max<std::size_t>(buffer_bytes, 16));
    for (int c : {static_cast<unsigned char>(delimiter), static_cast<unsigned char>('"'),
                  static_cast<unsigned char>('\n'), static_cast<unsigned char>('\r')})
      special_[c] = true;
    fill();
    // A UTF-8 byte order mark is skipped, as pandas does.
    if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
  }
  ~Tokenizer() {
    if (fd_ >= 0) ::close(fd_);
  }
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  const std::string& path() const { return path_; }

  /// Reads the next row into cells(); false at the end of the file.
  bool next_row() {
    for (;;) {
      if (pos_ == end_ && !fill()) return false;
      if (try_row(eof_)) return true;
      if (!fill()) {
        try_row(true);  // completes the last row at the end of the file, or throws
        return true;
      }
    }
  }

  /// Whether no row is left, without consuming one.
  bool at_end() { return pos_ == end_ && !fill(); }

  const std::vector<Cell>& cells() const { return cells_; }
  std::size_t row_line() const { return row_line_; }
  std::size_t line() const { return line_; }

  /// Where the next row starts, to come back to it with seek().
  /// The file's size in bytes (0 when unknown).
  std::uint64_t file_size() const {
    struct stat st {};
    return ::fstat(fd_, &st) == 0 && st.st_size > 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  }
  std::pair<std::uint64_t, std::size_t> tell() const { return {buf_offset_ + pos_, line_}; }
  void seek(std::pair<std::uint64_t, std::size_t> where) {
    if (::lseek(fd_, static_cast<off_t>(where.first), SEEK_SET) < 0)
      throw IoError("cannot seek in '" + path_ + "': " + std::generic_category().message(errno));
    buf_offset_ = where.first;
    pos_ = end_ = 0;
    eof_ = false;
    line_ = where.second;
    fill();
  }

  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& why) const {
    throw IoError(path_ + ": line " + std::to_string(line) + ", column " + std::to_string(column) +
                  ": " + why);
  }

 private:
  /// Moves the unread bytes to the front and reads more; false when nothing more could be read.
  bool fill() {
    if (eof_) return false;
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      buf_offset_ += pos_;
      end_ -= pos_;
      pos_ = 0;
    }
    // A row longer than half the buffer: grow it, so that rescanning a long row stays linear.
    if (end_ * 2 > buf_.size()) buf_.resize(buf_.size() * 2);
    const std::size_t before = end_;
    while (end_ < buf_.size()) {
      const ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw IoError("failed reading '" + path_ + "': " + std::generic_category().message(errno));
      }
      if (n == 0) {
        eof_ = true;
        break;
      }
      end_ += static_cast<std::size_t>(n);
    }
    return end_ > before;
  }

  /// The first delimiter, quote, CR or LF in [p, e), or e; sixteen bytes at a time where SSE2 is.
  const char* find_special(const char* p, const char* e) const {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8(delim_), q = _mm_set1_epi8('"');
    const __m128i n = _mm_set1_epi8('\n'), r = _mm_set1_epi8('\r');
    while (e - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, n), _mm_cmpeq_epi8(v, r)));
      const int mask = _mm_movemask_epi8(hit);
      if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
      p += 16;
    }
#endif
    while (p < e && !special_[static_cast<unsigned char>(*p)]) ++p;
    return p;
  }

  std::size_t count_lines(const char* b, const char* e) const {
    std::size_t n = 0;
    for (const char* p = b; p < e; ++p)
      if (*p == '\n' || (*p == '\r' && (p + 1 == e || p[1] != '\n'))) ++n;
    return n;
  }

  /// Splits the row at pos_. Returns false when the buffer ends inside the row and more may come;
  /// with at_eof the end of the buffer ends the row.
  bool try_row(bool at_eof) {
    const char* const b = buf_.data();
    const char* const e = b + end_;
    const char* p = b + pos_;
    std::size_t line = line_;
    cells_.clear();
    for (;;) {
      if (p < e && *p == '"') {
        const char* const start = p + 1;
        const char* q = start;
        bool escaped = false;
        for (;;) {
          const void* f = std::memchr(q, '"', static_cast<std::size_t>(e - q));
          if (f == nullptr) {
            if (!at_eof) return false;
            fail(line, cells_.size() + 1, "quoted field not closed before the end of the file");
          }
          q = static_cast<const char*>(f);
          if (q + 1 < e) {
            if (q[1] == '"') {
              escaped = true;
              q += 2;
              continue;
            }
            break;
          }
          if (!at_eof) return false;
          break;
        }
        cells_.push_back({start, q, true, escaped, line});
        line += count_lines(start, q);
        p = q + 1;
        if (p == e) {
          if (!at_eof) return false;
          break;
        }
        if (*p == delim_) {
          ++p;
          continue;
        }
        if (*p == '\n') {
          ++p;
          break;
        }
        if (*p == '\r') {
          if (p + 1 == e && !at_eof) return false;
          ++p;
          if (p < e && *p == '\n') ++p;
          break;
        }
        fail(line, cells_.size(), "unexpected character after the closing quote of a field");
      }
      const char* const start = p;
      p = find_special(p, e);
      if (p == e) {
        if (!at_eof) return false;
        cells_.push_back({start, p, false, false, line});
        break;
      }
      if (*p == '"') fail(line, cells_.size() + 1, "quote inside an unquoted field");
      cells_.push_back({start, p, false, false, line});
      if (*p == delim_) {
        ++p;
        continue;
      }
      if (*p == '\n') {
        ++p;
        break;
      }
      if (p + 1 == e && !at_eof) return false;  // '\r': is it CRLF?
      ++p;
      if (p < e && *p == '\n') ++p;
      break;
    }
    row_line_ = line_;
    line_ = line + 1;
    pos_ = static_cast<std::size_t>(p - b);
    return true;
  }

  std::string path_;
  char delim_;
  int fd_ = -1;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t buf_offset_ = 0;  // file offset of buf_[0]
  bool eof_ = false;
  std::size_t line_ = 1, row_line_ = 1;
  bool special_[256] = {};
  std::vector<Cell> cells_;
};

/// A number as the text of a cell, or false. Spaces and tabs around it and a leading '+' are
/// allowed; a value outside a double's range is +-inf (too large) or +-0 (too small).
/// Clinger's fast path for the commonest cells, -?[0-9]+(.[0-9]+)? with at most 15 digits: the
/// digits as an integer below 2^53 and a power of ten up to 10^22 are exact doubles, so one
/// correctly rounded division gives the correctly rounded value, as std::from_chars would.
/// Returns false (without a value) for anything else, which std::from_chars then reads.
inline bool parse_simple_decimal(const char* b, const char* e, double& out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  if (e - b > 17) return false;  // longer than a sign, 15 digits and a point
  const bool negative = b < e && *b == '-';
  const char* p = b + negative;
  std::uint64_t mantissa = 0;
  const char* const int_begin = p;
  while (p < e && static_cast<unsigned>(*p - '0') < 10) mantissa = mantissa * 10 + (*p++ - '0');
  std::size_t digits = static_cast<std::size_t>(p - int_begin);
  if (digits == 0) return false;
  std::size_t decimals = 0;
  if (p < e && *p == '.') {
    const char* const frac_begin = ++p;
    while (p < e && static_cast<unsigned>(*p - '0') < 10) mantissa = mantissa * 10 + (*p++ - '0');
    decimals = static_cast<std::size_t>(p - frac_begin);
    if (decimals == 0) return false;
    digits += decimals;
  }
  if (p != e || digits > 15) return false;
  const double v = static_cast<double>(mantissa) / kPow10[decimals];
  out = negative ? -v : v;
  return true;
}

bool parse_number(const char* b, const char* e, double& out) {
  if (b == e) return false;
  if (parse_simple_decimal(b, e, out)) return true;
  auto r = std::from_chars(b, e, out);
  if (r.ec == std::errc() && r.ptr == e) return true;
  while (b < e && (*b == ' ' || *b == '\t')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t')) --e;
  if (b < e && *b == '+') {
    ++b;
    if (b < e && (*b == '-' || *b == '+')) return false;
  }
  if (b == e) return false;
  r = std::from_chars(b, e, out);
  if (r.ptr != e) return false;
  if (r.ec == std::errc()) return true;
  if (r.ec != std::errc::result_out_of_range) return false;
  // Out of range: is the decimal exponent of the first significant digit above zero?
  const char* p = b;
  const bool negative = *p == '-';
  if (negative) ++p;
  std::int64_t int_digits = 0, lead_zeros = 0;
  bool seen_point = false, seen_nonzero = false;
  for (; p < e && *p != 'e' && *p != 'E'; ++p) {
    if (*p == '.') {
      seen_point = true;
    } else if (!seen_nonzero && *p == '0') {
      if (seen_point) ++lead_zeros;
    } else {
      seen_nonzero = true;
      if (!seen_point) ++int_digits;
    }
  }
  std::int64_t exponent = 0;
  if (p < e) {
    ++p;
    bool exp_negative = false;
    if (p < e && (*p == '-' || *p == '+')) exp_negative = *p++ == '-';
    for (; p < e; ++p) exponent = std::min<std::int64_t>(exponent * 10 + (*p - '0'), 1'000'000'000);
    if (exp_negative) exponent = -exponent;
  }
  const std::int64_t magnitude = int_digits > 0 ? int_digits + exponent : exponent - lead_zeros;
  out = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  if (negative) out = -out;
  return true;
}

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

/// How one column of the file is read.
struct Column {
  std::string name;
  bool is_string = false;
  bool fixed = false;  // categories given by the caller
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> codes;
  std::vector<std::string> categories;  // by code
  std::size_t first_string_line = 0;    // read_csv: first line holding a non-number
};

}  // namespace

struct CsvReader::Impl {
  CsvOptions opt;
  Tokenizer tok;
  std::vector<Column> cols;                // file columns
  std::size_t target = SIZE_MAX;           // file column of the target
  std::vector<std::string> feature_names;  // file columns without the target
  std::vector<std::size_t> feature_of;     // file column -> feature index (target: SIZE_MAX)
  std::vector<std::size_t> feature_cols;   // feature index -> file column
  std::size_t max_na = 0;
  std::string scratch;
  std::size_t rows = 0;
  bool lenient = false;  // read_csv's first pass: note string columns instead of failing
  bool broken = false;
  std::pair<std::uint64_t, std::size_t> data_start{};
  static inline const std::vector<std::string> kNone{};

  Impl(const std::string& path, CsvOptions options, const std::vector<bool>* force_string)
      : opt(std::move(options)), tok(path, opt.delimiter, opt.buffer_bytes) {
    for (const auto& na : opt.na_values) max_na = std::max(max_na, na.size());
    if (opt.delimiter == '"' || opt.delimiter == '\n' || opt.delimiter == '\r')
      throw InvalidParameter("the CSV delimiter must not be a quote or a line end");
    const auto header_start = tok.tell();
    if (!tok.next_row()) tok.fail(1, 1, "file is empty");
    const auto& cells = tok.cells();
    cols.resize(cells.size());
    for (std::size_t j = 0; j < cells.size(); ++j) {
      std::string name;
      if (opt.header) {
        name = text(cells[j]);
        if (name.empty()) name = "Unnamed: " + std::to_string(j);
      } else {
        name = std::to_string(j);
      }
      for (std::size_t k = 0; k < j; ++k)
        if (cols[k].name == name)
          tok.fail(tok.row_line(), j + 1, "duplicate column name " + quoted_name(name));
      cols[j].name = std::move(name);
    }
    if (!opt.header) tok.seek(header_start);
    data_start = tok.tell();
    if (tok.at_end())
      tok.fail(tok.line(), 1, opt.header ? "no data rows after the header" : "file is empty");

    if (!opt.target.empty()) {
      for (std::size_t j = 0; j < cols.size(); ++j)
        if (cols[j].name == opt.target) target = j;
      if (target == SIZE_MAX)
        throw IoError(path + ": no column named " + quoted_name(opt.target) + " for the target");
      if (cols.size() < 2)
        throw IoError(path + ": the target " + quoted_name(opt.target) +
                      " is the only column, which leaves no features");
    }
    feature_of.assign(cols.size(), SIZE_MAX);
    for (std::size_t j = 0; j < cols.size(); ++j) {
      if (j == target) continue;
      feature_of[j] = feature_cols.size();
      feature_cols.push_back(j);
      feature_names.push_back(cols[j].name);
    }
    for (const auto& entry : opt.categories) {
      const std::string& name = entry.first;
      const std::vector<std::string>& cats = entry.second;
      auto it =
          std::find_if(cols.begin(), cols.end(), [&](const Column& c) { return c.name == name; });
      if (it == cols.end())
        throw IoError(path + ": categories given for " + quoted_name(name) +
                      ", which is not a column of the file");
      it->is_string = it->fixed = true;
      for (const auto& cat : cats) {
        if (!it->codes.emplace(cat, it->categories.size()).second)
          throw InvalidInput("category " + quoted_name(cat) + " is given twice for column " +
                             quoted_name(name));
        it->categories.push_back(cat);
      }
    }
    if (force_string)
      for (std::size_t j = 0; j < cols.size(); ++j)
        if ((*force_string)[j]) cols[j].is_string = true;
  }

  /// Decides the column types from the first infer_rows rows, then comes back to the first row.
  void infer(std::size_t infer_rows) {
    if (infer_rows == 0) return;
    std::size_t n = 0;
    while (n < infer_rows && tok.next_row()) {
      check_shape();
      const auto& cells = tok.cells();
      for (std::size_t j = 0; j < cols.size(); ++j) {
        Column& col = cols[j];
        if (col.is_string) continue;
        double v;
        const Cell& c = cells[j];
        if (is_na(c) || parse_number(c.begin, c.end, v)) continue;
        if (opt.string_columns == StringColumns::Reject) reject(c, j);
        col.is_string = true;
      }
      ++n;
    }
    tok.seek(data_start);
  }

  std::string text(const Cell& c) {
    std::string s(c.begin, c.end);
    if (c.escaped) unescape(s);
    return s;
  }

  static void unescape(std::string& s) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < s.size(); ++r, ++w) {
      s[w] = s[r];
      if (s[r] == '"') ++r;  // the second quote of a pair
    }
    s.resize(w);
  }

  bool is_na(const Cell& c) const {
    const std::size_t n = static_cast<std::size_t>(c.end - c.begin);
    if (n > max_na || c.escaped) return false;
    for (const auto& na : opt.na_values)
      if (na.size() == n && std::memcmp(na.data(), c.begin, n) == 0) return true;
    return false;
  }

  void check_shape() {
    const auto& cells = tok.cells();
    if (cells.size() == cols.size()) return;
    if (cells.size() == 1 && !cells[0].quoted && cells[0].begin == cells[0].end)
      tok.fail(tok.row_line(), 1,
               "blank line (expected " + std::to_string(cols.size()) + " fields)");
    const std::size_t column = std::min(cells.size(), cols.size()) + 1;
    tok.fail(cells.size() > cols.size() ? cells[cols.size()].line : cells.back().line, column,
             "expected " + std::to_string(cols.size()) + " fields, found " +
                 std::to_string(cells.size()));
  }

  std::string where(std::size_t j) const { return "column " + quoted_name(cols[j].name); }

  [[noreturn]] void reject(const Cell& c, std::size_t j) {
    tok.fail(c.line, j + 1,
             where(j) + " holds the string " + quoted_name(text(c)) +
                 ", and string columns are rejected (CsvOptions::string_columns)");
  }

  /// The value of cell c of file column j.
  double value(const Cell& c, std::size_t j) {
    Column& col = cols[j];
    if (is_na(c)) return kNaN;
    if (!col.is_string) {
      double v;
      if (parse_number(c.begin, c.end, v)) return v;
      if (opt.string_columns == StringColumns::Reject) reject(c, j);
      if (lenient) {
        if (col.first_string_line == 0) col.first_string_line = c.line;
        return kNaN;
      }
      tok.fail(c.line, j + 1,
               quoted_name(text(c)) + " is not a number, and " + where(j) +
                   " was decided numeric from the first rows (CsvOptions::infer_rows)");
    }
    std::string_view s = c.view();
    if (c.escaped) {
      scratch.assign(s);
      unescape(scratch);
      s = scratch;
    }
    auto it = col.codes.find(s);
    if (it != col.codes.end()) return static_cast<double>(it->second);
    if (col.fixed)
      tok.fail(c.line, j + 1,
               quoted_name(s) + " is not one of the " + std::to_string(col.categories.size()) +
                   " categories given for " + where(j));
    col.categories.emplace_back(s);
    col.codes.emplace(col.categories.back(), col.categories.size() - 1);
    return static_cast<double>(col.categories.size() - 1);
  }

  /// Reads the next row into x (features) and y (target); false at the end of the file.
  bool read_row(double* x, double* y) {
    if (!tok.next_row()) return false;
    check_shape();
    const auto& cells = tok.cells();
    for (std::size_t j = 0; j < cells.size(); ++j) {
      const double v = value(cells[j], j);
      if (j == target)
        *y = v;
      else
        x[feature_of[j]] = v;
    }
    ++rows;
    return true;
  }
};

CsvReader::CsvReader(const std::string& path, CsvOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options), nullptr)) {
  impl_->infer(impl_->opt.infer_rows);
}
CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

std::optional<CsvChunk> CsvReader::next(std::size_t max_rows) {
  if (max_rows == 0) throw InvalidInput("CsvReader::next needs max_rows >= 1");
  Impl& m = *impl_;
  if (m.broken) throw IoError(m.tok.path() + ": the reader failed earlier and cannot go on");
  const std::size_t p = m.feature_cols.size();
  const bool has_y = m.target != SIZE_MAX;
  std::vector<double> xs, ys;
  const std::size_t guess = std::min<std::size_t>(max_rows, 4096);
  xs.reserve(guess * p);
  if (has_y) ys.reserve(guess);
  CsvChunk chunk;
  chunk.first_row = m.rows;
  std::size_t n = 0;
  double y = 0;
  try {
    while (n < max_rows) {
      xs.resize(xs.size() + p);
      if (!m.read_row(xs.data() + xs.size() - p, &y)) {
        xs.resize(xs.size() - p);
        break;
      }
      if (n == 0) chunk.first_line = m.tok.row_line();
      if (has_y) ys.push_back(y);
      ++n;
    }
  } catch (...) {
    m.broken = true;
    throw;
  }
  if (n == 0) return std::nullopt;
  chunk.X = Eigen::Map<const Matrix>(xs.data(), static_cast<Index>(n), static_cast<Index>(p));
  if (has_y) chunk.y = Eigen::Map<const Vector>(ys.data(), static_cast<Index>(n));
  return chunk;
}

const std::vector<std::string>& CsvReader::columns() const { return impl_->feature_names; }
const std::string& CsvReader::target_name() const { return impl_->opt.target; }
bool CsvReader::is_string_column(std::size_t j) const {
  return impl_->cols.at(impl_->feature_cols.at(j)).is_string;
}
const std::vector<std::string>& CsvReader::categories(std::size_t j) const {
  return impl_->cols.at(impl_->feature_cols.at(j)).categories;
}
bool CsvReader::target_is_string() const {
  return impl_->target != SIZE_MAX && impl_->cols[impl_->target].is_string;
}
const std::vector<std::string>& CsvReader::target_classes() const {
  return impl_->target == SIZE_MAX ? Impl::kNone : impl_->cols[impl_->target].categories;
}
std::size_t CsvReader::rows_read() const { return impl_->rows; }

namespace {

/// Renumbers the codes of a string column in sorted order of its categories; returns the map.
std::vector<double> sort_categories(std::vector<std::string>& cats) {
  std::vector<std::size_t> order(cats.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return cats[a] < cats[b]; });
  std::vector<double> recode(cats.size());
  std::vector<std::string> sorted(cats.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    recode[order[k]] = static_cast<double>(k);
    sorted[k] = std::move(cats[order[k]]);
  }
  cats = std::move(sorted);
  return recode;
}

void apply(std::vector<double>& recode, double* v, std::size_t n, std::size_t stride) {
  for (std::size_t i = 0; i < n; ++i, v += stride)
    if (!std::isnan(*v)) *v = recode[static_cast<std::size_t>(*v)];
}

}  // namespace

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
  std::vector<bool> force;
  for (int pass = 0; pass < 2; ++pass) {
    CsvReader::Impl m(path, options, pass == 0 ? nullptr : &force);
    m.lenient = true;
    const std::size_t p = m.feature_cols.size();
    std::vector<double> xs, ys;
    double y = 0;
    for (;;) {
      // After the first rows, reserve for the whole file from its size and the bytes per row.
      if (m.rows == 1024) {
        const double per_row = static_cast<double>(m.tok.tell().first - m.data_start.first) / 1024;
        const auto expect = static_cast<std::size_t>(
            std::min(1.05 * static_cast<double>(m.tok.file_size()) / std::max(per_row, 1.0),
                     static_cast<double>(std::size_t{1} << 40) / static_cast<double>(p + 1)));
        xs.reserve(expect * p);
        if (m.target != SIZE_MAX) ys.reserve(expect);
      }
      xs.resize(xs.size() + p);
      if (!m.read_row(xs.data() + xs.size() - p, &y)) {
        xs.resize(xs.size() - p);
        break;
      }
      if (m.target != SIZE_MAX) ys.push_back(y);
    }
    // Columns that held a non-number after numbers: read again with them as string columns.
    force.assign(m.cols.size(), false);
    bool again = false;
    for (std::size_t j = 0; j < m.cols.size(); ++j)
      if (m.cols[j].first_string_line != 0) force[j] = again = true;
    if (again) continue;

    CsvTable t;
    const std::size_t n = m.rows;
    t.columns = m.feature_names;
    t.X = Eigen::Map<const Matrix>(xs.data(), static_cast<Index>(n), static_cast<Index>(p));
    t.categories.resize(p);
    for (std::size_t f = 0; f < p; ++f) {
      Column& col = m.cols[m.feature_cols[f]];
      if (!col.is_string) continue;
      if (!col.fixed) {
        auto recode = sort_categories(col.categories);
        apply(recode, t.X.data() + f, n, p);
      }
      t.categories[f] = std::move(col.categories);
    }
    if (m.target != SIZE_MAX) {
      t.target_name = m.cols[m.target].name;
      t.y = Eigen::Map<const Vector>(ys.data(), static_cast<Index>(n));
      Column& col = m.cols[m.target];
      if (col.is_string) {
        if (!col.fixed) {
          auto recode = sort_categories(col.categories);
          apply(recode, t.y.data(), n, 1);
        }
        t.target_classes = std::move(col.categories);
      }
    }
    return t;
  }
  throw IoError(path + ": the column types changed between two reads of the file");
}

NumericTable read_numeric_csv(const std::string& path) {
  CsvOptions options;
  options.na_values.clear();
  options.string_columns = StringColumns::Reject;
  CsvTable t = read_csv(path, options);
  return {std::move(t.columns), std::move(t.X)};
}

// ---------------------------------------------------------------------------------------------
// Writing

namespace {

class Writer {
 public:
  Writer(const std::string& path, const CsvWriteOptions& options) : path_(path), opt_(options) {
    if (opt_.delimiter == '"' || opt_.delimiter == '\n' || opt_.delimiter == '\r')
      throw InvalidParameter("the CSV delimiter must not be a quote or a line end");
    const std::filesystem::path target(path);
    std::string tmpl =
        (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) /
        ("." + target.filename().string() + ".tmp.XXXXXX");
    fd_ = ::mkstemp(tmpl.data());
    if (fd_ < 0)
      throw IoError("cannot create a temporary file beside '" + path +
                    "': " + std::generic_category().message(errno));
    tmp_ = tmpl;
    buf_.reserve(kFlushAt + 4096);
  }
  ~Writer() {
    if (fd_ >= 0) ::close(fd_);
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void text(std::string_view s) {
    // A leading byte order mark is quoted too: the reader skips one at the start of a file.
    const bool quote = s.find_first_of(specials_) != s.npos || s.starts_with("\xEF\xBB\xBF");
    if (!quote) {
      buf_.append(s);
    } else {
      buf_.push_back('"');
      for (char c : s) {
        if (c == '"') buf_.push_back('"');
        buf_.push_back(c);
      }
      buf_.push_back('"');
    }
  }
  void number(double v) {
    if (std::isnan(v)) {
      text(opt_.na_rep);
      return;
    }
    char tmp[32];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
  }
  void delimiter() { buf_.push_back(opt_.delimiter); }
  void end_line() {
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) flush();
  }

  void commit() {
    flush();
    if (::fsync(fd_) != 0) fail("cannot sync");
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot close");
    ::chmod(tmp_.c_str(), 0644);  // mkstemp creates the file readable by its owner only
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) throw IoError("cannot rename the temporary file to '" + path_ + "': " + ec.message());
    tmp_.clear();
  }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;

  [[noreturn]] void fail(const char* what) {
    throw IoError(std::string(what) + " writing '" + path_ +
                  "': " + std::generic_category().message(errno));
  }
  void flush() {
    std::size_t done = 0;
    while (done < buf_.size()) {
      const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        fail("failed");
      }
      done += static_cast<std::size_t>(n);
    }
    buf_.clear();
  }

  std::string path_;
  CsvWriteOptions opt_;
  int fd_ = -1;
  std::string tmp_;
  std::string buf_;
  std::string specials_{opt_.delimiter, '"', '\n', '\r'};
};

void write_header(Writer& w, const std::vector<std::string>& names) {
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (j) w.delimiter();
    w.text(names[j]);
  }
  w.end_line();
}

}  // namespace

void write_csv(const std::string& path, MatrixView X, const std::vector<std::string>& columns,
               const CsvWriteOptions& options) {
  if (columns.size() != static_cast<std::size_t>(X.cols()))
    throw InvalidInput("write_csv: " + std::to_string(columns.size()) + " column names for " +
                       std::to_string(X.cols()) + " columns");
  Writer w(path, options);
  if (options.header) write_header(w, columns);
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index j = 0; j < X.cols(); ++j) {
      if (j) w.delimiter();
      w.number(X(i, j));
    }
    w.end_line();
  }
  w.commit();
}

void write_csv(const std::string& path, const CsvTable& table, const CsvWriteOptions& options) {
  const auto p = static_cast<std::size_t>(table.X.cols());
  const bool has_y = !table.target_name.empty();
  if (table.columns.size() != p)
    throw InvalidInput("write_csv: " + std::to_string(table.columns.size()) + " column names for " +
                       std::to_string(p) + " columns");
  if (!table.categories.empty() && table.categories.size() != p)
    throw InvalidInput("write_csv: categories for " + std::to_string(table.categories.size()) +
                       " columns, the table has " + std::to_string(p));
  if (has_y && table.y.size() != table.X.rows())
    throw InvalidInput("write_csv: the target has " + std::to_string(table.y.size()) +
                       " rows, the features " + std::to_string(table.X.rows()));
  static const std::vector<std::string> none;
  auto cats = [&](std::size_t j) -> const std::vector<std::string>& {
    return table.categories.empty() ? none : table.categories[j];
  };
  auto cell = [&](Writer& w, double v, const std::vector<std::string>& c, const std::string& name) {
    if (c.empty() || std::isnan(v)) return w.number(v);
    if (!(v >= 0) || v >= static_cast<double>(c.size()) || v != std::floor(v))
      throw InvalidInput("write_csv: " + std::to_string(v) + " is not a category code of column " +
                         quoted_name(name));
    w.text(c[static_cast<std::size_t>(v)]);
  };
  Writer w(path, options);
  if (options.header) {
    auto names = table.columns;
    if (has_y) names.push_back(table.target_name);
    write_header(w, names);
  }
  for (Index i = 0; i < table.X.rows(); ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      if (j) w.delimiter();
      cell(w, table.X(i, static_cast<Index>(j)), cats(j), table.columns[j]);
    }
    if (has_y) {
      if (p) w.delimiter();
      cell(w, table.y(i), table.target_classes, table.target_name);
    }
    w.end_line();
  }
  w.commit();
}

}  // namespace mlkit::io
