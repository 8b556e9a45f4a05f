// Reading the inputs twice: what each reading read, and a file that reads
// otherwise the second time (io/inputs, io/checksum).
#include "input/inputs.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "json/checksum.h"

using namespace acocalc;

namespace {

std::uint64_t checksum_of(const std::string& text, std::size_t piece) {
  Checksum sum;
  for (std::size_t i = 0; i < text.size(); i += piece) {
    sum.update(text.data() + i, std::min(piece, text.size() - i));
  }
  return sum.value();
}

std::string program_line(const std::string& id, int member_months) {
  return "{\"id\": \"" + id +
         "\", \"baseline\": {\"member_months\": " + std::to_string(member_months) +
         ", \"utilization\": {\"er_visits\": 10}}, \"performance\": {\"member_months\": 1200, "
         "\"utilization\": {\"er_visits\": 9}}}\n";
}

// A JSON Lines file in the temporary directory, removed at the end.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& text) {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/acocalc-inputs-XXXXXX.jsonl";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemps(name.data(), 6);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = name.data();
    write(text);
  }
  ~TempFile() { std::remove(path.c_str()); }
  void write(const std::string& text) const {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }
};

InputSummary read(const std::string& path, const std::vector<FileDigest>* expected,
                  std::vector<std::string>* ids) {
  InputOptions options{{path}, {}};
  options.expected = expected;
  return read_inputs(options, RenderProgram(), [&](LoadedProgram& loaded, std::string_view) {
    ids->push_back(loaded.program.id);
  });
}

}  // namespace

TEST_CASE("the checksum does not depend on how the bytes are cut", "[inputs]") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>(i * 7 + 3);
  const std::uint64_t whole = checksum_of(text, text.size());
  for (std::size_t piece : {1, 3, 7, 8, 9, 64, 999}) CHECK(checksum_of(text, piece) == whole);
}

TEST_CASE("the checksum changes with any one byte, and with the length", "[inputs]") {
  const std::string text(100, 'a');
  const std::uint64_t base = checksum_of(text, 100);
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string changed = text;
    changed[i] = 'b';
    CHECK(checksum_of(changed, 100) != base);
  }
  CHECK(checksum_of(text + '\0', 101) != base);
  CHECK(checksum_of(text.substr(1), 99) != base);
  CHECK(checksum_of("", 1) != checksum_of(std::string(1, '\0'), 1));
}

TEST_CASE("a file read twice unchanged reads alike", "[inputs]") {
  TempFile file(program_line("a", 1200) + program_line("b", 1200));
  std::vector<std::string> first_ids, second_ids;
  const InputSummary first = read(file.path, nullptr, &first_ids);
  REQUIRE(first.digests.size() == 1);
  CHECK(first.digests[0].bytes == 2 * program_line("a", 1200).size());
  const InputSummary second = read(file.path, &first.digests, &second_ids);
  CHECK(second.changed.empty());
  CHECK(second.digests == first.digests);
  CHECK(second_ids == first_ids);
}

TEST_CASE("a same-size edit is found by the bytes, whatever the file's times say", "[inputs]") {
  TempFile file(program_line("a", 1200) + program_line("b", 1200));
  std::vector<std::string> ids;
  const InputSummary first = read(file.path, nullptr, &ids);
  file.write(program_line("a", 1200) + program_line("b", 1300));  // same length
  ids.clear();
  const InputSummary second = read(file.path, &first.digests, &ids);
  CHECK(second.changed == file.path);
  CHECK(second.digests[0].bytes == first.digests[0].bytes);
}

TEST_CASE("programs past a file's earlier end are never handed on", "[inputs]") {
  // More than one batch (64 KiB) of programs, then one more.
  std::string text;
  for (int i = 0; i < 1000; ++i) text += program_line("p" + std::to_string(i), 1200);
  TempFile file(text);
  std::vector<std::string> ids;
  const InputSummary first = read(file.path, nullptr, &ids);
  REQUIRE(ids.size() == 1000);
  file.write(text + program_line("appended", 1200));
  ids.clear();
  const InputSummary second = read(file.path, &first.digests, &ids);
  CHECK(second.changed == file.path);
  CHECK(ids.size() < 1000);
  for (const auto& id : ids) CHECK(id != "appended");
}

TEST_CASE("a shorter file is a changed file", "[inputs]") {
  std::string text;
  for (int i = 0; i < 10; ++i) text += program_line("p" + std::to_string(i), 1200);
  TempFile file(text);
  std::vector<std::string> ids;
  const InputSummary first = read(file.path, nullptr, &ids);
  file.write(text.substr(0, text.size() - program_line("p9", 1200).size()));
  ids.clear();
  const InputSummary second = read(file.path, &first.digests, &ids);
  CHECK(second.changed == file.path);
}
