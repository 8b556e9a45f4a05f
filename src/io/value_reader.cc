#include "io/value_reader.h"

#include <cerrno>

namespace acocalc {

int ValueReader::peek() {
  if (pos_ == size_) {
    if (read_error_) return EOF;
    size_ = std::fread(buffer_, 1, sizeof buffer_, stream_);
    pos_ = 0;
    if (size_ == 0) {
      if (std::ferror(stream_)) {
        read_error_ = true;
        read_errno_ = errno;
      }
      return EOF;
    }
  }
  return static_cast<unsigned char>(buffer_[pos_]);
}

int ValueReader::get() {
  const int c = peek();
  if (c == EOF) return EOF;
  ++pos_;
  ++offset_;
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  return c;
}

bool ValueReader::next(std::string* text, long* line, long* column, long* offset) {
  text->clear();
  if (!started_) {
    started_ = true;
    // A UTF-8 byte-order mark at the very start is skipped.
    if (peek() == 0xEF) {
      get();
      if (peek() == 0xBB) {
        get();
        if (peek() == 0xBF) {
          get();
          bom_ = true;
          column_ = 1;
        } else {
          text->append("\xEF\xBB");
        }
      } else {
        text->push_back('\xEF');
      }
    }
  }
  if (text->empty()) {
    int c = peek();
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      get();
      c = peek();
    }
    if (c == EOF) return false;
    *line = line_;
    *column = column_;
    *offset = offset_;
  } else {
    *line = 1;
    *column = 1;
    *offset = 0;
  }
  if (one_per_line_) {
    for (int c = peek(); c != EOF && c != '\n'; c = peek()) text->push_back(static_cast<char>(get()));
    return true;
  }
  // Objects and arrays end when their brackets balance; anything else (a
  // scalar, or garbage) ends at the end of its line.
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  bool scalar = false;
  for (int c = peek(); c != EOF; c = peek()) {
    if (in_string) {
      text->push_back(static_cast<char>(get()));
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return true;
      } else if (c == '\n' && depth == 0) {
        return true;
      }
      continue;
    }
    if (depth == 0 && scalar && c == '\n') return true;
    text->push_back(static_cast<char>(get()));
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth <= 0) return true;
    } else if (depth == 0) {
      scalar = true;
    }
  }
  return true;
}

}  // namespace acocalc
