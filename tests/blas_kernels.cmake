# The reference tests again, with OpenBLAS forced onto its generic kernels and onto the
# best ones this CPU has: the numbers must match transformers either way (only speed
# differs). See common/blas_kernels.hpp.
foreach(kind generic best)
  add_test(NAME reference_model_${kind}_blas_kernels
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/with_blas_kernels.sh ${kind} $<TARGET_FILE:test_reference_model>
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(reference_model_${kind}_blas_kernels PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
