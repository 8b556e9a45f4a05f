// Splits a stream into its top-level JSON values (one document, JSON Lines,
// or concatenated documents) without parsing them, reading in large blocks
// and handing out values a batch at a time, so that memory holds a batch
// (or one large value) whatever the size of the stream.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace acocalc {

// Where one value's text is in a batch, and where it starts in its stream.
struct ValueSpan {
  std::size_t offset = 0;  // in the batch's text
  std::size_t length = 0;
  long line = 1;    // 1-based
  long column = 1;  // 1-based, in bytes from the start of the line
  long byte = 0;    // offset in the stream
};

class ValueReader {
 public:
  // `one_per_line`: JSON Lines (.jsonl, .ndjson): each non-blank line is one
  // value, so that a broken line cannot swallow the next ones.
  explicit ValueReader(std::FILE* stream, bool one_per_line = false)
      : stream_(stream), one_per_line_(one_per_line) {}

  // Replaces `text` and `values` with the next values of the stream, whole,
  // until `text` holds at least `target` bytes or the stream ends. False
  // when no value remains (white space only). A truncated value runs to the
  // end of the stream (or of its line, for JSON Lines): the parser reports
  // it. Text that is not an object or an array runs to the end of its line:
  // one error per line of garbage.
  bool read(std::string* text, std::vector<ValueSpan>* values, std::size_t target);

  // One value at a time: its text, line, column and byte offset.
  bool next(std::string* text, long* line, long* column, long* offset);

  // True when only white space is left (reads ahead as needed).
  bool at_end();

  // True when the stream could not be read (as opposed to its end).
  bool read_error() const { return read_error_; }
  int read_errno() const { return read_errno_; }  // errno of the failed read
  bool had_bom() const { return bom_; }
  // Where reading has got to (1-based): after the last value, the end.
  long line() const { return line_; }
  long column() const { return column_; }

 private:
  // Skips a byte-order mark at the start of the stream.
  void start();
  // Reads another block into data_; false when nothing more was read.
  bool refill();
  // Skips white space (reading as needed); false at the end of the stream.
  bool skip_space();
  // Finds the end of the value that starts at pos_ (scanning from scan_);
  // false when the buffer ends first.
  bool find_end(std::size_t* end);
  // Moves line_ and column_ over data_[from, to).
  void advance(std::size_t from, std::size_t to);
  // The next value's place in data_; false at the end of the stream.
  bool next_span(std::size_t* begin, std::size_t* end, ValueSpan* span);

  std::FILE* stream_;
  bool one_per_line_ = false;
  std::unique_ptr<char[]> data_;  // read but not yet handed out, from pos_
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t block_ = 0;  // the size of the last read
  std::size_t pos_ = 0;   // first byte not yet handed out
  std::size_t scan_ = 0;  // how far the current value has been scanned
  bool in_value_ = false;  // a value starts at pos_, scanned up to scan_
  ValueSpan start_;        // where the value in progress starts
  int depth_ = 0;          // the scan's state, kept across blocks
  bool in_string_ = false;
  bool escaped_ = false;
  bool scalar_ = false;
  bool eof_ = false;
  long line_ = 1;
  long column_ = 1;
  long offset_ = 0;  // stream offset of data_[pos_]
  bool started_ = false;
  bool bom_ = false;
  bool read_error_ = false;
  int read_errno_ = 0;
};

}  // namespace acocalc
