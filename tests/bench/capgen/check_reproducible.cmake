# Runs daicho-capgen and checks its output is byte-identical:
#   with -DEXPECTED=FILE  to that (committed) file;
#   with -DEXPECTED=      to a second run with the same arguments.
# -DCAPGEN=<exe> -DARGS=<;-list> -DOUT=<file>
foreach(var CAPGEN ARGS OUT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_reproducible.cmake: -D${var}= is required")
  endif()
endforeach()

function(generate out)
  execute_process(COMMAND ${CAPGEN} ${ARGS} --out ${out} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "daicho-capgen failed (${rc}): ${err}")
  endif()
endfunction()

generate(${OUT})
if(EXPECTED)
  if(NOT EXISTS ${EXPECTED})
    message(FATAL_ERROR "${EXPECTED} is missing")
  endif()
  set(other ${EXPECTED})
else()
  set(other ${OUT}.again)
  generate(${other})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${other} RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  string(REPLACE ";" " " shown "${ARGS}")
  message(FATAL_ERROR "${OUT} differs from ${other}.\n"
    "If the generator changed on purpose, regenerate: daicho-capgen ${shown} --out ${other}\n"
    "and update tests/demo/README.md.")
endif()
message(STATUS "byte-identical: ${OUT} == ${other}")
