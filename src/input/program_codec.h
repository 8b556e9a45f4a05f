// A valid program in a compact binary form, for holding programs back
// between the two passes of a report (HeldPrograms, inputs.h): reading it
// back costs a copy, where the JSON text costs a parse and a validation.
// Native byte order and layout: the form lives only as long as the run.
#pragma once

#include <string>
#include <string_view>

#include "input/loader.h"

namespace acocalc {

// Appends `loaded`, all of it, to `out`: its length (4 bytes), then its
// fields.
void encode_program(const LoadedProgram& loaded, std::string* out);

// The length of the encoded program at the front of `in` (its 4 bytes of
// length included), or 0 when `in` holds less than the length.
std::size_t encoded_length(std::string_view in);

// Reads back one program that encode_program wrote at the front of `in`
// into `out` (reusing its memory). False when `in` is not a whole program
// so encoded.
bool decode_program(std::string_view in, LoadedProgram* out);

}  // namespace acocalc
