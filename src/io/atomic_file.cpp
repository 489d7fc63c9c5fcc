#include "mlkit/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "mlkit/core/errors.hpp"

namespace mlkit::io {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  const std::filesystem::path target(path_);
  if (target.filename().empty()) throw IoError("'" + path_ + "' is not a file name");
  // Built step by step: GCC 12 reports a false -Wrestrict for a chain of string additions.
  std::string name = target.filename().string();
  name.insert(0, 1, '.');
  name.append(".tmp.XXXXXX");
  const std::filesystem::path dir =
      target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::string tmpl = (dir / name).string();
  fd_ = ::mkstemp(tmpl.data());
  if (fd_ < 0)
    throw IoError("cannot create a temporary file beside '" + path_ +
                  "': " + std::generic_category().message(errno));
  tmp_ = tmpl;
  buf_.reserve(kFlushAt + 4096);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::write(std::string_view text) {
  buf_.append(text);
  flush_if_full();
}

void AtomicFile::flush() {
  std::size_t done = 0;
  while (done < buf_.size()) {
    const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  buf_.clear();
}

void AtomicFile::commit() {
  flush();
  if (::fsync(fd_) != 0) fail("cannot sync");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("cannot close");
  ::chmod(tmp_.c_str(), 0644);  // mkstemp makes the file readable by its owner only
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  if (ec) throw IoError("cannot rename the temporary file to '" + path_ + "': " + ec.message());
  tmp_.clear();
}

void AtomicFile::fail(const char* what) const {
  throw IoError(std::string(what) + " '" + path_ + "': " + std::generic_category().message(errno));
}

}  // namespace mlkit::io
