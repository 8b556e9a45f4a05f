// Narrow tables (RenderOptions::width): cutting, wrapping, whole dollars.
#include <catch2/catch.hpp>

#include "render/render.h"

using namespace acocalc;

TEST_CASE("display_width counts characters, not bytes or color codes") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("ab\xE2\x80\xA6") == 3);
  CHECK(display_width("\x1b[1mbold\x1b[0m") == 4);
}

TEST_CASE("cut_text ends a cut text with an ellipsis, within the width") {
  CHECK(cut_text("Inpatient days", 20) == "Inpatient days");
  CHECK(cut_text("Inpatient days", 14) == "Inpatient days");
  CHECK(cut_text("Inpatient days", 10) == "Inpatient\xE2\x80\xA6");  // no space before it
  CHECK(display_width(cut_text("Inpatient days", 10)) <= 10);
  CHECK(cut_text("caf\xC3\xA9 au lait", 5) == "caf\xC3\xA9\xE2\x80\xA6");  // whole characters
  CHECK(cut_text("abc", 1) == "\xE2\x80\xA6");
}

TEST_CASE("wrap_text keeps a line whole without a width, wraps and indents with one") {
  RenderOptions options;
  const std::string text = "one two three four five six seven eight nine ten";
  CHECK(wrap_text("  ", text, 4, options) == "  " + text + "\n");
  options.width = 20;
  const std::string wrapped = wrap_text("  ", text, 4, options);
  CHECK(wrapped == "  one two three four\n    five six seven\n    eight nine ten\n");
  // A word longer than the room is cut, never run past the width.
  CHECK(wrap_text("  ", "abcdefghijklmnopqrstuvwxyz", 4, options) ==
        "  abcdefghijklmnopq\xE2\x80\xA6\n");
  options.markdown = true;  // Markdown is never narrowed
  CHECK(wrap_text("  ", text, 4, options) == "  " + text + "\n");
}

TEST_CASE("table_money rounds to whole dollars with cents off") {
  RenderOptions options;
  CHECK(table_money(1277406.40, options) == "$1,277,406.40");
  options.cents = false;
  CHECK(table_money(1277406.40, options) == "$1,277,406");
  CHECK(table_money(1277406.50, options) == "$1,277,407");
  CHECK(table_money(-2554812.80, options) == "-$2,554,813");
  CHECK(table_money(0.4, options) == "$0");
  CHECK(table_money(-0.4, options) == "$0");  // never "-$0"
}
