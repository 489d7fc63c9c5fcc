#pragma once
/// @file atomic_file.hpp
/// @brief A file that appears whole or not at all: written to a temporary file beside its path
/// and renamed into place by commit(). Model files, CSV output and the command line's outputs are
/// all written through it, so a failed or interrupted run never leaves a partial file.

#include <string>
#include <string_view>

namespace mlkit::io {

/// @brief Buffered writer of one file, made visible at @p path only by commit().
///
/// The temporary file is created in the destination's folder (so the rename stays on one file
/// system) with a unique name; the destructor removes it unless commit() succeeded. An existing
/// file at @p path is replaced only by a complete one.
class AtomicFile {
 public:
  /// @brief Create the temporary file beside @p path.
  /// @throws IoError if it cannot be created.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// @brief Append @p text (buffered; written out in blocks of about a megabyte).
  void write(std::string_view text);
  /// @brief The write buffer, for callers that format in place; call flush_if_full() after.
  std::string& buffer() { return buf_; }
  /// @brief Write the buffer out once it holds a block.
  void flush_if_full() {
    if (buf_.size() >= kFlushAt) flush();
  }
  /// @brief Write everything, sync, close and rename into place.
  /// @throws IoError on any failure (the destination is then left as it was).
  void commit();
  /// @brief The destination path.
  const std::string& path() const { return path_; }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
  void flush();
  [[noreturn]] void fail(const char* what) const;

  std::string path_, tmp_;
  int fd_ = -1;
  std::string buf_;
};

}  // namespace mlkit::io
