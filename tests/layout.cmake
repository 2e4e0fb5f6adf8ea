# The folders of common/ are floors: none includes from a folder above it or beside it
# (tests/scripts/check_include_layers.cmake has the table), and the check is shown to refuse
# planted back-includes.
add_test(NAME include_layers
         COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_include_layers.cmake)
add_test(NAME include_layers_refuses_planted_back_includes
         COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/include_layers_planted
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_include_layers_planted.cmake)
