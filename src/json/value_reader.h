// Splits a stream into its top-level JSON values (one document, JSON Lines,
// or concatenated documents) without parsing them, reading in large blocks
// and handing out values a batch at a time, so that memory holds a batch
// (or one large value) whatever the size of the stream.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "json/checksum.h"

namespace acocalc {

// Where one value's text is in a batch, and where it starts in its stream.
// A streamed document's programs come one span each: `element` is the
// program's index in "programs", and line, column and byte those of the
// document.
struct ValueSpan {
  std::size_t offset = 0;  // in the batch's text
  std::size_t length = 0;
  long line = 1;           // 1-based
  long column = 1;         // 1-based, in bytes from the start of the line
  long byte = 0;           // offset in the stream
  long element = -1;       // a streamed document's program, or -1: a whole value
  bool malformed = false;  // the streamed document is not as its start promised
  // The value (a program, for a streamed document) is longer than the limit
  // (ValueReader::limit_values()): no text, the place is where it starts,
  // and the stream is not read further.
  bool too_long = false;
};

// The longest value (a top-level value, a JSON Lines line, a streamed
// document's program) read unless ValueReader::limit_values() says otherwise.
inline constexpr std::size_t kMaxValueBytes = std::size_t{64} << 20;

class ValueReader {
 public:
  // `one_per_line`: JSON Lines (.jsonl, .ndjson): each non-blank line is one
  // value, so that a broken line cannot swallow the next ones.
  explicit ValueReader(std::FILE* stream, bool one_per_line = false)
      : stream_(stream), one_per_line_(one_per_line) {}

  // Hands out the programs of a document that starts {"acocalc": 1,
  // "programs": [{ one by one (ValueSpan::element), so that memory holds a
  // batch of them, not the document. Anything unexpected in the rest of the
  // document's frame gives a `malformed` span and ends the reading: the
  // caller reads the stream again without splitting, to report it as a
  // whole document would be.
  void split_documents() { split_documents_ = true; }

  // Values longer than `bytes` are not held: each gives a `too_long` span
  // and ends the reading, so that memory stays bounded whatever the stream
  // (/dev/zero, one endless line).
  void limit_values(std::size_t bytes) { max_value_ = bytes; }

  // Top-level values begun so far (a streamed document counts once).
  std::size_t values_started() const { return values_started_; }

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
  // Every byte read from the stream so far: their checksum and count.
  const Checksum& checksum() const { return checksum_; }

  // Where reading has got to (1-based): after the last value, the end.
  long line() const { return line_; }
  long column() const { return column_; }

 private:
  // Skips a byte-order mark at the start of the stream.
  void start();
  // The length of a streamable document's frame up to its first program's
  // "{", when one starts at pos_; else 0.
  std::size_t document_header();
  // The next program of the document being streamed.
  bool next_element(std::size_t* begin, std::size_t* end, ValueSpan* span);
  // Reads what follows a program: another one, or the end of the document.
  void after_element();
  // after_element(), when it is due.
  void settle_separator();
  // Moves past the value that ends at `end`, ready for the next one.
  void pass_value(std::size_t end);
  // Moves past n bytes at pos_ (all in the buffer).
  void consume(std::size_t n);
  // Reads another block into data_; false when nothing more was read.
  bool refill();
  // Skips white space (reading as needed); false at the end of the stream.
  bool skip_space();
  // Finds the end of the value that starts at pos_ (scanning from scan_);
  // false when the buffer ends first.
  bool find_end(std::size_t* end);
  // find_end(), reading on as needed; at the end of the stream first, the
  // value runs to it (*end = size_) and the result is false.
  bool read_to_end(std::size_t* end);
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
  std::size_t pos_ = 0;    // first byte not yet handed out
  std::size_t scan_ = 0;   // how far the current value has been scanned
  bool in_value_ = false;  // a value starts at pos_, scanned up to scan_
  ValueSpan start_;        // where the value in progress starts
  int depth_ = 0;          // the scan's state, kept across blocks
  bool in_string_ = false;
  bool escaped_ = false;
  bool scalar_ = false;
  bool eof_ = false;
  bool split_documents_ = false;
  std::size_t max_value_ = kMaxValueBytes;
  bool too_long_ = false;  // a value passed the limit: nothing more is read
  enum class Document { none, elements, broken } document_ = Document::none;
  bool broken_reported_ = false;
  bool separator_pending_ = false;  // after_element() is due
  ValueSpan document_start_;        // where the document being streamed starts
  long element_ = 0;                // the index of its next program
  std::size_t values_started_ = 0;
  long line_ = 1;
  long column_ = 1;
  long offset_ = 0;  // stream offset of data_[pos_]
  bool started_ = false;
  bool bom_ = false;
  bool read_error_ = false;
  int read_errno_ = 0;
  Checksum checksum_;
};

}  // namespace acocalc
