// The stream splitter: values, their places, and blocks that cut values.
#include "json/value_reader.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace acocalc;

namespace {

struct Value {
  std::string text;
  long line = 0, column = 0, offset = 0;
  bool operator==(const Value&) const = default;
};

// The splitting rules, one byte at a time, as the reader's documentation
// states them (the reference the block reader must match).
std::vector<Value> reference(const std::string& in, bool one_per_line, long* end_line,
                             long* end_column) {
  std::vector<Value> out;
  std::size_t i = 0;
  long line = 1, column = 1;
  const auto step = [&] {
    if (in[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    ++i;
  };
  std::string prefix;
  if (in.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    i = 3;
  } else if (!in.empty() && in[0] == '\xEF') {
    prefix = in.size() > 1 && in[1] == '\xBB' ? "\xEF\xBB" : "\xEF";
    for (std::size_t k = 0; k < prefix.size(); ++k) step();
  }
  while (true) {
    Value v;
    v.text = prefix;
    if (prefix.empty()) {
      while (i < in.size() && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n' || in[i] == '\r'))
        step();
      if (i == in.size()) break;
      v.line = line;
      v.column = column;
      v.offset = static_cast<long>(i);
    } else {
      v.line = 1;
      v.column = 1;
      v.offset = 0;
      prefix.clear();
    }
    if (one_per_line) {
      while (i < in.size() && in[i] != '\n') {
        v.text += in[i];
        step();
      }
      out.push_back(v);
      continue;
    }
    int depth = 0;
    bool in_string = false, escaped = false, scalar = false;
    while (i < in.size()) {
      const char c = in[i];
      if (in_string) {
        v.text += c;
        step();
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
          if (depth == 0) break;
        } else if (c == '\n' && depth == 0) {
          break;
        }
        continue;
      }
      if (depth == 0 && scalar && c == '\n') break;
      v.text += c;
      step();
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth <= 0) break;
      } else if (depth == 0) {
        scalar = true;
      }
    }
    out.push_back(v);
  }
  *end_line = line;
  *end_column = column;
  return out;
}

std::vector<Value> split(const std::string& in, bool one_per_line, bool batches, long* end_line,
                         long* end_column) {
  std::FILE* stream = fmemopen(const_cast<char*>(in.data()), in.size(), "rb");
  REQUIRE(stream != nullptr);
  ValueReader reader(stream, one_per_line);
  std::vector<Value> out;
  if (batches) {
    std::string text;
    std::vector<ValueSpan> spans;
    while (reader.read(&text, &spans, 5000)) {
      for (const auto& s : spans) {
        out.push_back({text.substr(s.offset, s.length), s.line, s.column, s.byte});
      }
    }
  } else {
    Value v;
    while (reader.next(&v.text, &v.line, &v.column, &v.offset)) out.push_back(v);
  }
  CHECK(reader.at_end());
  *end_line = reader.line();
  *end_column = reader.column();
  std::fclose(stream);
  return out;
}

void agree(const std::string& in) {
  for (bool one_per_line : {false, true}) {
    for (bool batches : {false, true}) {
      long line = 0, column = 0, ref_line = 0, ref_column = 0;
      const auto got = split(in, one_per_line, batches, &line, &column);
      const auto expected = reference(in, one_per_line, &ref_line, &ref_column);
      INFO("one_per_line " << one_per_line << ", batches " << batches << ", input of " << in.size()
                           << " bytes");
      REQUIRE(got.size() == expected.size());
      for (std::size_t k = 0; k < got.size(); ++k) {
        INFO("value " << k);
        REQUIRE(got[k] == expected[k]);
      }
      CHECK(line == ref_line);
      CHECK(column == ref_column);
    }
  }
}

}  // namespace

TEST_CASE("values are split as documented", "[reader]") {
  for (const std::string& in :
       {std::string(""), std::string(" \n\t "), std::string("{}"),
        std::string("{\"a\": [1, {\"b\": \"}\"}]}\n[2]"),
        std::string("{\"s\": \"a \\\" } \\\\\"} {}"), std::string("garbage here\n{\"a\":1}\n"),
        std::string("\"str\" \"ing\"\n"), std::string("\"open string\nnext"),
        std::string("{\"a\":\n"), std::string("}\n]\n"), std::string("\xEF\xBB\xBF{}\n{}"),
        std::string("\xEF\xBB{}"), std::string("\xEF x\n{}"), std::string("\xEF"),
        std::string("{}\r\n{}\r\n"), std::string("12 34\n56")}) {
    agree(in);
  }
}

