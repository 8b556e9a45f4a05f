#include "io/id_registry.h"

namespace acocalc {
namespace {

constexpr std::uint32_t kFileBits = 11;
constexpr std::uint32_t kIndexBits = 20;
constexpr std::uint32_t kFileMask = (1u << kFileBits) - 1;
constexpr std::uint32_t kIndexMask = (1u << kIndexBits) - 1;

// FNV-1a, then a final mix; never 0 (the empty-slot mark).
std::uint64_t hash_of(std::string_view id) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h == 0 ? 1 : h;
}

// Files past 2,047 and programs past index 1,048,574 of one document are
// remembered by what fits (the message then names the last file that fits
// or no program index): the duplicate is still found.
std::uint32_t pack(const IdPlace& place) {
  const std::uint32_t file = place.file > kFileMask ? kFileMask : place.file;
  const std::uint32_t index =
      place.index < 0 || static_cast<std::uint32_t>(place.index) + 1 > kIndexMask
          ? 0
          : static_cast<std::uint32_t>(place.index) + 1;
  return (place.show_line ? 1u << 31 : 0u) | (file << kIndexBits) | index;
}

IdPlace unpack(std::uint32_t line, std::uint32_t meta) {
  IdPlace place;
  place.show_line = (meta >> 31) != 0;
  place.file = (meta >> kIndexBits) & kFileMask;
  place.index = static_cast<std::int32_t>(meta & kIndexMask) - 1;
  place.line = line;
  return place;
}

}  // namespace

void IdRegistry::reserve(std::size_t count) {
  std::size_t slots = slots_.empty() ? 1024 : slots_.size();
  while (count * 4 > slots * 3) slots *= 2;  // load factor at most 3/4
  if (slots > slots_.size()) rehash(slots);
}

void IdRegistry::rehash(std::size_t slots) {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(slots, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::optional<IdPlace> IdRegistry::insert(std::string_view id, const IdPlace& place) {
  if ((used_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
  const std::uint64_t hash = hash_of(id);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].hash != 0) {
    if (slots_[i].hash == hash) return unpack(slots_[i].line, slots_[i].meta);
    i = (i + 1) & mask;
  }
  slots_[i] = Slot{hash, place.line, pack(place)};
  ++used_;
  return std::nullopt;
}

}  // namespace acocalc
