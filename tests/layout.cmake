# The folders of common/ are floors: none includes from a folder above it or beside it
# (tests/scripts/check_include_layers.cmake has the table), and the check is shown to refuse
# planted back-includes.
add_test(NAME include_layers
         COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_include_layers.cmake)
add_test(NAME include_layers_refuses_planted_back_includes
         COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/include_layers_planted
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_include_layers_planted.cmake)

# The library's unity build puts files together by the machine's core count (CMakeLists.txt):
# every file must be able to share a unit with every other, checked on all of them at once.
if(TARGET gpt2_one_unit)
  add_test(NAME library_compiles_as_one_unit
           COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target gpt2_one_unit)
endif()
