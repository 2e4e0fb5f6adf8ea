# cmake -DSRC=<repository root> -P check_include_layers.cmake
#
# common/ is one folder per concept, and the folders are floors: a file may include from its
# own folder and from the folders below it, never from one above (which depends on it).
#
#   display/    tables, grids, colours, HTML pages, JSON and text reports   may use everything
#   lens/       looking inside: the logit lens and the other measurements   model, text, support
#   generate/   from logits to text: sampling, the KV cache, the loop       model, text, support
#   model/      files to weights, and the forward pass                      text, support
#   text/       text to token ids and back                                  support
#   support/    errors, files, JSON, the command line, formatting           nothing else
#
# lens/ and generate/ stand side by side: neither includes the other. Every include of a
# library header names its folder ("model/attention.hpp") and must exist; a file directly in
# common/, or a folder not in the table below, is an error too, so a new file or folder has to
# take its place on purpose.
cmake_minimum_required(VERSION 3.18)  # IN_LIST, as the build itself
set(_allowed_support  support)
set(_allowed_text     support text)
set(_allowed_model    support text model)
set(_allowed_lens     support text model lens)
set(_allowed_generate support text model generate)
set(_allowed_display  support text model lens generate display)
set(_folders support text model lens generate display)

if(NOT SRC)
  message(FATAL_ERROR "usage: cmake -DSRC=<repository root> -P check_include_layers.cmake")
endif()
get_filename_component(SRC "${SRC}" ABSOLUTE)
set(_common "${SRC}/common")
file(GLOB _loose RELATIVE "${_common}" "${_common}/*.hpp" "${_common}/*.cpp")
file(GLOB _entries RELATIVE "${_common}" "${_common}/*")
set(_problems "")
foreach(_f ${_loose})
  list(APPEND _problems "common/${_f} is not in a folder: move it into the folder of its concept")
endforeach()
foreach(_e ${_entries})
  if(IS_DIRECTORY "${_common}/${_e}" AND NOT _e IN_LIST _folders)
    list(APPEND _problems "common/${_e}/ is not a known folder: add it to tests/scripts/check_include_layers.cmake, with what it may include")
  endif()
endforeach()

set(_checked 0)
foreach(_folder ${_folders})
  file(GLOB _files RELATIVE "${_common}" "${_common}/${_folder}/*.hpp" "${_common}/${_folder}/*.cpp")
  foreach(_file ${_files})
    math(EXPR _checked "${_checked} + 1")
    file(STRINGS "${_common}/${_file}" _lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(_line ${_lines})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]*)\".*" "\\1" _inc "${_line}")
      if(NOT _inc MATCHES "^([a-z_]+)/[A-Za-z0-9_]+\\.hpp$")
        list(APPEND _problems "common/${_file} includes \"${_inc}\": name the folder, as in \"model/attention.hpp\"")
        continue()
      endif()
      set(_to "${CMAKE_MATCH_1}")
      if(NOT EXISTS "${_common}/${_inc}")
        list(APPEND _problems "common/${_file} includes \"${_inc}\", which does not exist")
      elseif(NOT _to IN_LIST _allowed_${_folder})
        string(REPLACE ";" "/, " _may "${_allowed_${_folder}}")
        list(APPEND _problems "common/${_file} includes \"${_inc}\": ${_folder}/ may include only ${_may}/ (${_to}/ is above ${_folder}/, or beside it)")
      endif()
    endforeach()
  endforeach()
endforeach()

if(_problems)
  list(LENGTH _problems _n)
  string(REPLACE ";" "\n  " _text "${_problems}")
  message(FATAL_ERROR "${_n} include(s) against the layers of common/:\n  ${_text}")
endif()
message(STATUS "the includes of all ${_checked} files of common/ respect its layers")
