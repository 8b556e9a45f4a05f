// A 64-bit checksum of a byte stream fed in pieces of any size, to tell a
// file from a changed self between two readings. Not cryptographic: any
// change confined to 8 aligned bytes always changes it (each step is a
// bijection of the state), a change in the length always does, and other
// accidental changes go unseen with odds of about 1 in 2^64.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace acocalc {

class Checksum {
 public:
  void update(const char* data, std::size_t size) {
    bytes_ += size;
    while (size > 0 && pending_bytes_ > 0) {
      add_pending(static_cast<unsigned char>(*data++));
      --size;
    }
    for (; size >= 8; data += 8, size -= 8) {
      std::uint64_t word;
      std::memcpy(&word, data, sizeof word);
      mix(word);
    }
    while (size-- > 0) add_pending(static_cast<unsigned char>(*data++));
  }

  // Of everything so far.
  std::uint64_t value() const {
    Checksum last = *this;
    if (last.pending_bytes_ > 0) last.mix(last.pending_);
    last.mix(bytes_);
    std::uint64_t h = last.state_;  // a final avalanche (MurmurHash3's fmix64)
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
  }

  std::uint64_t bytes() const { return bytes_; }

 private:
  void mix(std::uint64_t word) {
    const std::uint64_t x = (state_ ^ word) * 0x9e3779b97f4a7c15ull;
    state_ = (x << 31) | (x >> 33);
  }

  void add_pending(unsigned char byte) {
    pending_ |= std::uint64_t{byte} << (8 * pending_bytes_);
    if (++pending_bytes_ == 8) {
      mix(pending_);
      pending_ = 0;
      pending_bytes_ = 0;
    }
  }

  std::uint64_t state_ = 0x243f6a8885a308d3ull;
  std::uint64_t pending_ = 0;
  unsigned pending_bytes_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace acocalc
