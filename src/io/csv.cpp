#include "mlkit/io/csv.hpp"

#include "mlkit/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
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

#include <fast_float/fast_float.h>

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

  /// The unread bytes of the buffer, [cursor(), limit()), for a caller that reads a row itself
  /// (CsvReader::Impl::fast_row); it then hands the end of that row, on the same line, to
  /// consume_row. The bytes may hold only part of a row: next_row reads more.
  const char* cursor() const { return buf_.data() + pos_; }
  const char* limit() const { return buf_.data() + end_; }
  void consume_row(const char* row_end) {
    row_line_ = line_++;
    pos_ = static_cast<std::size_t>(row_end - buf_.data());
  }

  const std::vector<Cell>& cells() const { return cells_; }
  std::size_t row_line() const { return row_line_; }
  std::size_t line() const { return line_; }

  /// The file's size in bytes (0 when unknown).
  std::uint64_t file_size() const {
    struct stat st {};
    return ::fstat(fd_, &st) == 0 && st.st_size > 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  }
  /// Where the next row starts, to come back to it with seek().
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

/// fast_float::from_chars on [b, e), which must be one number: the end, or nullptr.
inline const char* from_chars_whole(const char* b, const char* e, double& out) {
  const auto r = fast_float::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e ? e : nullptr;
}

/// The double nearest (-1)^negative * mantissa * 10^exponent, where mantissa has at most 19
/// decimal digits (`digits` of them, leading zeros counted or not); false in the rare cases the
/// fast algorithms cannot decide, which fast_float::from_chars then settles.
/// - Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately", PLDI
///   1990): a mantissa below 10^15 < 2^53 and a power of ten up to 10^22 are exact doubles, so one
///   correctly rounded multiplication or division gives the correctly rounded value. (It is taken
///   on the digit count rather than on mantissa <= 2^53, so that the branch is predictable for
///   full-precision data, whose numbers have 16 or 17 digits.)
/// - Otherwise the Eisel-Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per second",
///   Software: Practice and Experience 51(8), 2021, after M. Eisel), as fast_float implements it
///   (fast_float::compute_float): exact, or it says that it cannot tell.
/// Too large for a double gives +-inf, too small +-0.
[[gnu::always_inline]] inline bool to_double(std::uint64_t mantissa, std::int64_t exponent,
                                             bool negative, std::int64_t digits, double& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (digits <= 15 && exponent >= -22 && exponent <= 22) {
    double v = static_cast<double>(mantissa);
    v = exponent < 0 ? v / kPow10[-exponent] : v * kPow10[exponent];
    // The sign bit set without a branch (v >= 0): the signs in a column are a coin toss.
    out = std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) |
                                (static_cast<std::uint64_t>(negative) << 63));
    return true;
  }
  const fast_float::adjusted_mantissa am =
      fast_float::compute_float<fast_float::binary_format<double>>(exponent, mantissa);
  if (am.power2 < 0) return false;
  fast_float::to_float(negative, am, out);
  return true;
}

#if defined(__SSE2__)
/// Bit k set where byte k of the 16 at p is a decimal digit.
[[gnu::always_inline]] inline std::uint32_t digit_mask16(const char* p) {
  const __m128i t =
      _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8('0'));
  return static_cast<std::uint32_t>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(9)), t)));
}
#endif

/// How many of the 16 (or 32) bytes at p are decimal digits before the first other byte.
[[gnu::always_inline]] inline unsigned leading_digits16(const char* p) {
#if defined(__SSE2__)
  return static_cast<unsigned>(std::countr_one(digit_mask16(p)));
#else
  unsigned n = 0;
  while (n < 16 && static_cast<unsigned char>(p[n] - '0') < 10) ++n;
  return n;
#endif
}
[[gnu::always_inline]] inline unsigned leading_digits32(const char* p) {
#if defined(__SSE2__)
  return static_cast<unsigned>(std::countr_one(digit_mask16(p) | (digit_mask16(p + 16) << 16)));
#else
  unsigned n = 0;
  while (n < 32 && static_cast<unsigned char>(p[n] - '0') < 10) ++n;
  return n;
#endif
}

