// NameIndex: finding items by name in a list of any length and order.
#include "acocalc/names.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace acocalc;

namespace {
struct Named {
  std::string name;
  int value = 0;
};
}  // namespace

TEST_CASE("NameIndex finds every item whatever the list's length and order", "[names]") {
  NameIndex<Named> index;
  for (const std::size_t size : {0, 1, 16, 17, 5000}) {
    std::vector<Named> items;
    for (std::size_t i = 0; i < size; ++i) {
      items.push_back({"metric_" + std::to_string((i * 7919) % (size ? size : 1)), int(i)});
    }
    index.reset(items);
    for (std::size_t i = 0; i < size; ++i) {
      // The right item with a right hint, a wrong one and none.
      for (const std::size_t hint : {i, size - 1 - i, std::size_t{0}}) {
        const Named* found = index.find(items[i].name, hint);
        REQUIRE(found != nullptr);
        CHECK(found->value == int(i));
      }
    }
    CHECK(index.find("metric_", 0) == nullptr);
    CHECK(index.find("metric_" + std::to_string(size), 0) == nullptr);
  }
  // Reset to another list: nothing of the former one is found.
  std::vector<Named> other(40);
  for (std::size_t i = 0; i < other.size(); ++i) other[i] = {"other_" + std::to_string(i), 1};
  index.reset(other);
  CHECK(index.find("metric_3", 3) == nullptr);
  CHECK(index.find("other_39", 0) == &other[39]);
}
