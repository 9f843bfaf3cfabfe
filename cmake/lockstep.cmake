# lockstep_add_models(target file...): compile model files into `target` and link lockstep,
# so the models register themselves in that program's registry.
function(lockstep_add_models target)
  target_sources(${target} PRIVATE ${ARGN})
  target_link_libraries(${target} PRIVATE lockstep::lockstep)
endfunction()
