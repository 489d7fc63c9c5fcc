// Fashion-MNIST from the gzipped IDX files of Debian's dataset-fashion-mnist package.
// IDX format (LeCun et al., the MNIST database): big-endian magic 0x00000803 (unsigned bytes,
// three dimensions) for images, 0x00000801 (one dimension) for labels, then the sizes, then data.
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/datasets/datasets.hpp"

namespace mlkit::datasets {

namespace {

constexpr const char* kDefaultDir = "/usr/share/datasets/fashion-mnist";

struct GzFile {
  explicit GzFile(const std::string& path) : f(gzopen(path.c_str(), "rb")), path(path) {
    if (!f) throw IoError("cannot open '" + path + "'");
  }
  ~GzFile() { gzclose(f); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  void read(void* out, std::size_t n) {
    auto* p = static_cast<unsigned char*>(out);
    while (n > 0) {
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30));
      const int got = gzread(f, p, chunk);
      if (got <= 0) {
        int err = Z_OK;
        const char* msg = gzerror(f, &err);
        throw IoError("'" + path + "' is truncated or corrupt" +
                      (err != Z_OK && err != Z_STREAM_END ? std::string(": ") + msg : ""));
      }
      p += got;
      n -= static_cast<std::size_t>(got);
    }
  }
  std::uint32_t u32() {
    unsigned char b[4];
    read(b, 4);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           b[3];
  }
  bool at_end() {
    unsigned char extra;
    return gzread(f, &extra, 1) == 0;
  }

  gzFile f;
  std::string path;
};

// Reads one images/labels pair into rows [offset, offset + n) of X and y.
Index read_pair(const std::string& dir, const std::string& prefix, Matrix* X, Vector* y,
                Index offset) {
  GzFile images(dir + "/" + prefix + "-images-idx3-ubyte.gz");
  GzFile labels(dir + "/" + prefix + "-labels-idx1-ubyte.gz");
  if (images.u32() != 0x00000803u) throw IoError("'" + images.path + "' is not an IDX image file");
  if (labels.u32() != 0x00000801u) throw IoError("'" + labels.path + "' is not an IDX label file");
  const std::uint32_t n = images.u32(), rows = images.u32(), cols = images.u32();
  if (rows != 28 || cols != 28 || n == 0 || n > 1000000)
    throw IoError("'" + images.path + "' does not hold 28 x 28 Fashion-MNIST images");
  if (labels.u32() != n)
    throw IoError("'" + labels.path + "' and its image file disagree on the number of items");
  if (offset == 0 && X->rows() == 0) {
    X->resize(n, 784);
    y->resize(n);
  } else if (X->rows() < offset + n) {
    X->conservativeResize(offset + n, 784);
    y->conservativeResize(offset + n);
  }
  std::vector<unsigned char> buf(static_cast<std::size_t>(n) * 784);
  images.read(buf.data(), buf.size());
  for (std::size_t i = 0; i < buf.size(); ++i)
    X->data()[static_cast<std::size_t>(offset) * 784 + i] = buf[i];
  std::vector<unsigned char> lab(n);
  labels.read(lab.data(), lab.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    if (lab[i] > 9) throw IoError("'" + labels.path + "' holds a label outside 0..9");
    (*y)[offset + i] = lab[i];
  }
  if (!images.at_end() || !labels.at_end())
    throw IoError("'" + images.path + "' or its label file has trailing data");
  return n;
}

}  // namespace

Dataset load_fashion_mnist(std::string_view subset, std::string dir) {
  if (subset != "train" && subset != "test" && subset != "all")
    throw InvalidParameter("subset must be 'train', 'test' or 'all'. Got '" + std::string(subset) +
                           "' instead.");
  if (dir.empty()) {
    const char* env = std::getenv("MLKIT_FASHION_MNIST_DIR");
    dir = env && *env ? env : kDefaultDir;
  }
  if (!std::filesystem::exists(dir + "/train-images-idx3-ubyte.gz") ||
      !std::filesystem::exists(dir + "/t10k-images-idx3-ubyte.gz"))
    throw IoError("Fashion-MNIST not found in '" + dir +
                  "': install Debian's package dataset-fashion-mnist (apt-get install "
                  "dataset-fashion-mnist) or set MLKIT_FASHION_MNIST_DIR");
  Dataset d;
  Index n = 0;
  if (subset != "test") n += read_pair(dir, "train", &d.X, &d.y, n);
  if (subset != "train") read_pair(dir, "t10k", &d.X, &d.y, n);
  d.feature_names.reserve(784);
  for (int r = 0; r < 28; ++r)
    for (int c = 0; c < 28; ++c)
      d.feature_names.push_back("pixel_" + std::to_string(r) + "_" + std::to_string(c));
  d.target_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return d;
}

}  // namespace mlkit::datasets
