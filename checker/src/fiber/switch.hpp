// A fiber switch that keeps the CPU's return-address prediction in step with the stacks.
//
// Boost.Context's jump_fcontext is entered by a call, which pushes an entry onto the CPU's
// return stack buffer, and leaves by an indirect jump into the other context, which pops
// none. Every return the resumed fiber makes afterwards is predicted from an entry one level
// off, so each frame between the model's code and the switch costs a misprediction: 8-9 ns
// per frame per switch here, more than a whole raw switch (docs/performance.md). Entering
// jump_fcontext by a jump, its return address pushed by hand, leaves the predictor as it
// was: a fiber resumed at the same call chain as the one that left predicts every return.
//
// One limit: while a context is suspended here, its stack pointer sits 128 bytes below what
// the unwind tables of the enclosing function expect, so it must not be destroyed by
// unwinding (a boost::context::fiber destroyed while it holds a suspended context throws
// forced_unwind into it). lockstep never does that: every worker ends by returning from its
// function (Execution::~Execution), and a faulted one is abandoned, never destroyed.
#pragma once

#include <boost/context/detail/fcontext.hpp>
#include <boost/context/fiber.hpp>
#include <type_traits>
#include <utility>

namespace lockstep::detail {

// `std::move(target).resume()`: switches to `target` and returns the context that switches
// back here (empty when that one has ended).
[[gnu::always_inline]] inline boost::context::fiber switch_to(boost::context::fiber&& target) {
#if defined(__x86_64__) && defined(__ELF__)
  using boost::context::fiber;
  using boost::context::detail::fcontext_t;
  // A fiber's one member is the fcontext_t of the context it stands for; a standard-layout
  // class shares its address with its first member.
  static_assert(std::is_standard_layout_v<fiber> && sizeof(fiber) == sizeof(fcontext_t));
  fcontext_t to = std::exchange(reinterpret_cast<fcontext_t&>(target), nullptr);
  fcontext_t from_context;
  void* data = nullptr;  // what resume() passes: no function to run on top
  // jump_fcontext(to, data) keeps the registers a call must keep (rbx, rbp, r12-r15, the
  // control words) and returns transfer_t{from, data} in rax:rdx. The pushed return address
  // sits below the 128-byte red zone; the resumed context pops it on its way back here.
  asm volatile(
      "lea -128(%%rsp), %%rsp\n\t"
      "lea 1f(%%rip), %%rax\n\t"
      "push %%rax\n\t"
      "jmp jump_fcontext@PLT\n"
      "1:\n\t"
      "lea 128(%%rsp), %%rsp"
      : "=a"(from_context), "+D"(to), "+S"(data)
      :
      : "rcx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc",  //
        "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",  //
        "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",  //
        "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"
#ifdef __AVX512F__
        ,
        "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23",  //
        "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31",  //
        "k1", "k2", "k3", "k4", "k5", "k6", "k7"
#endif
  );
  fiber from;
  reinterpret_cast<fcontext_t&>(from) = from_context;
  return from;
#else
  return std::move(target).resume();
#endif
}

}  // namespace lockstep::detail
