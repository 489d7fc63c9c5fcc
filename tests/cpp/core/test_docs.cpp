#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "mlkit/mlkit.hpp"

TEST_CASE("docs/parameters.md is the generated parameter reference", "[docs]") {
  std::ifstream in(MLKIT_DOCS_DIR "/parameters.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  INFO("regenerate with: build/mlkit params --markdown > docs/parameters.md");
  CHECK(text.str() == mlkit::parameter_reference_markdown());
}
