#include "io/value_reader.h"

#include <cerrno>
#include <cstring>

namespace acocalc {
namespace {

constexpr std::size_t kBlock = 256 * 1024;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool ValueReader::refill() {
  if (eof_ || read_error_) return false;
  if (pos_ > 0) {  // drop what was handed out; the value in progress moves to the front
    buffer_.erase(0, pos_);
    scan_ -= pos_;
    pos_ = 0;
  }
  const std::size_t old = buffer_.size();
  buffer_.resize(old + kBlock);
  const std::size_t n = std::fread(buffer_.data() + old, 1, kBlock, stream_);
  buffer_.resize(old + n);
  if (n == 0) {
    if (std::ferror(stream_)) {
      read_error_ = true;
      read_errno_ = errno;
    }
    eof_ = true;
    return false;
  }
  return true;
}

bool ValueReader::skip_space() {
  while (true) {
    while (pos_ < buffer_.size() && is_space(buffer_[pos_])) {
      if (buffer_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
      ++pos_;
      ++offset_;
    }
    if (pos_ < buffer_.size()) return true;
    if (!refill()) return false;
  }
}

void ValueReader::advance(std::size_t from, std::size_t to) {
  const char* p = buffer_.data() + from;
  const char* const end = buffer_.data() + to;
  const char* after_newline = nullptr;
  while (const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
    ++line_;
    p = static_cast<const char*>(newline) + 1;
    after_newline = p;
  }
  column_ = after_newline ? 1 + (end - after_newline) : column_ + static_cast<long>(to - from);
}

bool ValueReader::find_end(std::size_t* end) {
  const char* const data = buffer_.data();
  const std::size_t size = buffer_.size();
  if (one_per_line_) {
    const void* newline = std::memchr(data + scan_, '\n', size - scan_);
    if (!newline) {
      scan_ = size;
      return false;
    }
    *end = static_cast<std::size_t>(static_cast<const char*>(newline) - data);
    return true;
  }
  // Objects and arrays end when their brackets balance; anything else (a
  // scalar, or garbage) ends at the end of its line.
  for (std::size_t i = scan_; i < size; ++i) {
    const char c = data[i];
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
        if (depth_ == 0) {
          *end = i + 1;
          return true;
        }
      } else if (c == '\n' && depth_ == 0) {
        *end = i + 1;
        return true;
      }
      continue;
    }
    if (depth_ == 0 && scalar_ && c == '\n') {
      *end = i;
      return true;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '}' || c == ']') {
      if (--depth_ <= 0) {
        *end = i + 1;
        return true;
      }
    } else if (depth_ == 0) {
      scalar_ = true;
    }
  }
  scan_ = size;
  return false;
}

void ValueReader::start() {
  if (started_) return;
  started_ = true;
  while (buffer_.size() < 3 && refill()) {
  }
  // A UTF-8 byte-order mark at the very start is skipped. A partial one
  // starts the first value (the parser reports it), at line 1, column 1.
  constexpr unsigned char kBom[] = {0xEF, 0xBB, 0xBF};
  std::size_t bom = 0;
  while (bom < 3 && bom < buffer_.size() && static_cast<unsigned char>(buffer_[bom]) == kBom[bom]) {
    ++bom;
  }
  if (bom == 3) {
    bom_ = true;
    pos_ = 3;
    offset_ = 3;
  } else if (bom > 0) {
    in_value_ = true;
    scan_ = bom;
    start_ = ValueSpan{0, 0, 1, 1, 0};
  }
}

bool ValueReader::next_span(std::size_t* begin, std::size_t* end, ValueSpan* span) {
  start();
  if (!in_value_) {
    if (!skip_space()) return false;
    in_value_ = true;
    scan_ = pos_;
    start_ = ValueSpan{0, 0, line_, column_, offset_};
  }
  std::size_t found = 0;
  while (!find_end(&found)) {
    if (!refill()) {
      found = buffer_.size();  // truncated: the value runs to the end of the stream
      break;
    }
  }
  *begin = pos_;
  *end = found;
  *span = start_;
  advance(pos_, found);
  offset_ += static_cast<long>(found - pos_);
  pos_ = found;
  in_value_ = false;
  depth_ = 0;
  in_string_ = false;
  escaped_ = false;
  scalar_ = false;
  return true;
}

bool ValueReader::read(std::string* text, std::vector<ValueSpan>* values, std::size_t target) {
  text->clear();
  values->clear();
  while (text->size() < target) {
    std::size_t begin = 0, end = 0;
    ValueSpan span;
    if (!next_span(&begin, &end, &span)) break;
    span.offset = text->size();
    span.length = end - begin;
    text->append(buffer_, begin, end - begin);
    values->push_back(span);
  }
  return !values->empty();
}

bool ValueReader::next(std::string* text, long* line, long* column, long* offset) {
  std::size_t begin = 0, end = 0;
  ValueSpan span;
  if (!next_span(&begin, &end, &span)) {
    text->clear();
    return false;
  }
  text->assign(buffer_, begin, end - begin);
  *line = span.line;
  *column = span.column;
  *offset = span.byte;
  return true;
}

bool ValueReader::at_end() {
  start();
  return !in_value_ && !skip_space();
}

}  // namespace acocalc
