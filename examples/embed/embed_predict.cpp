// Load a model file saved by mlkit and predict, from an application that links mlkit::mlkit.
//   embed_predict MODEL [x1 x2 ...]
// With no feature values, predicts on a row of zeros of the model's width.
#include <mlkit/mlkit.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODEL [x1 x2 ...]\n", argv[0]);
    return 2;
  }
  try {
    const auto model = mlkit::load(argv[1]);
    const mlkit::Index p = model->n_features_in();
    mlkit::Matrix X = mlkit::Matrix::Zero(1, p);
    if (argc > 2) {
      if (argc - 2 != p) {
        std::fprintf(stderr, "the model expects %ld features\n", static_cast<long>(p));
        return 2;
      }
      for (mlkit::Index j = 0; j < p; ++j) X(0, j) = std::strtod(argv[2 + j], nullptr);
    }
    std::printf("model: %s (%ld features)\n", std::string(model->class_name()).c_str(),
                static_cast<long>(p));
    if (model->tags().has_predict) {
      std::printf("prediction: %.17g\n", model->predict(X)[0]);
    } else {
      const mlkit::Matrix Z = model->transform(X);
      std::printf("transform:");
      for (mlkit::Index j = 0; j < Z.cols(); ++j) std::printf(" %.17g", Z(0, j));
      std::printf("\n");
    }
    return 0;
  } catch (const mlkit::Error& e) {
    std::fprintf(stderr, "embed_predict: %s\n", e.what());
    return 1;
  }
}
