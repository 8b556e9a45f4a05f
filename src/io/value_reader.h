// Splits a stream into its top-level JSON values (one document, JSON Lines,
// or concatenated documents) without parsing them, reading in blocks so that
// memory holds one value at a time.
#pragma once

#include <cstdio>
#include <string>

namespace acocalc {

class ValueReader {
 public:
  // `one_per_line`: JSON Lines (.jsonl, .ndjson): each non-blank line is one
  // value, so that a broken line cannot swallow the next ones.
  explicit ValueReader(std::FILE* stream, bool one_per_line = false)
      : stream_(stream), one_per_line_(one_per_line) {}

  // The next top-level value's text, with the line and byte offset where it
  // starts. False at the end of the stream (whitespace only remains). A
  // truncated value runs to the end of the stream (or of its line, for JSON
  // Lines): the parser reports it. Text that is not an object or an array
  // runs to the end of its line: one error per line of garbage.
  bool next(std::string* text, long* line, long* column, long* offset);

  // True when the stream could not be read (as opposed to its end).
  bool read_error() const { return read_error_; }
  int read_errno() const { return read_errno_; }  // errno of the failed read
  bool had_bom() const { return bom_; }
  // Where reading has got to (1-based): after the last value, the end.
  long line() const { return line_; }
  long column() const { return column_; }

 private:
  int get();
  int peek();

  std::FILE* stream_;
  bool one_per_line_ = false;
  char buffer_[1 << 16];
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
  long line_ = 1;
  long column_ = 1;
  long offset_ = 0;
  bool started_ = false;
  bool bom_ = false;
  bool read_error_ = false;
  int read_errno_ = 0;
};

}  // namespace acocalc
