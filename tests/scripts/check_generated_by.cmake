# cmake -DDIR=<model dir> -DGENERATED=<GENERATED_BY.json> [-DMAX_BYTES=N] -P check_generated_by.cmake
#
# The shipped files of a trained model are the ones its training run wrote: the sha256 of
# DIR/config.json and DIR/model.safetensors must equal GENERATED's files_sha256 entries
# (tools/teaching_model/train.py records them). With MAX_BYTES, model.safetensors must also
# be no larger than that.
file(READ "${GENERATED}" _json)
foreach(_f config.json model.safetensors)
  string(JSON _want ERROR_VARIABLE _err GET "${_json}" files_sha256 ${_f})
  if(_err)
    message(FATAL_ERROR "${GENERATED}: no files_sha256.${_f} (${_err})")
  endif()
  file(SHA256 "${DIR}/${_f}" _got)
  if(NOT _got STREQUAL _want)
    message(FATAL_ERROR "${DIR}/${_f}: sha256 ${_got}, but ${GENERATED} records ${_want}")
  endif()
  message(STATUS "${_f}: sha256 ${_got} as recorded")
endforeach()
if(DEFINED MAX_BYTES)
  file(SIZE "${DIR}/model.safetensors" _size)
  if(_size GREATER MAX_BYTES)
    message(FATAL_ERROR "${DIR}/model.safetensors is ${_size} bytes, over the limit of ${MAX_BYTES}")
  endif()
  message(STATUS "model.safetensors: ${_size} bytes (limit ${MAX_BYTES})")
endif()
