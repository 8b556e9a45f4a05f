// Splits a stream into its top-level JSON values (one document, JSON Lines,
// or concatenated documents) without parsing them, reading in blocks so that
// memory holds one value at a time.
#pragma once

#include <cstdio>
#include <string>

namespace acocalc {

class ValueReader {
 public:
  explicit ValueReader(std::FILE* stream) : stream_(stream) {}

  // The next top-level value's text, with the line and byte offset where it
  // starts. False at the end of the stream (whitespace only remains). A
  // truncated value runs to the end of the stream: the parser reports it.
  bool next(std::string* text, long* line, long* column, long* offset);

  // True when the stream could not be read (as opposed to its end).
  bool read_error() const { return read_error_; }
  bool had_bom() const { return bom_; }

 private:
  int get();
  int peek();

  std::FILE* stream_;
  char buffer_[1 << 16];
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
  long line_ = 1;
  long column_ = 1;
  long offset_ = 0;
  bool started_ = false;
  bool bom_ = false;
  bool read_error_ = false;
};

}  // namespace acocalc
