// Tells AddressSanitizer about every switch between fiber stacks, so it follows the model's
// threads instead of reporting false stack errors. Compiles to nothing without ASan.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define LOCKSTEP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOCKSTEP_ASAN 1
#endif
#endif

#ifdef LOCKSTEP_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace lockstep::detail {

// Before leaving a stack for [bottom, bottom + size): `fake_stack` saves this stack's ASan
// state, or is null when the stack being left is finished for good.
inline void before_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] const void* bottom,
                          [[maybe_unused]] std::size_t size) {
#ifdef LOCKSTEP_ASAN
  __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#endif
}

// On arriving on a stack: restores its state and reports the bounds of the stack left.
inline void after_switch([[maybe_unused]] void* fake_stack, [[maybe_unused]] const void** from_bottom,
                         [[maybe_unused]] std::size_t* from_size) {
#ifdef LOCKSTEP_ASAN
  __sanitizer_finish_switch_fiber(fake_stack, from_bottom, from_size);
#endif
}

// A stack whose frames are abandoned (its fiber faulted) is about to be reused: the
// poisoned redzones of those frames must not be taken for the next fiber's errors.
inline void forget_stack([[maybe_unused]] const void* bottom, [[maybe_unused]] std::size_t size) {
#ifdef LOCKSTEP_ASAN
  __asan_unpoison_memory_region(bottom, size);
#endif
}

}  // namespace lockstep::detail
