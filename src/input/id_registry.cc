#include "input/id_registry.h"

#include <cstring>

namespace acocalc {
namespace {

// Ids and their places are appended to blocks of this size (an id longer
// than a block gets a block of its own).
constexpr std::size_t kBlockBytes = 1u << 20;
// An entry: file, line, index (4 bytes each), the id's length (4 bytes),
// then the id.
constexpr std::size_t kEntryHeader = 16;
// An entry's place in the arena: block << kOffsetBits | offset.
constexpr unsigned kOffsetBits = 32;

// FNV-1a, then a final mix.
std::uint64_t default_hash(std::string_view id) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

std::uint32_t read_u32(const char* p) {
  std::uint32_t value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

void write_u32(char* p, std::uint32_t value) { std::memcpy(p, &value, sizeof value); }

}  // namespace

IdRegistry::IdRegistry(Hash hash) : hash_(hash ? hash : default_hash) {}

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

std::uint64_t IdRegistry::store(std::string_view id, const IdPlace& place) {
  const std::size_t size = kEntryHeader + id.size();
  if (blocks_.empty() || block_used_ + size > kBlockBytes) {
    blocks_.emplace_back(new char[size > kBlockBytes ? size : kBlockBytes]);
    block_used_ = 0;
  }
  char* p = blocks_.back().get() + block_used_;
  write_u32(p, place.file);
  write_u32(p + 4, place.line);
  write_u32(p + 8, static_cast<std::uint32_t>(place.index));
  write_u32(p + 12, static_cast<std::uint32_t>(id.size()) | (place.show_line ? 1u << 31 : 0u));
  std::memcpy(p + kEntryHeader, id.data(), id.size());
  const std::uint64_t entry =
      (static_cast<std::uint64_t>(blocks_.size() - 1) << kOffsetBits) | block_used_;
  block_used_ += size;
  return entry;
}

std::string_view IdRegistry::id_at(std::uint64_t entry) const {
  const char* p = blocks_[entry >> kOffsetBits].get() + (entry & 0xffffffffu);
  return {p + kEntryHeader, read_u32(p + 12) & 0x7fffffffu};
}

IdPlace IdRegistry::place_at(std::uint64_t entry) const {
  const char* p = blocks_[entry >> kOffsetBits].get() + (entry & 0xffffffffu);
  IdPlace place;
  place.file = read_u32(p);
  place.line = read_u32(p + 4);
  place.index = static_cast<std::int32_t>(read_u32(p + 8));
  place.show_line = (read_u32(p + 12) >> 31) != 0;
  return place;
}

std::optional<IdPlace> IdRegistry::insert(std::string_view id, const IdPlace& place) {
  if ((used_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
  std::uint64_t hash = hash_(id);
  if (hash == 0) hash = 1;  // 0 marks an empty slot
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].hash != 0) {
    if (slots_[i].hash == hash && id_at(slots_[i].entry) == id) {
      return place_at(slots_[i].entry);
    }
    i = (i + 1) & mask;
  }
  slots_[i] = Slot{hash, store(id, place)};
  ++used_;
  return std::nullopt;
}

}  // namespace acocalc
