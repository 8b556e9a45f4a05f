// Finding the items of a list by name (metrics, measures, metric changes)
// in near-constant time, however long the list.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string_view>
#include <vector>

namespace acocalc {

// An index of a list of items with a `name` member. find() tries the hinted
// position first (the two periods of a program usually list their metrics
// in the same order) and a scan of a short list; only a longer list gets a
// sorted index, built on the first miss. Keep one per thread and reset() it
// per list: its memory serves list after list. The list must not change
// while it is in use.
template <typename Item>
class NameIndex {
 public:
  void reset(const std::vector<Item>& items) {
    items_ = &items;
    sorted_ = false;
  }

  // The item named `name`, or nullptr; `hint`: where it probably is.
  const Item* find(std::string_view name, std::size_t hint = 0) {
    const std::vector<Item>& items = *items_;
    if (hint < items.size() && items[hint].name == name) return &items[hint];
    if (items.size() <= kScan) {
      for (const Item& item : items) {
        if (item.name == name) return &item;
      }
      return nullptr;
    }
    if (!sorted_) sort();
    const auto at = std::lower_bound(order_.begin(), order_.end(), name,
                                     [&](std::uint32_t i, std::string_view key) {
                                       return std::string_view(items[i].name) < key;
                                     });
    if (at == order_.end() || items[*at].name != name) return nullptr;
    return &items[*at];
  }

 private:
  static constexpr std::size_t kScan = 16;

  void sort() {
    const std::vector<Item>& items = *items_;
    order_.resize(items.size());
    std::iota(order_.begin(), order_.end(), std::uint32_t{0});
    std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::string_view(items[a].name) < std::string_view(items[b].name);
    });
    sorted_ = true;
  }

  const std::vector<Item>* items_ = nullptr;
  std::vector<std::uint32_t> order_;  // positions in items_, by name
  bool sorted_ = false;
};

}  // namespace acocalc
