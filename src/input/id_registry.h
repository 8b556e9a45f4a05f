// Program ids seen in a run: a table of 32-bit hashes whose every match is
// confirmed on the id itself, kept with where it was first seen in an arena
// of 1 MiB blocks. Memory per id: 16 bytes + its length in the arena (to a
// multiple of 8), plus an 8-byte slot at a load of 3/8 to 3/4 (11 to 22
// bytes); a million ids of 12 characters take about 50 MB. Two different
// ids are never taken for one, whatever their hashes.
#pragma once

#include <cstdint>
#include <memory>
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
  using Hash = std::uint64_t (*)(std::string_view);

  // `hash`: the table's hash function; tests give a weak one to make ids
  // collide.
  explicit IdRegistry(Hash hash = nullptr);

  // Records `id` at `place`; returns where it was first seen when it was.
  std::optional<IdPlace> insert(std::string_view id, const IdPlace& place);

  // Makes room for `count` ids in all, so that the table need not grow (and
  // hold its old and new selves at once) on the way there.
  void reserve(std::size_t count);

 private:
  struct Slot {
    std::uint32_t hash = 0;   // 0: empty
    std::uint32_t entry = 0;  // where the id and its place are in the arena
  };
  void rehash(std::size_t slots);
  std::uint32_t store(std::string_view id, const IdPlace& place);
  const char* entry_at(std::uint32_t entry) const;
  std::string_view id_at(std::uint32_t entry) const;
  IdPlace place_at(std::uint32_t entry) const;

  Hash hash_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_used_ = 0;  // in the last block
};

}  // namespace acocalc