TEST_CASE("values that cross the reader's blocks are whole", "[reader]") {
  // Streams of a few megabytes, so that values straddle the 256 KiB blocks,
  // made of random values, strings with escapes, blank lines and garbage.
  std::mt19937 random(11);
  const std::vector<std::string> pieces = {"{\"id\": \"a\", \"list\": [1, 2, {\"x\": \"}]\"}]}",
                                           "[\"\\\"\", \"\\\\\"]",
                                           "\n",
                                           "\n\n",
                                           "  ",
                                           "{\"long\": \"" + std::string(300000, 'x') + "\"}",
                                           "oops }\n",
                                           "\"s\\n\"",
                                           "\r\n",
                                           "{\"deep\": [[[[{\"k\": \"\\\\\\\"\"}]]]]}"};
  for (int round = 0; round < 4; ++round) {
    std::string in;
    while (in.size() < 1500000) in += pieces[random() % pieces.size()];
    agree(in);
  }
}

namespace {

// The spans of a stream read with split_documents(), in batches.
std::vector<ValueSpan> split_spans(const std::string& in, std::vector<std::string>* texts) {
  std::FILE* stream = fmemopen(const_cast<char*>(in.data()), in.size(), "rb");
  REQUIRE(stream != nullptr);
  ValueReader reader(stream);
  reader.split_documents();
  std::vector<ValueSpan> all;
  std::string text;
  std::vector<ValueSpan> spans;
  while (reader.read(&text, &spans, 5000)) {
    for (const auto& s : spans) {
      all.push_back(s);
      texts->push_back(text.substr(s.offset, s.length));
    }
  }
  std::fclose(stream);
  return all;
}

}  // namespace

TEST_CASE("a document's programs are handed out one by one", "[reader]") {
  // Programs large enough for the document to cross the reader's blocks.
  std::vector<std::string> programs;
  for (int i = 0; i < 400; ++i) {
    programs.push_back("{\"id\": \"p" + std::to_string(i) + "\", \"s\": \"" +
                       std::string(static_cast<std::size_t>(i) * 3, 'x') +
                       "\\\"}]\", \"n\": [1, {}]}");
  }
  std::string document = "\n  {\"acocalc\" : 1,\n \"programs\":[\n";
  for (std::size_t i = 0; i < programs.size(); ++i) document += (i ? " ,\n" : "") + programs[i];
  document += "\n] }\n";
  std::vector<std::string> texts;
  const auto spans = split_spans(document, &texts);
  REQUIRE(spans.size() == programs.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    CHECK(texts[i] == programs[i]);
    CHECK(spans[i].element == static_cast<long>(i));
    CHECK_FALSE(spans[i].malformed);
    CHECK(spans[i].line == 2);  // the document's place, for every program
    CHECK(spans[i].column == 3);
  }
  // Values after it come whole, as usual.
  texts.clear();
  const auto more = split_spans(document + "{\"id\": \"after\"}\n", &texts);
  REQUIRE(more.size() == programs.size() + 1);
  CHECK(more.back().element == -1);
  CHECK(texts.back() == "{\"id\": \"after\"}");
}

