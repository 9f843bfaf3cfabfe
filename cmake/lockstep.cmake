# CMake functions for projects with lockstep models; find_package(lockstep) and
# add_subdirectory(lockstep) both provide them (docs/guide.md, "Your own CMake project").

# lockstep_add_models(target file...): compiles model files for `target` (an executable, or a
# static, shared or object library) and links lockstep. Models register themselves from
# static constructors that nothing refers to, so a linker drops them from a static archive:
# for a static library the models are compiled into an object library whose object files go
# onto the link line of everything that links `target`.
function(lockstep_add_models target)
  get_target_property(type ${target} TYPE)
  # Traces show paths relative to the calling project's source tree, in the models and in
  # the target's own code they call.
  set(prefix_map -ffile-prefix-map=${PROJECT_SOURCE_DIR}/=)
  target_compile_options(${target} PRIVATE ${prefix_map})
  if(type STREQUAL "STATIC_LIBRARY")
    set(objects ${target}_lockstep_models)
    if(NOT TARGET ${objects})
      add_library(${objects} OBJECT)
      target_link_libraries(${objects} PUBLIC lockstep::lockstep)
      # The models see what the library's own sources see.
      target_include_directories(${objects} PRIVATE $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
      target_compile_definitions(${objects} PRIVATE $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>)
      target_compile_options(${objects} PRIVATE ${prefix_map})
      target_link_libraries(${target} PUBLIC lockstep::lockstep INTERFACE $<TARGET_OBJECTS:${objects}>)
    endif()
    target_sources(${objects} PRIVATE ${ARGN})
  elseif(type STREQUAL "EXECUTABLE")
    target_sources(${target} PRIVATE ${ARGN})
    target_link_libraries(${target} PRIVATE lockstep::lockstep)
  else()
    target_sources(${target} PRIVATE ${ARGN})
    target_link_libraries(${target} PUBLIC lockstep::lockstep)
  endif()
endfunction()

# lockstep_add_runner(name models...): an executable `name` that is the lockstep command line
# (list, run, replay, --html...) holding the given models, each a model source file or a
# target with models in it. Its replay lines name `name`, and the GoogleTest helpers in any
# program linking one of these targets print `name replay MODEL TOKEN` as well.
function(lockstep_add_runner name)
  add_executable(${name})
  target_link_libraries(${name} PRIVATE lockstep::cli_main)
  set(files)
  foreach(item IN LISTS ARGN)
    if(TARGET ${item})
      get_target_property(type ${item} TYPE)
      if(type STREQUAL "STATIC_LIBRARY" AND CMAKE_VERSION VERSION_GREATER_EQUAL 3.24)
        # A static library filled by hand (not by lockstep_add_models): keep every model.
        target_link_libraries(${name} PRIVATE $<LINK_LIBRARY:WHOLE_ARCHIVE,${item}>)
      else()
        target_link_libraries(${name} PRIVATE ${item})
      endif()
      get_target_property(imported ${item} IMPORTED)
      if(NOT imported)
        target_compile_definitions(${item} INTERFACE LOCKSTEP_REPLAY_PROGRAM="${name}")
      endif()
    else()
      list(APPEND files ${item})
    endif()
  endforeach()
  if(files)
    lockstep_add_models(${name} ${files})
  endif()
endfunction()
