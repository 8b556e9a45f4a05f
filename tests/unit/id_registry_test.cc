// The run's id registry: duplicates found with the first place, at scale,
// and distinct ids told apart however their hashes collide.
#include "input/id_registry.h"

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
    REQUIRE_FALSE(
        ids.insert("prog-" + std::to_string(i), {0, static_cast<std::uint32_t>(i + 1), -1, true}));
  }
  for (int i = 0; i < 100000; i += 9973) {
    const auto first = ids.insert("prog-" + std::to_string(i), {0, 0, -1, true});
    REQUIRE(first.has_value());
    CHECK(first->line == static_cast<std::uint32_t>(i + 1));
  }
}

namespace {
// Every id hashes alike: each lookup meets every other id's slot.
std::uint64_t same_hash(std::string_view) { return 42; }
// Hashes to 0, the empty-slot mark.
std::uint64_t zero_hash(std::string_view) { return 0; }
}  // namespace

TEST_CASE("ids whose hashes collide are told apart by their text", "[id_registry]") {
  IdRegistry ids(same_hash);
  CHECK_FALSE(ids.insert("alpha", {0, 1, -1, false}).has_value());
  CHECK_FALSE(ids.insert("beta", {1, 2, 5, true}).has_value());
  CHECK_FALSE(ids.insert("alph", {2, 3, -1, false}).has_value());    // a prefix
  CHECK_FALSE(ids.insert("alphaa", {2, 4, -1, false}).has_value());  // an extension
  CHECK_FALSE(ids.insert("", {2, 5, -1, false}).has_value());
  const auto beta = ids.insert("beta", {3, 9, -1, false});
  REQUIRE(beta.has_value());
  CHECK(beta->file == 1);
  CHECK(beta->line == 2);
  CHECK(beta->index == 5);
  CHECK(beta->show_line);
  const auto alpha = ids.insert("alpha", {3, 10, -1, false});
  REQUIRE(alpha.has_value());
  CHECK(alpha->line == 1);
}

TEST_CASE("a hash of 0 still finds the id", "[id_registry]") {
  IdRegistry ids(zero_hash);
  CHECK_FALSE(ids.insert("a", {0, 1, -1, false}).has_value());
  CHECK_FALSE(ids.insert("b", {0, 2, -1, false}).has_value());
  const auto again = ids.insert("b", {0, 3, -1, false});
  REQUIRE(again.has_value());
  CHECK(again->line == 2);
}

TEST_CASE("colliding ids survive the table's growth and the arena's blocks", "[id_registry]") {
  // 3,000 colliding ids (every insert probes all of them) and long ids
  // that fill several 1 MiB blocks, one longer than a block.
  IdRegistry ids([](std::string_view id) -> std::uint64_t { return id.size() % 3; });
  for (int i = 0; i < 3000; ++i) {
    REQUIRE_FALSE(
        ids.insert("c" + std::to_string(i), {static_cast<std::uint32_t>(i), 0, -1, false}));
  }
  const std::string block_sized(1u << 20, 'x');
  REQUIRE_FALSE(ids.insert(block_sized, {7, 7, -1, false}));
  for (int i = 0; i < 3000; i += 7) {
    const auto first = ids.insert("c" + std::to_string(i), {0, 0, -1, false});
    REQUIRE(first.has_value());
    CHECK(first->file == static_cast<std::uint32_t>(i));
  }
  const auto big = ids.insert(block_sized, {0, 0, -1, false});
  REQUIRE(big.has_value());
  CHECK(big->file == 7);
}

TEST_CASE("places keep every file index and program index", "[id_registry]") {
  IdRegistry ids;
  // Past the 2,047 files and 1,048,574 indexes an earlier table packed.
  CHECK_FALSE(ids.insert("p", {2100, 4, 2000000, true}).has_value());
  CHECK_FALSE(ids.insert("q", {4000000000u, 5, -1, false}).has_value());
  const auto p = ids.insert("p", {0, 0, -1, false});
  REQUIRE(p.has_value());
  CHECK(p->file == 2100);
  CHECK(p->index == 2000000);
  const auto q = ids.insert("q", {0, 0, -1, false});
  REQUIRE(q.has_value());
  CHECK(q->file == 4000000000u);
  CHECK(q->index == -1);
  CHECK_FALSE(q->show_line);
}

TEST_CASE("ids of every length keep their places across many blocks", "[id_registry]") {
  // 200,000 ids of 1 to 60 characters: entries at every multiple of 8,
  // over about 10 blocks of the arena, then each found again.
  IdRegistry ids;
  const auto id_of = [](int i) {
    return std::to_string(i) + std::string(static_cast<std::size_t>(i % 53), 'z');
  };
  for (int i = 0; i < 200000; ++i) {
    REQUIRE_FALSE(ids.insert(id_of(i), {static_cast<std::uint32_t>(i % 5),
                                        static_cast<std::uint32_t>(i), i - 1, i % 2 == 0}));
  }
  for (int i = 0; i < 200000; i += 37) {
    const auto first = ids.insert(id_of(i), {0, 0, -1, false});
    REQUIRE(first.has_value());
    CHECK(first->file == static_cast<std::uint32_t>(i % 5));
    CHECK(first->line == static_cast<std::uint32_t>(i));
    CHECK(first->index == i - 1);
    CHECK(first->show_line == (i % 2 == 0));
  }
  CHECK_FALSE(ids.insert(id_of(200000), {0, 0, -1, false}).has_value());
}