TEST_CASE("a document that breaks its frame gives a malformed span, or is read whole", "[reader]") {
  const std::string program = "{\"id\": \"p\"}";
  const auto last_is_malformed = [](const std::string& in) {
    std::vector<std::string> texts;
    const auto spans = split_spans(in, &texts);
    return !spans.empty() && spans.back().malformed;
  };
  const auto read_whole = [](const std::string& in) {
    std::vector<std::string> texts;
    const auto spans = split_spans(in, &texts);
    return spans.size() == 1 && spans[0].element == -1 && texts[0] == in.substr(0, texts[0].size());
  };
  CHECK(last_is_malformed("{\"acocalc\": 1, \"programs\": [" + program + ", 3]}"));
  CHECK(last_is_malformed("{\"acocalc\": 1, \"programs\": [" + program + "], \"extra\": 1}"));
  CHECK(last_is_malformed("{\"acocalc\": 1, \"programs\": [" + program + " " + program + "]}"));
  CHECK(last_is_malformed("{\"acocalc\": 1, \"programs\": [" + program + ", {\"id\": \"cut"));
  CHECK(last_is_malformed("{\"acocalc\": 1, \"programs\": [" + program + "]"));
  // Frames that do not promise a stream of programs are read whole.
  CHECK(read_whole("{\"programs\": [" + program + "], \"acocalc\": 1}"));
  CHECK(read_whole("{\"acocalc\": 1.0, \"programs\": [" + program + "]}"));
  CHECK(read_whole("{\"acocalc\": 12, \"programs\": [" + program + "]}"));
  CHECK(read_whole("{\"acocalc\": 1, \"programs\": []}"));
  CHECK(read_whole("{\"acocalc\": 1, \"programs\": [3]}"));
  CHECK(read_whole("{\"acocalc\": 1, \"progr\\u0061ms\": [" + program + "]}"));
}

namespace {

// The spans of `in` read with a limit of `limit` bytes a value, in batches.
std::vector<ValueSpan> limited_spans(const std::string& in, std::size_t limit, bool one_per_line,
                                     bool documents, std::vector<std::string>* texts) {
  std::FILE* stream = fmemopen(const_cast<char*>(in.data()), in.size(), "rb");
  REQUIRE(stream != nullptr);
  ValueReader reader(stream, one_per_line);
  reader.limit_values(limit);
  if (documents) reader.split_documents();
  std::vector<ValueSpan> all;
  std::string text;
  std::vector<ValueSpan> spans;
  while (reader.read(&text, &spans, 5000)) {
    for (const auto& s : spans) {
      all.push_back(s);
      texts->push_back(text.substr(s.offset, s.length));
    }
  }
  CHECK(reader.at_end());
  std::fclose(stream);
  return all;
}

}  // namespace

TEST_CASE("a value beyond the limit is dropped where it starts, and the reading ends", "[reader]") {
  // Values of every kind beyond 100 KB (several of the reader's blocks), and
  // endless garbage with no newline, each after a small value on line 1.
  const std::string big(100000, 'x');
  for (const std::string& second :
       {"{\"s\": \"" + big + "\"}", "[" + big + "]", "\"" + big, std::string(300000, '\0')}) {
    for (bool one_per_line : {false, true}) {
      const std::string in = "{\"a\": 1}\n  " + second + "\n{\"b\": 2}\n";
      std::vector<std::string> texts;
      const auto spans = limited_spans(in, 65536, one_per_line, false, &texts);
      REQUIRE(spans.size() == 2);
      CHECK(texts[0] == "{\"a\": 1}");
      CHECK_FALSE(spans[0].too_long);
      CHECK(spans[1].too_long);
      CHECK(texts[1].empty());
      CHECK(spans[1].line == 2);
      CHECK(spans[1].column == 3);  // after the white space
    }
  }
  // Within the limit, the same values are whole.
  std::vector<std::string> texts;
  const auto spans = limited_spans("[" + big + "]\n", 200000, false, false, &texts);
  REQUIRE(spans.size() == 1);
  CHECK_FALSE(spans[0].too_long);
  CHECK(texts[0].size() == big.size() + 2);
}

TEST_CASE("a streamed document's program beyond the limit is named where it starts", "[reader]") {
  const std::string in = "{\"acocalc\": 1, \"programs\": [{\"id\": \"a\"},\n {\"id\": \"" +
                         std::string(100000, 'x') + "\"}, {\"id\": \"c\"}]}\n";
  std::vector<std::string> texts;
  const auto spans = limited_spans(in, 65536, false, true, &texts);
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].element == 0);
  CHECK(texts[0] == "{\"id\": \"a\"}");
  CHECK(spans[1].element == 1);
  CHECK(spans[1].too_long);
  CHECK_FALSE(spans[1].malformed);
  CHECK(spans[1].line == 2);
  CHECK(spans[1].column == 2);
}