/// The value of the first n (0 to 8) of the 8 bytes at p, which are digits, whatever the bytes
/// after them: fast_float's SWAR conversion of eight digits (credited there to aqrit), after the
/// other bytes are masked off and the n digits shifted to the end, behind leading zeros.
/// Little-endian only.
[[gnu::always_inline]] inline std::uint64_t digits8(const char* p, unsigned n) {
  static constexpr std::uint64_t kKeep[] = {0,
                                            0xFF,
                                            0xFFFF,
                                            0xFFFFFF,
                                            0xFFFFFFFF,
                                            0xFFFFFFFFFF,
                                            0xFFFFFFFFFFFF,
                                            0xFFFFFFFFFFFFFF,
                                            0xFFFFFFFFFFFFFFFF};
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  // Digits to 0..9 (a borrow only runs up, into bytes masked off), then the n digits to the top.
  v = ((v - 0x3030303030303030) & kKeep[n]) << ((64 - 8 * n) & 63);
  v = (v * 10) + (v >> 8);
  return (((v & 0x000000FF000000FF) * 0x000F424000000064) +
          (((v >> 16) & 0x000000FF000000FF) * 0x0000271000000001)) >>
         32;
}

/// The value of the first n (0 to 16) of the 16 bytes at p, which are digits, whatever the bytes
/// after them. With SSE2 all sixteen are converted at once (digit pairs with a 16-bit multiply,
/// then pmaddwd to groups of four and eight), the bytes from n on counting as digit 0, which gives
/// the value times 10^(16 - n); an exact division by that power of ten (a shift by 16 - n, then a
/// multiplication by the inverse of 5^(16 - n) modulo 2^64) takes it off.
[[gnu::always_inline]] inline std::uint64_t digits16(const char* p, unsigned n) {
#if defined(__SSE2__)
  static constexpr auto kInverse5 = [] {
    std::uint64_t inv = 5;  // Newton's iteration for 1/5 modulo 2^64: each step doubles the bits
    for (int i = 0; i < 6; ++i) inv *= 2 - 5 * inv;
    std::array<std::uint64_t, 17> powers{};
    powers[0] = 1;
    for (std::size_t k = 1; k < powers.size(); ++k) powers[k] = powers[k - 1] * inv;
    return powers;
  }();
  const __m128i iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m128i t =
      _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8('0'));
  t = _mm_and_si128(t, _mm_cmplt_epi8(iota, _mm_set1_epi8(static_cast<char>(n))));
  // 16-bit lanes hold two digits, the first (more significant) in the low byte.
  const __m128i pairs =
      _mm_add_epi16(_mm_and_si128(_mm_mullo_epi16(t, _mm_set1_epi16(10)), _mm_set1_epi16(0xFF)),
                    _mm_srli_epi16(t, 8));
  const __m128i quads = _mm_madd_epi16(pairs, _mm_set1_epi32(0x00010064));  // * 100, * 1
  const __m128i octs = _mm_madd_epi16(_mm_packs_epi32(quads, quads),
                                      _mm_set1_epi32(0x00012710));  // * 10000, * 1
  const std::uint64_t high = static_cast<std::uint32_t>(_mm_cvtsi128_si32(octs));
  const std::uint64_t low = static_cast<std::uint32_t>(_mm_cvtsi128_si32(_mm_srli_si128(octs, 4)));
  const unsigned pad = 16 - n;
  return ((high * 100000000 + low) >> pad) * kInverse5[pad];
#else
  const unsigned n1 = std::min(n, 8u), n2 = n - n1;
  static constexpr std::uint64_t kPow10u[] = {1,      10,      100,      1000,     10000,
                                              100000, 1000000, 10000000, 100000000};
  return digits8(p, n1) * kPow10u[n2] + digits8(p + 8, n2);
#endif
}

