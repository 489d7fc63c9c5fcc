// CSV reading and writing: quoting, NA markers, BOM, CRLF, string and target columns, chunked
// reading, malformed input (IoError with line and column), write/read round trip, pandas parity.
#include <bit>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/io/csv.hpp"
#include "tests/cpp/support/reference.hpp"

using namespace mlkit;
using namespace mlkit::io;

namespace {

const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() /
             ("mlkit_test_csv_" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

std::string write_file(const std::string& name, const std::string& content) {
  const auto path = (scratch_dir() / name).string();
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

std::string io_error_message(const std::string& content, const CsvOptions& options = {}) {
  const auto path = write_file("bad.csv", content);
  try {
    (void)read_csv(path, options);
  } catch (const IoError& e) {
    return e.what();
  }
  return "(no IoError)";
}

// Every malformed input must name the file, the line and the column, whole or chunked.
void check_bad(const std::string& content, std::size_t line, std::size_t column,
               const std::string& why, CsvOptions options = {}) {
  const std::string where = "line " + std::to_string(line) + ", column " + std::to_string(column);
  const std::string msg = io_error_message(content, options);
  INFO("input: " << content);
  CHECK_THAT(msg, Catch::Contains("bad.csv") && Catch::Contains(where) && Catch::Contains(why));
  for (std::size_t chunk : {1, 7}) {
    options.buffer_bytes = 16;  // rows cross buffer boundaries
    std::string streamed = "(no IoError)";
    try {
      CsvReader reader(scratch_dir() / "bad.csv", options);
      while (reader.next(chunk)) {
      }
    } catch (const IoError& e) {
      streamed = e.what();
    }
    CHECK_THAT(streamed, Catch::Contains(where) && Catch::Contains(why));
  }
}

bool same_bits(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same_matrix(const Matrix& a, const Matrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Index i = 0; i < a.rows(); ++i)
    for (Index j = 0; j < a.cols(); ++j)
      if (!same_bits(a(i, j), b(i, j))) return false;
  return true;
}

double ref_value(const nlohmann::json& j) {
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    return s == "inf" ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity();
  }
  return j.get<double>();
}

}  // namespace

TEST_CASE("csv: header, numbers and NA markers", "[io][csv]") {
  const auto path = write_file("basic.csv", "a,b,c\n1,2.5,NA\n-3,,nan\nnull,NaN,1e3\n");
  const auto t = read_csv(path);
  REQUIRE(t.columns == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(t.X.rows() == 3);
  CHECK(t.X(0, 0) == 1);
  CHECK(t.X(0, 1) == 2.5);
  CHECK(std::isnan(t.X(0, 2)));
  CHECK(t.X(1, 0) == -3);
  CHECK(std::isnan(t.X(1, 1)));
  CHECK(std::isnan(t.X(1, 2)));
  CHECK(std::isnan(t.X(2, 0)));
  CHECK(std::isnan(t.X(2, 1)));
  CHECK(t.X(2, 2) == 1000);
  CHECK(t.y.size() == 0);
  for (const auto& c : t.categories) CHECK(c.empty());
}

TEST_CASE("csv: configurable NA markers", "[io][csv]") {
  const auto path = write_file("na.csv", "a,b\n-999,x\n1,?\n");
  CsvOptions o;
  o.na_values = {"-999", "?"};
  const auto t = read_csv(path, o);
  CHECK(std::isnan(t.X(0, 0)));
  CHECK(t.X(1, 0) == 1);
  CHECK(t.X(0, 1) == 0);
  CHECK(std::isnan(t.X(1, 1)));
  CHECK(t.categories[1] == std::vector<std::string>{"x"});
  // Without "" among the markers an empty cell is a string.
  const auto t2 = read_csv(write_file("na2.csv", "a,b\n,1\nz,2\n"), o);
  CHECK(t2.categories[0] == std::vector<std::string>{"", "z"});
}

TEST_CASE("csv: RFC 4180 quoting", "[io][csv]") {
  const auto path = write_file("quotes.csv",
                               "\"name, full\",v\n"
                               "\"a,b\",1\n"
                               "\"say \"\"hi\"\"\",\"2\"\n"
                               "\"two\nlines\",3\n"
                               "\"\",4\n");
  const auto t = read_csv(path);
  REQUIRE(t.columns == std::vector<std::string>{"name, full", "v"});
  REQUIRE(t.X.rows() == 4);
  CHECK(t.categories[0] == std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines"});
  CHECK(t.X(0, 0) == 0);
  CHECK(t.X(1, 0) == 1);
  CHECK(t.X(2, 0) == 2);
  CHECK(std::isnan(t.X(3, 0)));  // a quoted empty cell is NA, as in pandas
  CHECK(t.X(1, 1) == 2);         // a quoted number is a number
  CHECK(t.X(3, 1) == 4);
}

TEST_CASE("csv: CRLF, lone CR, BOM and a last line without line end", "[io][csv]") {
  const std::string body = "x,y\r\n1,2\r\n3,4";
  for (const std::string& content : {body, "\xEF\xBB\xBF" + body, std::string("x,y\r1,2\r3,4\r")}) {
    const auto t = read_csv(write_file("crlf.csv", content));
    REQUIRE(t.columns == std::vector<std::string>{"x", "y"});
    REQUIRE(t.X.rows() == 2);
    CHECK(t.X(1, 0) == 3);
    CHECK(t.X(1, 1) == 4);
  }
}

TEST_CASE("csv: no header, other delimiters, unnamed columns", "[io][csv]") {
  CsvOptions o;
  o.header = false;
  o.delimiter = '\t';
  const auto t = read_csv(write_file("tab.csv", "1\t2\n3\t4\n"), o);
  CHECK(t.columns == std::vector<std::string>{"0", "1"});
  CHECK(t.X.rows() == 2);
  CHECK(t.X(0, 0) == 1);
  const auto u = read_csv(write_file("unnamed.csv", ",a\n0,1\n"));
  CHECK(u.columns == std::vector<std::string>{"Unnamed: 0", "a"});
  CsvOptions bad;
  bad.delimiter = '"';
  CHECK_THROWS_AS(read_csv(write_file("tab.csv", "1\n"), bad), InvalidParameter);
}

TEST_CASE("csv: numbers parse exactly, with pandas' tolerance of spaces and '+'", "[io][csv]") {
  const auto t = read_csv(write_file(
      "num.csv", "a\n0.1\n 2.5 \n+3\n1e400\n-1e400\n1e-400\n-0\n4.9406564584124654e-324\ninf\n"));
  CHECK(same_bits(t.X(0, 0), 0.1));
  CHECK(t.X(1, 0) == 2.5);
  CHECK(t.X(2, 0) == 3);
  CHECK(t.X(3, 0) == std::numeric_limits<double>::infinity());
  CHECK(t.X(4, 0) == -std::numeric_limits<double>::infinity());
  CHECK(same_bits(t.X(5, 0), 0.0));
  CHECK(same_bits(t.X(6, 0), -0.0));
  CHECK(t.X(7, 0) == std::numeric_limits<double>::denorm_min());
  CHECK(t.X(8, 0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("csv: every decimal reads as std::from_chars reads it", "[io][csv]") {
  // Short decimals take a fast path; it must agree with std::from_chars bit for bit.
  std::mt19937_64 rng(3);
  std::vector<std::string> cells;
  std::string content = "v\n";
  for (int i = 0; i < 20000; ++i) {
    std::string s = (rng() % 2) ? "-" : "";
    const int int_digits = 1 + static_cast<int>(rng() % 12);
    const int decimals = static_cast<int>(rng() % 18);
    for (int k = 0; k < int_digits; ++k) s += static_cast<char>('0' + rng() % 10);
    if (decimals) s += '.';
    for (int k = 0; k < decimals; ++k) s += static_cast<char>('0' + rng() % 10);
    cells.push_back(s);
    content += s + "\n";
  }
  const auto t = read_csv(write_file("decimals.csv", content));
  REQUIRE(t.X.rows() == 20000);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    double expected = 0;
    std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), expected);
    INFO(cells[i]);
    CHECK(same_bits(t.X(static_cast<Index>(i), 0), expected));
  }
}

namespace {

// A random decimal as a CSV cell: 1 to 25 digits, a point anywhere or none, leading zeros, a
// sign, e/E notation, exponents near the ends of a double's range (subnormals, overflow), and the
// decimal digits of midpoints between neighbouring doubles (the hardest cases to round).
std::string random_number(std::mt19937_64& rng) {
  const auto pick = [&](std::uint64_t n) { return static_cast<int>(rng() % n); };
  std::string s;
  switch (pick(4)) {
    case 0: {  // the shortest text of a random double of any exponent, subnormals included
      double d;
      do d = std::bit_cast<double>(rng());
      while (!std::isfinite(d));
      char buf[64];
      s.assign(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
      return s;
    }
    case 1: {  // a midpoint between two doubles, exact or cut to 17..40 significant digits
      double d;
      do d = std::bit_cast<double>(rng() >> 1);
      while (!std::isfinite(d) || d == 0);
      const long double mid =
          (static_cast<long double>(d) +
           static_cast<long double>(std::nextafter(d, std::numeric_limits<double>::infinity()))) /
          2;
      static const int kDigits[] = {16, 17, 18, 19, 20, 24, 40, 80};
      char buf[128];
      std::snprintf(buf, sizeof buf, "%.*Le", kDigits[pick(8)], mid);
      return (pick(2) ? "-" : "") + std::string(buf);
    }
    default:
      break;
  }
  if (pick(2)) s += '-';
  const int zeros = pick(4) == 0 ? pick(4) : 0;
  s.append(static_cast<std::size_t>(zeros), '0');
  const int digits = 1 + pick(25);
  const int point = pick(3) == 0 ? -1 : pick(digits + 1);  // -1: no point
  for (int k = 0; k < digits; ++k) {
    if (k == point) s += '.';
    s += static_cast<char>('0' + pick(10));
  }
  if (point == digits) s += '.';
  if (pick(2)) {
    s += pick(2) ? 'e' : 'E';
    const int sign = pick(3);
    if (sign == 1) s += '-';
    if (sign == 2) s += '+';
    static const int kExponents[] = {0,   1,   5,   22,  23,  200, 290, 300, 305, 306, 307,
                                     308, 309, 310, 320, 323, 324, 325, 330, 340, 350, 400};
    int exp = pick(3) == 0 ? pick(30) : kExponents[pick(22)] - pick(3);
    if (exp < 0) exp = 0;
    s += std::to_string(exp);
  }
  return s;
}

// What std::from_chars makes of s; out of range, the reader's documented +-inf or +-0, which is
// what the correctly rounded strtod of glibc gives then.
double reference_value(const std::string& s) {
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  REQUIRE(r.ptr == s.data() + s.size());
  if (r.ec == std::errc::result_out_of_range) {
    v = std::strtod(s.c_str(), nullptr);
    REQUIRE((v == 0 || std::isinf(v)));
    return v;
  }
  REQUIRE(r.ec == std::errc());
  return v;
}

}  // namespace

TEST_CASE("csv: random doubles of every shape read bit for bit as std::from_chars reads them",
          "[io][csv]") {
  std::mt19937_64 rng(11);
  constexpr int kRows = 30000, kCols = 5;
  std::vector<std::string> cells;
  std::string content = "a,b,c,d,e\n";
  for (int i = 0; i < kRows; ++i) {
    for (int j = 0; j < kCols; ++j) {
      cells.push_back(random_number(rng));
      content += cells.back();
      content += j + 1 < kCols ? "," : (i % 7 == 0 ? "\r\n" : "\n");
    }
  }
  const auto path = write_file("random_doubles.csv", content);
  Matrix expected(kRows, kCols);
  for (int i = 0; i < kRows; ++i)
    for (int j = 0; j < kCols; ++j) expected(i, j) = reference_value(cells[i * kCols + j]);
  const auto t = read_csv(path);
  REQUIRE(t.X.rows() == kRows);
  REQUIRE(t.X.cols() == kCols);
  std::size_t differ = 0;
  for (int i = 0; i < kRows; ++i)
    for (int j = 0; j < kCols; ++j)
      if (!same_bits(t.X(i, j), expected(i, j))) {
        if (++differ <= 10) {
          INFO(cells[i * kCols + j] << " read as " << t.X(i, j) << ", expected " << expected(i, j));
          CHECK(false);
        }
      }
  CHECK(differ == 0);
  // Streamed with a small buffer, rows cross block boundaries: still the same bits.
  CsvOptions o;
  o.buffer_bytes = 100;
  CsvReader reader(path, o);
  Matrix X(kRows, kCols);
  Index row = 0;
  while (auto c = reader.next(997)) {
    REQUIRE(row + c->X.rows() <= kRows);
    X.middleRows(row, c->X.rows()) = c->X;
    row += c->X.rows();
  }
  REQUIRE(row == kRows);
  CHECK(same_matrix(X, expected));
  // The general path (a quoted cell in each row) agrees too.
  std::string quoted = "a,b,c,d,e\n";
  for (int i = 0; i < 2000; ++i)
    for (int j = 0; j < kCols; ++j)
      quoted += (j == 0 ? "\"" + cells[i * kCols] + "\"" : cells[i * kCols + j]) +
                (j + 1 < kCols ? "," : "\n");
  const auto q = read_csv(write_file("random_quoted.csv", quoted));
  CHECK(same_matrix(q.X, expected.topRows(2000)));
}

TEST_CASE("csv: rows of plain numbers next to NA markers, strings and odd delimiters",
          "[io][csv]") {
  // NA markers that look like numbers stay NA.
  CsvOptions na;
  na.na_values = {"-999", "0", "1e5"};
  const auto t = read_csv(write_file("na_numbers.csv", "a,b,c\n-999,0,1e5\n-999.0,0.0,1e+5\n"), na);
  CHECK(std::isnan(t.X(0, 0)));
  CHECK(std::isnan(t.X(0, 1)));
  CHECK(std::isnan(t.X(0, 2)));
  CHECK(t.X(1, 0) == -999);
  CHECK(t.X(1, 1) == 0);
  CHECK(t.X(1, 2) == 1e5);
  // A delimiter that can be part of a number splits the cells.
  for (char d : {'.', 'e', '-', '+', '5'}) {
    CsvOptions o;
    o.header = false;
    o.delimiter = d;
    const std::string row = std::string("1") + d + "2" + d + "3\n";
    const auto u = read_csv(write_file("odd_delim.csv", row + row), o);
    INFO("delimiter " << d);
    REQUIRE(u.X.cols() == 3);
    CHECK(u.X(1, 0) == 1);
    CHECK(u.X(1, 1) == 2);
    CHECK(u.X(1, 2) == 3);
  }
  // String columns between numbers; an unknown fixed category names its line and column.
  const std::string content = "x,s,y\n1.5,b,2\n-0.25,a,3e1\n7,NA,8\n";
  const auto s = read_csv(write_file("mixed.csv", content));
  CHECK(s.categories[1] == std::vector<std::string>{"a", "b"});
  CHECK(s.X(0, 1) == 1);
  CHECK(s.X(1, 2) == 30);
  CHECK(std::isnan(s.X(2, 1)));
  CsvOptions fixed;
  fixed.categories["s"] = {"a"};
  check_bad(content, 2, 2, "'b' is not one of the 1 categories", fixed);
  // Numbers that are not plain decimals, and cells that are not numbers, in the same rows.
  CsvOptions reject;
  reject.string_columns = StringColumns::Reject;
  check_bad("a,b\n1,2\n3,4x\n", 3, 2, "holds the string '4x'", reject);
  const auto v = read_csv(write_file("spaces.csv", "a,b\n 1,+2\ninf,-Infinity\n1e,2\n"));
  CHECK(v.categories[0] == std::vector<std::string>{" 1", "1e", "inf"});
  CHECK(v.X(0, 1) == 2);
  CHECK(v.X(1, 1) == -std::numeric_limits<double>::infinity());
}

TEST_CASE("csv: string columns are encoded with sorted categories, or rejected", "[io][csv]") {
  const std::string content = "color,size,n\nred,S,1\nblue,M,2\nred,NA,3\ngreen,L,4\n";
  const auto path = write_file("strings.csv", content);
  const auto t = read_csv(path);
  CHECK(t.categories[0] == std::vector<std::string>{"blue", "green", "red"});
  CHECK(t.categories[1] == std::vector<std::string>{"L", "M", "S"});
  CHECK(t.categories[2].empty());
  CHECK(t.X(0, 0) == 2);
  CHECK(t.X(1, 0) == 0);
  CHECK(t.X(3, 0) == 1);
  CHECK(t.X(0, 1) == 2);
  CHECK(std::isnan(t.X(2, 1)));

  // A column with numbers first and a string later is a string column in read_csv.
  const auto mixed = read_csv(write_file("mixed.csv", "a,b\n1,2\n2,3\nx,4\n"));
  CHECK(mixed.categories[0] == std::vector<std::string>{"1", "2", "x"});
  CHECK(mixed.X(2, 0) == 2);

  CsvOptions reject;
  reject.string_columns = StringColumns::Reject;
  check_bad(content, 2, 1, "column 'color' holds the string 'red'", reject);
  check_bad("a,b\n1,2\n2,3\n4,x y\n", 4, 2, "column 'b' holds the string 'x y'", reject);
}

TEST_CASE("csv: target column, numeric or string labels", "[io][csv]") {
  const auto path =
      write_file("target.csv", "x,species,w\n1,setosa,0.5\n2,virginica,1\n3,setosa,2\n");
  CsvOptions o;
  o.target = "species";
  const auto t = read_csv(path, o);
  CHECK(t.columns == std::vector<std::string>{"x", "w"});
  CHECK(t.target_name == "species");
  CHECK(t.target_classes == std::vector<std::string>{"setosa", "virginica"});
  REQUIRE(t.y.size() == 3);
  CHECK(t.y[0] == 0);
  CHECK(t.y[1] == 1);
  CHECK(t.y[2] == 0);
  CHECK(t.X(2, 1) == 2);
  o.target = "w";
  const auto n = read_csv(path, o);
  CHECK(n.target_classes.empty());
  CHECK(n.y[0] == 0.5);
  CHECK(n.columns == std::vector<std::string>{"x", "species"});
  o.target = "nope";
  CHECK_THROWS_WITH(read_csv(path, o), Catch::Contains("no column named 'nope'"));
}

TEST_CASE("csv: fixed categories", "[io][csv]") {
  const auto path = write_file("fixed.csv", "c,v\nb,1\na,2\n");
  CsvOptions o;
  o.categories["c"] = {"b", "a", "z"};
  const auto t = read_csv(path, o);
  CHECK(t.categories[0] == std::vector<std::string>{"b", "a", "z"});
  CHECK(t.X(0, 0) == 0);
  CHECK(t.X(1, 0) == 1);
  o.categories["c"] = {"a"};
  check_bad("c,v\na,1\nb,2\n", 3, 1, "'b' is not one of the 1 categories", o);
}

TEST_CASE("csv: malformed input throws IoError with line and column", "[io][csv]") {
  check_bad("", 1, 1, "file is empty");
  check_bad("\xEF\xBB\xBF", 1, 1, "file is empty");
  check_bad("a,b,c\n", 2, 1, "no data rows");
  check_bad("a,b,c", 2, 1, "no data rows");
  check_bad("a,b,c\n1,2,3\n4,5\n", 3, 3, "expected 3 fields, found 2");
  check_bad("a,b,c\n1,2,3\n4,5,6,7\n", 3, 4, "expected 3 fields, found 4");
  check_bad("a,b\n1,2\n\n3,4\n", 3, 1, "blank line");
  check_bad("a,b\n1,2\n3,\"4\n", 3, 2, "quoted field not closed");
  check_bad("a,b\n1,\"x\nyz\n", 2, 2, "quoted field not closed");
  check_bad("a,b\n1,2\n3,4\"5\n", 3, 2, "quote inside an unquoted field");
  check_bad("a,b\n1,\"2\"x\n", 2, 2, "unexpected character after the closing quote");
  check_bad("a,b\n\"multi\nline\",1\n\"x\"y,2\n", 4, 1, "unexpected character after");
  check_bad("a,a\n1,2\n", 1, 2, "duplicate column name 'a'");
  // Lines are counted across quoted newlines and CRLF.
  check_bad("a,b\r\n\"1\r\n2\",3\r\n4,5,6\r\n", 4, 3, "expected 2 fields, found 3");
}

TEST_CASE("csv: streaming reader decides types on the first rows", "[io][csv]") {
  std::string content = "a,b\n";
  for (int i = 0; i < 20; ++i) content += std::to_string(i) + ",x\n";
  content += "oops,y\n";
  CsvOptions o;
  o.infer_rows = 5;
  const auto path = write_file("late.csv", content);
  CsvReader reader(path, o);
  CHECK_FALSE(reader.is_string_column(0));
  CHECK(reader.is_string_column(1));
  std::string msg;
  try {
    while (reader.next(4)) {
    }
  } catch (const IoError& e) {
    msg = e.what();
  }
  CHECK_THAT(msg, Catch::Contains("line 22, column 1") &&
                      Catch::Contains("'oops' is not a number") &&
                      Catch::Contains("decided numeric"));
  CHECK_THROWS_AS(reader.next(4), IoError);  // a failed reader stays failed
  // With enough rows scanned the column is a string column, as read_csv makes it.
  o.infer_rows = 100;
  CsvReader whole(path, o);
  CHECK(whole.is_string_column(0));
}

TEST_CASE("csv: chunked reading equals whole reading", "[io][csv]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  const char* labels[] = {"cat", "dog", "\"quoted\" bird", "multi\nline", "a,b"};
  std::string content = "x0,label,x1,target\r\n";
  for (int i = 0; i < 2345; ++i) {
    char num[64];
    const auto r = std::to_chars(num, num + 64, normal(rng));
    std::string lab = labels[rng() % 5];
    std::string q = "\"";
    for (char c : lab) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    q += "\"";
    content += std::string(num, r.ptr) + "," + (i % 11 == 3 ? std::string("NA") : q) + "," +
               (i % 13 == 0 ? std::string() : std::to_string(i)) + "," + std::to_string(i % 3) +
               "\r\n";
  }
  const auto path = write_file("chunks.csv", content);
  CsvOptions o;
  o.target = "target";
  const auto whole = read_csv(path, o);
  REQUIRE(whole.X.rows() == 2345);
  CHECK(whole.categories[1].size() == 5);
  for (std::size_t chunk : {1, 7, 1000}) {
    for (std::size_t buffer : {std::size_t{16}, std::size_t{1} << 20}) {
      o.buffer_bytes = buffer;
      CsvReader reader(path, o);
      Matrix X(whole.X.rows(), whole.X.cols());
      Vector y(whole.X.rows());
      Index row = 0;
      while (auto c = reader.next(chunk)) {
        REQUIRE(c->X.rows() <= static_cast<Index>(chunk));
        CHECK(c->first_row == static_cast<std::size_t>(row));
        REQUIRE(row + c->X.rows() <= X.rows());
        X.middleRows(row, c->X.rows()) = c->X;
        y.segment(row, c->X.rows()) = c->y;
        row += c->X.rows();
      }
      REQUIRE(row == whole.X.rows());
      CHECK(reader.rows_read() == 2345);
      // Streaming codes follow first appearance; read_csv's follow sorted order.
      const auto& cats = reader.categories(1);
      REQUIRE(cats.size() == 5);
      for (Index i = 0; i < X.rows(); ++i) {
        if (std::isnan(X(i, 1))) {
          CHECK(std::isnan(whole.X(i, 1)));
          continue;
        }
        CHECK(cats[static_cast<std::size_t>(X(i, 1))] ==
              whole.categories[1][static_cast<std::size_t>(whole.X(i, 1))]);
        X(i, 1) = whole.X(i, 1);
      }
      CHECK(same_matrix(X, whole.X));
      CHECK(same_matrix(y, whole.y));
    }
  }
}

TEST_CASE("csv: write then read is bit-exact", "[io][csv]") {
  std::mt19937_64 rng(11);
  Matrix X(200, 6);
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j) {
      double v = std::bit_cast<double>(rng());  // any bit pattern, subnormals included
      X(i, j) = std::isnan(v) ? 0.1 * static_cast<double>(i) : v;
    }
  X(0, 0) = -0.0;
  X(1, 1) = std::numeric_limits<double>::infinity();
  X(2, 2) = -std::numeric_limits<double>::infinity();
  X(3, 3) = std::numeric_limits<double>::quiet_NaN();
  X(4, 4) = std::numeric_limits<double>::denorm_min();
  X(5, 5) = std::numeric_limits<double>::max();
  const std::vector<std::string> names{"plain",      "with,comma", "with \"quote\"",
                                       "two\nlines", "sp ace",     "last"};
  const auto path = (scratch_dir() / "round.csv").string();
  write_csv(path, X, names);
  const auto t = read_csv(path);
  CHECK(t.columns == names);
  CHECK(same_matrix(t.X, X));
  CsvWriteOptions semi;
  semi.delimiter = ';';
  semi.header = false;
  write_csv(path, X, names, semi);
  CsvOptions ro;
  ro.delimiter = ';';
  ro.header = false;
  CHECK(same_matrix(read_csv(path, ro).X, X));
  CHECK_THROWS_AS(write_csv(path, X, {"too", "few"}), InvalidInput);
  // No temporary file is left beside the result.
  for (const auto& e : std::filesystem::directory_iterator(scratch_dir()))
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
}

TEST_CASE("csv: a table with categories and a target round-trips", "[io][csv]") {
  const auto src = write_file("table.csv",
                              "city,t,\"label, long\"\n\"Saint \"\"X\"\"\",1.5,\"a\nb\"\n"
                              "Lyon,NA,c\nParis,-2,a\n,3,c\n");
  CsvOptions o;
  o.target = "label, long";
  const auto t = read_csv(src, o);
  REQUIRE(t.X.rows() == 4);
  const auto path = (scratch_dir() / "table_out.csv").string();
  write_csv(path, t);
  const auto back = read_csv(path, o);
  CHECK(back.columns == t.columns);
  CHECK(back.categories == t.categories);
  CHECK(back.target_classes == t.target_classes);
  CHECK(same_matrix(back.X, t.X));
  CHECK(same_matrix(back.y, t.y));
}

TEST_CASE("csv: unreadable and unwritable paths", "[io][csv]") {
  CHECK_THROWS_AS(read_csv((scratch_dir() / "missing.csv").string()), IoError);
  CHECK_THROWS_AS(write_csv((scratch_dir() / "no/such/dir/x.csv").string(), Matrix(1, 1), {"a"}),
                  IoError);
}

TEST_CASE("csv: read_numeric_csv stays strict", "[io][csv]") {
  const auto t = read_numeric_csv(write_file("strict.csv", "a,b\n1,2\n"));
  CHECK(t.values(0, 1) == 2);
  CHECK_THROWS_WITH(read_numeric_csv(write_file("strict.csv", "a,b\n1,\n")),
                    Catch::Contains("line 2, column 2"));
}

TEST_CASE("csv: same result as pandas.read_csv", "[io][csv][reference]") {
  const auto& ref = test::reference_json("csv_reference.json");
  for (const auto& [file, expected] : ref.items()) {
    INFO(file);
    CsvOptions o;
    const auto& opts = expected.at("options");
    if (opts.contains("delimiter")) o.delimiter = opts["delimiter"].get<std::string>().at(0);
    if (opts.contains("header")) o.header = opts["header"].get<bool>();
    if (expected.contains("target")) o.target = expected["target"].get<std::string>();
    const auto t = read_csv(std::string(MLKIT_TEST_DIR) + "/reference/csv/" + file, o);
    CHECK(t.columns == expected["columns"].get<std::vector<std::string>>());
    CHECK(t.categories == expected["categories"].get<std::vector<std::vector<std::string>>>());
    const auto& rows = expected["X"];
    REQUIRE(t.X.rows() == static_cast<Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (std::size_t j = 0; j < rows[i].size(); ++j) {
        INFO("row " << i << " column " << j);
        CHECK(same_bits(t.X(static_cast<Index>(i), static_cast<Index>(j)), ref_value(rows[i][j])));
      }
    if (expected.contains("y")) {
      CHECK(t.target_classes == expected["target_classes"].get<std::vector<std::string>>());
      for (std::size_t i = 0; i < expected["y"].size(); ++i)
        CHECK(same_bits(t.y[static_cast<Index>(i)], ref_value(expected["y"][i])));
    }
  }
}
