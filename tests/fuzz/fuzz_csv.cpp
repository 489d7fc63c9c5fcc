// libFuzzer target for the CSV reader (mlkit/io/csv.hpp): any file must either read or throw an
// mlkit::Error, never crash, hang, leak or hit undefined behaviour. The first input byte picks the
// options (delimiter, header, string columns, target, buffer size, chunk size); the rest is the
// file. Whatever read_csv accepts is also read in chunks, and a table without string columns must
// come back bit for bit from the streaming reader and from a write_csv/read_csv round trip.
// Build with -DMLKIT_FUZZ=ON; run with scripts/fuzz.sh csv.

#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/io/csv.hpp"

namespace {

const std::string& scratch(const char* what) {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp && *tmp ? tmp : "/tmp");
  }();
  static std::string in = dir + "/mlkit_fuzz_csv_" + std::to_string(::getpid()) + ".csv";
  static std::string out = dir + "/mlkit_fuzz_csv_" + std::to_string(::getpid()) + ".out.csv";
  return what[0] == 'i' ? in : out;
}

bool same(const mlkit::Matrix& a, const mlkit::Matrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (mlkit::Index i = 0; i < a.size(); ++i) {
    const double x = a.data()[i], y = b.data()[i];
    if (std::isnan(x) && std::isnan(y)) continue;
    if (std::bit_cast<std::uint64_t>(x) != std::bit_cast<std::uint64_t>(y)) return false;
  }
  return true;
}

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz_csv: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t pick = data[0];
  mlkit::io::CsvOptions o;
  static const char delimiters[] = {',', ';', '\t', '|'};
  o.delimiter = delimiters[pick & 3];
  o.header = (pick & 4) == 0;
  o.string_columns =
      (pick & 8) ? mlkit::io::StringColumns::Reject : mlkit::io::StringColumns::Encode;
  if (pick & 16) o.target = o.header ? "y" : "0";
  o.buffer_bytes = (pick & 32) ? 16 : 4096;
  o.infer_rows = (pick & 64) ? 2 : 10000;
  const std::size_t chunk = (pick & 128) ? 3 : 1000;

  const std::string& path = scratch("in");
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size > 1) std::fwrite(data + 1, 1, size - 1, f);
    std::fclose(f);
  } else {
    broken("cannot write the scratch file");
  }

  mlkit::io::CsvTable table;
  bool whole_ok = true;
  try {
    table = mlkit::io::read_csv(path, o);
  } catch (const mlkit::Error&) {
    whole_ok = false;
  }

  bool numeric = whole_ok && table.target_classes.empty();
  if (whole_ok)
    for (const auto& c : table.categories) numeric = numeric && c.empty();

  // The streaming reader: any chunking, and on a numeric table the same values as read_csv.
  try {
    mlkit::io::CsvReader reader(path, o);
    mlkit::Matrix X(numeric ? table.X.rows() : 0, numeric ? table.X.cols() : 0);
    mlkit::Index row = 0;
    while (auto c = reader.next(chunk)) {
      if (!numeric) continue;
      if (row + c->X.rows() > X.rows() || c->X.cols() != X.cols())
        broken("the streaming reader returned more rows than read_csv");
      X.middleRows(row, c->X.rows()) = c->X;
      row += c->X.rows();
    }
    if (numeric && (row != X.rows() || !same(X, table.X)))
      broken("the streaming reader and read_csv disagree on a numeric file");
  } catch (const mlkit::Error&) {
    if (numeric) broken("the streaming reader failed on a file read_csv accepted");
  }

  if (!whole_ok) return 0;
  // Whatever was read can be written; a numeric table reads back bit for bit.
  const std::string& out = scratch("out");
  mlkit::io::CsvWriteOptions w;
  w.delimiter = o.delimiter;
  w.header = o.header;
  try {
    mlkit::io::write_csv(out, table, w);
  } catch (const mlkit::Error&) {
    broken("write_csv rejected a table read_csv made");
  }
  if (numeric) {
    mlkit::io::CsvOptions back = o;
    back.string_columns = mlkit::io::StringColumns::Reject;
    // write_csv puts the target last; without a header it is named by its position.
    if (!o.target.empty() && !o.header) back.target = std::to_string(table.X.cols());
    try {
      const auto again = mlkit::io::read_csv(out, back);
      if (!same(again.X, table.X) || again.y.size() != table.y.size())
        broken("a numeric table changed in a write_csv/read_csv round trip");
    } catch (const mlkit::Error& e) {
      std::fprintf(stderr, "fuzz_csv: %s\n", e.what());
      broken("a numeric table written by write_csv does not read back");
    }
  }
  return 0;
}