/// Reads a plain decimal number, -?[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+)? with at least one digit,
/// from p in one pass: the digits go straight into a 64-bit mantissa and a decimal exponent while
/// the end of the number is found. Returns the end of the number, or nullptr when the text at p is
/// not such a number (a sign '+', spaces, inf, nan, an 'e' without digits: parse_number reads
/// those). The value is the double nearest the text, bit for bit what std::from_chars gives:
/// to_double converts up to 19 significant digits; more go to fast_float::from_chars, which
/// settles them with big-integer arithmetic. A value too large for a double is +-inf and one too
/// small is +-0, as parse_number documents. Eight digits at a time are checked and converted with
/// fast_float's SWAR routines.
inline const char* scan_number(const char* p, const char* const e, double& out) {
  const auto digit = [](char c) { return static_cast<unsigned char>(c - '0') < 10; };
  if (p == e) return nullptr;
  const char* const begin = p;
  const bool negative = *p == '-';
  p += negative;
  const char* const digits_begin = p;
  std::uint64_t mantissa = 0;  // wraps past 19 digits; such numbers are read again below
  while (e - p >= 8 && fast_float::is_made_of_eight_digits_fast(p)) {
    mantissa = mantissa * 100000000 + fast_float::parse_eight_digits_unrolled(p);
    p += 8;
  }
  while (p < e && digit(*p)) mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
  std::int64_t digits = p - digits_begin;
  std::int64_t exponent = 0;
  if (p < e && *p == '.') {
    const char* const frac_begin = ++p;
    while (e - p >= 8 && fast_float::is_made_of_eight_digits_fast(p)) {
      mantissa = mantissa * 100000000 + fast_float::parse_eight_digits_unrolled(p);
      p += 8;
    }
    while (p < e && digit(*p)) mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
    exponent = frac_begin - p;
    digits -= exponent;
  }
  if (digits == 0) return nullptr;
  if (p < e && (*p == 'e' || *p == 'E')) {
    const char* q = p + 1;
    const bool exp_negative = q < e && *q == '-';
    if (q < e && (*q == '-' || *q == '+')) ++q;
    if (q == e || !digit(*q)) return nullptr;
    std::int64_t exp = 0;
    for (; q < e && digit(*q); ++q)
      if (exp < 0x10000000) exp = exp * 10 + (*q - '0');  // saturates far outside any double
    exponent += exp_negative ? -exp : exp;
    p = q;
  }
  if (digits > 19) {
    // Leading zeros are not significant (and added nothing to the mantissa).
    for (const char* z = digits_begin; z < p && (*z == '0' || *z == '.'); ++z) digits -= *z == '0';
    if (digits > 19) return from_chars_whole(begin, p, out);
  }
  if (!to_double(mantissa, exponent, negative, digits, out)) return from_chars_whole(begin, p, out);
  return p;
}

/// scan_number for a number in a long text (a block of the file), with no branch that depends on
/// how many digits a number has: the digits before and after the point are counted sixteen bytes
/// at a time (SSE2) and converted eight or sixteen at a time (digits8, digits16). Anything but
/// -?[0-9]{0,8}(\.[0-9]*)? with at most 19 digits in all, and a number that starts within
/// kWindow bytes of the end, go to scan_number.
/// scan_block_number reads at most this many bytes from where the number starts.
constexpr std::ptrdiff_t kWindow = 64;

[[gnu::always_inline]] inline const char* scan_block_number(const char* p, const char* const e,
                                                            double& out) {
  if constexpr (std::endian::native != std::endian::little) {
    return scan_number(p, e, out);
  } else {
    static constexpr std::uint64_t kPow10u[] = {1,
                                                10,
                                                100,
                                                1000,
                                                10000,
                                                100000,
                                                1000000,
                                                10000000,
                                                100000000,
                                                1000000000,
                                                10000000000,
                                                100000000000,
                                                1000000000000,
                                                10000000000000,
                                                100000000000000,
                                                1000000000000000,
                                                10000000000000000,
                                                100000000000000000,
                                                1000000000000000000,
                                                10000000000000000000u};
    // Near the end of the text the loads below would reach past it: scan_number reads that.
    if (e - p < kWindow) return scan_number(p, e, out);
    const char* const begin = p;
    const bool negative = *p == '-';
    p += negative;
    unsigned digits;
    std::uint64_t mantissa;
    if (static_cast<unsigned char>(p[0] - '0') < 10 && p[1] == '.') {
      digits = 1;  // one digit before the point, as in most numbers of most files
      mantissa = static_cast<unsigned char>(p[0] - '0');
    } else {
      digits = leading_digits16(p);
      if (digits > 8) return scan_number(begin, e, out);
      mantissa = digits8(p, digits);
    }
    p += digits;
    std::int64_t exponent = 0;
    if (*p == '.') {
      ++p;
      const unsigned frac_digits = leading_digits32(p);
      if (digits + frac_digits > 19) return scan_number(begin, e, out);
      // Short fractions (--decimals data) or long ones (shortest round-trip text): either way the
      // branch goes the same way for nearly every number of a file.
      std::uint64_t frac;
      if (frac_digits <= 8) {
        frac = digits8(p, frac_digits);
      } else {
        // Digits past the sixteenth (at most 3), as a mask rather than a branch: about half the
        // numbers of full-precision data have more than 16.
        const unsigned f2 = (frac_digits - 16) & (0u - static_cast<unsigned>(frac_digits > 16));
        frac = digits16(p, frac_digits - f2) * kPow10u[f2] + digits8(p + 16, f2);
      }
      mantissa = mantissa * kPow10u[frac_digits] + frac;
      p += frac_digits;
      digits += frac_digits;
      exponent = -static_cast<std::int64_t>(frac_digits);
    }
    if (digits == 0 || *p == 'e' || *p == 'E') return scan_number(begin, e, out);
    if (!to_double(mantissa, exponent, negative, digits, out))
      return from_chars_whole(begin, p, out);
    return p;
  }
}

