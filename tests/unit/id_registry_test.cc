// The run's id registry: duplicates found with the first place, at scale.
#include "io/id_registry.h"

#include <catch2/catch.hpp>
#include <string>

using namespace acocalc;

TEST_CASE("a repeated id returns where it was first seen", "[id_registry]") {
  IdRegistry ids;
  CHECK_FALSE(ids.insert("a", {0, 1, -1, false}).has_value());
  CHECK_FALSE(ids.insert("b", {1, 7, 3, true}).has_value());
  const auto first = ids.insert("b", {2, 9, -1, false});
  REQUIRE(first.has_value());
  CHECK(first->file == 1);
  CHECK(first->line == 7);
  CHECK(first->index == 3);
  CHECK(first->show_line);
}

TEST_CASE("a hundred thousand distinct ids are all new, and each repeat is found",
          "[id_registry]") {
  IdRegistry ids;
  for (int i = 0; i < 100000; ++i) {
    REQUIRE_FALSE(ids.insert("prog-" + std::to_string(i), {0, static_cast<std::uint32_t>(i + 1), -1, true}));
  }
  for (int i = 0; i < 100000; i += 9973) {
    const auto first = ids.insert("prog-" + std::to_string(i), {0, 0, -1, true});
    REQUIRE(first.has_value());
    CHECK(first->line == static_cast<std::uint32_t>(i + 1));
  }
}
