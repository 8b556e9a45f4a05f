#include "json/value_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>

namespace acocalc {
namespace {

// Reads start small (a one-program file costs one small read) and grow to
// this block size.
constexpr std::size_t kFirstBlock = std::size_t{16} * 1024;
constexpr std::size_t kBlock = std::size_t{256} * 1024;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

bool ValueReader::refill() {
  if (eof_ || read_error_) return false;
  if (pos_ > 0) {  // drop what was handed out; the value in progress moves to the front
    std::memmove(data_.get(), data_.get() + pos_, size_ - pos_);
    size_ -= pos_;
    scan_ -= pos_;
    pos_ = 0;
  }
  block_ = block_ == 0 ? kFirstBlock : std::min(kBlock, block_ * 2);
  if (capacity_ - size_ < block_) {  // grow, keeping what is there (not zero-filled)
    const std::size_t capacity = std::max(capacity_ * 2, size_ + block_);
    std::unique_ptr<char[]> data(new char[capacity]);
    if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    capacity_ = capacity;
  }
  const std::size_t n = std::fread(data_.get() + size_, 1, block_, stream_);
  checksum_.update(data_.get() + size_, n);
  size_ += n;
  if (n < block_) {  // fread stops short only at the end or on an error
    if (std::ferror(stream_)) {
      read_error_ = true;
      read_errno_ = errno;
    }
    eof_ = true;
  }
  return n > 0;
}

bool ValueReader::skip_space() {
  while (true) {
    while (pos_ < size_ && is_space(data_[pos_])) {
      if (data_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
      ++pos_;
      ++offset_;
    }
    if (pos_ < size_) return true;
    if (!refill()) return false;
  }
}

void ValueReader::advance(std::size_t from, std::size_t to) {
  const char* p = data_.get() + from;
  const char* const end = data_.get() + to;
  const char* after_newline = nullptr;
  while (const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
    ++line_;
    p = static_cast<const char*>(newline) + 1;
    after_newline = p;
  }
  column_ = after_newline ? 1 + (end - after_newline) : column_ + static_cast<long>(to - from);
}

bool ValueReader::find_end(std::size_t* end) {
  const char* const data = data_.get();
  const std::size_t size = size_;
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

bool ValueReader::read_to_end(std::size_t* end) {
  bool found = false;
  while (!(found = find_end(end))) {
    if (size_ - pos_ > max_value_) break;  // all of it the value: long enough to drop
    if (!refill()) {
      *end = size_;
      return false;
    }
  }
  if (!found || *end - pos_ > max_value_) {
    too_long_ = true;  // nothing more is read
    eof_ = true;
    *end = pos_;
    return false;
  }
  return true;
}

void ValueReader::start() {
  if (started_) return;
  started_ = true;
  while (size_ < 3 && refill()) {
  }
  // A UTF-8 byte-order mark at the very start is skipped. A partial one
  // starts the first value (the parser reports it), at line 1, column 1.
  constexpr unsigned char kBom[] = {0xEF, 0xBB, 0xBF};
  std::size_t bom = 0;
  while (bom < 3 && bom < size_ && static_cast<unsigned char>(data_[bom]) == kBom[bom]) {
    ++bom;
  }
  if (bom == 3) {
    bom_ = true;
    pos_ = 3;
    offset_ = 3;
  } else if (bom > 0) {
    in_value_ = true;
    ++values_started_;
    scan_ = bom;
    start_ = ValueSpan{0, 0, 1, 1, 0};
  }
}

void ValueReader::consume(std::size_t n) {
  advance(pos_, pos_ + n);
  offset_ += static_cast<long>(n);
  pos_ += n;
}

std::size_t ValueReader::document_header() {
  constexpr std::size_t kWindow = 4096;  // a frame longer than this is read whole
  while (size_ - pos_ < kWindow && refill()) {
  }
  const char* const first = data_.get() + pos_;
  const char* p = first;
  const char* const end = data_.get() + size_;
  const auto space = [&] {
    while (p < end && is_space(*p)) ++p;
  };
  const auto token = [&](std::string_view text) {
    if (static_cast<std::size_t>(end - p) < text.size() ||
        std::memcmp(p, text.data(), text.size()) != 0) {
      return false;
    }
    p += text.size();
    space();
    return true;
  };
  if (!token("{") || !token("\"acocalc\"") || !token(":")) return 0;
  // The version: exactly the integer 1.
  if (end - p < 2 || p[0] != '1' || !(is_space(p[1]) || p[1] == ',')) return 0;
  ++p;
  space();
  if (!token(",") || !token("\"programs\"") || !token(":") || !token("[")) return 0;
  if (p >= end || *p != '{') return 0;  // an empty or odd array: read whole
  return static_cast<std::size_t>(p - first);
}

void ValueReader::pass_value(std::size_t end) {
  consume(end - pos_);
  in_value_ = false;
  depth_ = 0;
  in_string_ = false;
  escaped_ = false;
  scalar_ = false;
}

void ValueReader::settle_separator() {
  if (!separator_pending_) return;
  separator_pending_ = false;
  after_element();
}

void ValueReader::after_element() {
  if (!skip_space()) {
    document_ = Document::broken;
    return;
  }
  if (data_[pos_] == ',') {
    consume(1);
    if (!skip_space() || data_[pos_] != '{') document_ = Document::broken;
    return;
  }
  if (data_[pos_] == ']') {
    consume(1);
    if (!skip_space() || data_[pos_] != '}') {
      document_ = Document::broken;
      return;
    }
    consume(1);
    document_ = Document::none;
    return;
  }
  document_ = Document::broken;
}

bool ValueReader::next_element(std::size_t* begin, std::size_t* end, ValueSpan* span) {
  // pos_ is at a program's "{": its end is where its brackets balance.
  in_value_ = true;
  scan_ = pos_;
  const ValueSpan here{0, 0, line_, column_, offset_};
  std::size_t found = 0;
  if (!read_to_end(&found)) document_ = Document::broken;  // the document is cut short
  *begin = pos_;
  *end = found;
  *span = document_start_;
  span->element = element_++;
  if (too_long_) {  // named where the program starts
    span->line = here.line;
    span->column = here.column;
    span->byte = here.byte;
    span->too_long = true;
    document_ = Document::none;
  }
  pass_value(found);
  // What follows is read on the next call: reading may move the buffer,
  // and the caller has yet to copy this program out of it.
  separator_pending_ = document_ == Document::elements;
  return true;
}

bool ValueReader::next_span(std::size_t* begin, std::size_t* end, ValueSpan* span) {
  if (too_long_) return false;
  start();
  settle_separator();
  if (document_ == Document::broken) {
    if (broken_reported_) return false;
    broken_reported_ = true;
    *begin = *end = pos_;
    *span = document_start_;
    span->malformed = true;
    return true;
  }
  if (document_ == Document::elements) return next_element(begin, end, span);
  if (!in_value_) {
    if (!skip_space()) return false;
    ++values_started_;
    if (split_documents_ && data_[pos_] == '{') {
      if (const std::size_t header = document_header()) {
        document_start_ = ValueSpan{0, 0, line_, column_, offset_};
        consume(header);
        document_ = Document::elements;
        element_ = 0;
        return next_element(begin, end, span);
      }
    }
    in_value_ = true;
    scan_ = pos_;
    start_ = ValueSpan{0, 0, line_, column_, offset_};
  }
  std::size_t found = 0;
  read_to_end(&found);  // truncated, it runs to the end of the stream
  *begin = pos_;
  *end = found;
  *span = start_;
  span->too_long = too_long_;
  pass_value(found);
  return true;
}

bool ValueReader::read(std::string* text, std::vector<ValueSpan>* values, std::size_t target) {
  text->clear();
  values->clear();
  while (text->size() < target) {
    // A streamed document's programs have a batch (or more) of their own.
    if (split_documents_ && !values->empty() && document_ == Document::none && !in_value_) {
      start();
      if (skip_space() && data_[pos_] == '{' && document_header() != 0) break;
    }
    std::size_t begin = 0, end = 0;
    ValueSpan span;
    if (!next_span(&begin, &end, &span)) break;
    span.offset = text->size();
    span.length = end - begin;
    if (end > begin) text->append(data_.get() + begin, end - begin);
    values->push_back(span);
    if (span.too_long) break;
    settle_separator();  // the program is copied: read on to what follows it
    if (span.malformed || (span.element >= 0 && document_ != Document::elements)) break;
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
  if (end > begin) {
    text->assign(data_.get() + begin, end - begin);
  } else {
    text->clear();
  }
  *line = span.line;
  *column = span.column;
  *offset = span.byte;
  return true;
}

bool ValueReader::at_end() {
  if (too_long_) return true;
  start();
  settle_separator();
  return !in_value_ && document_ == Document::none && !skip_space();
}

}  // namespace acocalc