/// A number as the text of a cell, or false. Spaces and tabs around it and a leading '+' are
/// allowed; a value outside a double's range is +-inf (too large) or +-0 (too small).
/// Plain decimals, nearly every cell, are read by scan_number; std::from_chars reads the rest.
bool parse_number(const char* b, const char* e, double& out) {
  if (b == e) return false;
  if (scan_number(b, e, out) == e) return true;
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

namespace {

/// Asks Linux for transparent huge pages under a large block about to be filled (a hint, where
/// the system allows them on request): a fault per 2 MiB instead of one per 4 KiB page.
void advise_huge_pages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes < 8 * kHuge) return;
  const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

/// Rows being read, stored where they stay: straight into the row-major storage of the matrix
/// returned. It grows with conservativeResize, which keeps the rows read (Eigen reallocates a
/// row-major matrix whose column count is unchanged, and large blocks grow or shrink in place),
/// and is cut to the rows read at the end.
struct RowSink {
  RowSink(std::size_t p, bool has_y, std::size_t rows)
      : X(static_cast<Index>(rows), static_cast<Index>(p)),
        y(has_y ? static_cast<Index>(rows) : 0),
        p(p),
        has_y(has_y) {}
  std::size_t capacity() const { return static_cast<std::size_t>(X.rows()); }
  void grow(std::size_t rows) {
    rows = std::max(rows, capacity() + 1);
    X.conservativeResize(static_cast<Index>(rows), X.cols());
    advise_huge_pages(X.data(), static_cast<std::size_t>(X.size()) * sizeof(double));
    if (has_y) y.conservativeResize(static_cast<Index>(rows));
  }
  double* row() { return X.data() + n * p; }
  double* target() { return has_y ? y.data() + n : &no_y; }
  void finish(Matrix& X_out, Vector& y_out) {
    X.conservativeResize(static_cast<Index>(n), X.cols());
    X_out = std::move(X);
    if (has_y) {
      y.conservativeResize(static_cast<Index>(n));
      y_out = std::move(y);
    }
  }

  Matrix X;
  Vector y;
  std::size_t p;
  bool has_y;
  std::size_t n = 0;  // rows read
  double no_y = 0;
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
  // fast_row: whether it may be tried (the delimiter cannot be part of a number), whether an NA
  // marker could look like a plain number, and the unquoted cells of string columns of its row.
  bool fast = false;
  bool na_like_number = false;
  struct PendingCell {
    const char* begin;
    const char* end;
    std::size_t column;
  };
  std::vector<PendingCell> pending;
  // fast_row's plan: for each file column, its feature index, or one of these.
  static constexpr std::ptrdiff_t kTargetSlot = -1, kStringSlot = -2;
  std::vector<std::ptrdiff_t> plan;
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
    fast = std::string_view("0123456789.+-eE").find(opt.delimiter) == std::string_view::npos;
    for (const auto& na : opt.na_values) {
      double v;
      const char* const end = na.data() + na.size();
      if (scan_number(na.data(), end, v) == end) na_like_number = true;
    }
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

  /// Reads the next row straight from the read buffer, without splitting it into cells first:
  /// each cell of a numeric column is scanned as a number up to the delimiter, which must follow
  /// it, and the value is stored into x (or y) at once. Only rows that are entirely simple are read
  /// here: unquoted cells, plain numbers (scan_number) in numeric columns, the whole row in the
  /// buffer. Anything else (a quote, an NA marker or any other text in a numeric column, a field
  /// count that differs, the buffer ending inside the row) returns false, having consumed nothing,
  /// and read_row then reads the row the general way, which decides or reports it.
  bool fast_row(double* x, double* y) {
    if (plan.empty()) {  // column types are settled by now
      for (std::size_t j = 0; j < cols.size(); ++j)
        plan.push_back(cols[j].is_string ? kStringSlot
                       : j == target     ? kTargetSlot
                                         : static_cast<std::ptrdiff_t>(feature_of[j]));
    }
    const char* p = tok.cursor();
    const char* const e = tok.limit();
    const char delim = opt.delimiter;
    const std::size_t n = plan.size();
    pending.clear();
    for (std::size_t j = 0;; ++j) {
      const std::ptrdiff_t slot = plan[j];
      if (slot != kStringSlot) {
        double* const out = slot == kTargetSlot ? y : x + slot;
        const char* const b = p;
        p = scan_block_number(p, e, *out);
        if (p == nullptr) return false;
        if (na_like_number && is_na(Cell{b, p, false, false, 0})) *out = kNaN;
      } else {
        const char* const b = p;
        p = tok.find_special(p, e);
        if (p < e && *p == '"') return false;
        pending.push_back({b, p, j});
      }
      if (p == e) return false;  // the row may go on in the next block, or the file ends here
      if (j + 1 == n) break;
      if (*p++ != delim) return false;
    }
    const char c = *p++;
    if (c == '\r') {
      if (p == e) return false;  // CRLF across blocks
      if (*p == '\n') ++p;
    } else if (c != '\n') {
      return false;
    }
    for (const PendingCell& s : pending) {
      const double v = value(Cell{s.begin, s.end, false, false, tok.line()}, s.column);
      if (s.column == target)
        *y = v;
      else
        x[feature_of[s.column]] = v;
    }
    tok.consume_row(p);
    ++rows;
    return true;
  }

  /// Reads the next row into x (features) and y (target); false at the end of the file.
  bool read_row(double* x, double* y) {
    if (fast && fast_row(x, y)) return true;
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
  CsvChunk chunk;
  chunk.first_row = m.rows;
  RowSink sink(m.feature_cols.size(), m.target != SIZE_MAX, std::min<std::size_t>(max_rows, 4096));
  try {
    while (sink.n < max_rows) {
      if (sink.n == sink.capacity()) sink.grow(std::min(max_rows, 2 * sink.n));
      if (!m.read_row(sink.row(), sink.target())) break;
      if (sink.n == 0) chunk.first_line = m.tok.row_line();
      ++sink.n;
    }
  } catch (...) {
    m.broken = true;
    throw;
  }
  if (sink.n == 0) return std::nullopt;
  sink.finish(chunk.X, chunk.y);
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
    const bool has_y = m.target != SIZE_MAX;
    RowSink sink(p, has_y, 1024);
    for (;;) {
      if (sink.n == sink.capacity()) {
        // After the first rows, make room for the whole file from its size and the bytes per row.
        std::size_t expect = sink.n + sink.n / 2;
        if (sink.n == 1024) {
          const double per_row =
              static_cast<double>(m.tok.tell().first - m.data_start.first) / 1024;
          expect = std::max(
              expect, static_cast<std::size_t>(std::min(
                          1.05 * static_cast<double>(m.tok.file_size()) / std::max(per_row, 1.0),
                          static_cast<double>(std::size_t{1} << 40) / static_cast<double>(p + 1))));
        }
        sink.grow(expect);
      }
      if (!m.read_row(sink.row(), sink.target())) break;
      ++sink.n;
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
    sink.finish(t.X, t.y);
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
  Writer(const std::string& path, const CsvWriteOptions& options)
      : opt_(checked(options)), file_(path), buf_(file_.buffer()) {}

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
    file_.flush_if_full();
  }
  void commit() { file_.commit(); }

 private:
  static const CsvWriteOptions& checked(const CsvWriteOptions& o) {
    if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r')
      throw InvalidParameter("the CSV delimiter must not be a quote or a line end");
    return o;
  }

  CsvWriteOptions opt_;
  AtomicFile file_;
  std::string& buf_;
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
