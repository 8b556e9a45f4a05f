#include "input/id_registry.h"

#include <cstring>
#include <stdexcept>

namespace acocalc {
namespace {

// Ids and their places are appended to blocks of this size (an id longer
// than a block gets a block of its own).
constexpr std::size_t kBlockBytes = 1u << 20;
// An entry: file, line, index (4 bytes each), the id's length (4 bytes),
// then the id; entries start at multiples of 8.
constexpr std::size_t kEntryHeader = 16;
// An entry's place in the arena: block << kOffsetBits | offset / 8; so at
// most 2^15 blocks (32 GiB of ids).
constexpr unsigned kOffsetBits = 17;
constexpr std::size_t kMaxBlocks = std::size_t{1} << (32 - kOffsetBits);
static_assert(kBlockBytes / 8 <= (std::size_t{1} << kOffsetBits));

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
    // The slot's place is found from the 32 bits it keeps: fewer slots
    // than 2^32.
    std::size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::uint32_t IdRegistry::store(std::string_view id, const IdPlace& place) {
  const std::size_t size = (kEntryHeader + id.size() + 7) & ~std::size_t{7};
  if (blocks_.empty() || block_used_ + size > kBlockBytes) {
    if (blocks_.size() == kMaxBlocks) throw std::length_error("program ids beyond 32 GiB");
    blocks_.emplace_back(new char[size > kBlockBytes ? size : kBlockBytes]);
    block_used_ = 0;
  }
  char* p = blocks_.back().get() + block_used_;
  write_u32(p, place.file);
  write_u32(p + 4, place.line);
  write_u32(p + 8, static_cast<std::uint32_t>(place.index));
  write_u32(p + 12, static_cast<std::uint32_t>(id.size()) | (place.show_line ? 1u << 31 : 0u));
  std::memcpy(p + kEntryHeader, id.data(), id.size());
  const auto entry =
      static_cast<std::uint32_t>(((blocks_.size() - 1) << kOffsetBits) | (block_used_ >> 3));
  block_used_ += size;
  return entry;
}

const char* IdRegistry::entry_at(std::uint32_t entry) const {
  return blocks_[entry >> kOffsetBits].get() +
         (std::size_t{entry & ((1u << kOffsetBits) - 1)} << 3);
}

std::string_view IdRegistry::id_at(std::uint32_t entry) const {
  const char* p = entry_at(entry);
  return {p + kEntryHeader, read_u32(p + 12) & 0x7fffffffu};
}

IdPlace IdRegistry::place_at(std::uint32_t entry) const {
  const char* p = entry_at(entry);
  IdPlace place;
  place.file = read_u32(p);
  place.line = read_u32(p + 4);
  place.index = static_cast<std::int32_t>(read_u32(p + 8));
  place.show_line = (read_u32(p + 12) >> 31) != 0;
  return place;
}

std::optional<IdPlace> IdRegistry::insert(std::string_view id, const IdPlace& place) {
  if ((used_ + 1) * 4 > slots_.size() * 3) rehash(slots_.empty() ? 1024 : slots_.size() * 2);
  const std::uint64_t full = hash_(id);
  auto hash = static_cast<std::uint32_t>(full ^ (full >> 32));
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
