// Program ids seen in a run, in constant memory per id (16 bytes a slot):
// a 64-bit hash of the id with where it was first seen. Two different ids
// whose 64-bit hashes collide (odds about 1 in 10^7 for a run of a million
// programs) would be reported as a duplicate; nothing is ever silently merged.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace acocalc {

// Where a program was: its file (index in the run), the line its document
// starts on, its index in a {"programs": [...]} document (-1: a lone program).
struct IdPlace {
  std::uint32_t file = 0;
  std::uint32_t line = 0;
  std::int32_t index = -1;
  bool show_line = false;
};

class IdRegistry {
 public:
  // Records `id` at `place`; returns where it was first seen when it was.
  std::optional<IdPlace> insert(std::string_view id, const IdPlace& place);

  // Makes room for `count` ids in all, so that the table need not grow (and
  // hold its old and new selves at once) on the way there.
  void reserve(std::size_t count);

 private:
  struct Slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t line = 0;
    std::uint32_t meta = 0;  // show_line (1 bit), file (11 bits), index + 1 (20 bits)
  };
  void rehash(std::size_t slots);

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
};

}  // namespace acocalc
