#include "mailbox.hpp"

Mailbox::Mailbox() {
  cv_.name("cv");
  full_.name("full");
  value_.name("value");
}

void Mailbox::put(int value) {
  auto guard = cv_.lock();
  while (full_.load()) cv_.wait(guard);
  value_.store(value);
  full_.store(true);
  cv_.notify_all();
}

int Mailbox::get() {
  auto guard = cv_.lock();
  while (!full_.load()) cv_.wait(guard);
  return take();
}

int Mailbox::get_checking_once() {
  auto guard = cv_.lock();
  if (!full_.load()) cv_.wait(guard);
  return take();
}

int Mailbox::take() {
  lockstep::check(full_.load(), "get() takes a value only from a full mailbox");
  const int value = value_.load();
  full_.store(false);
  cv_.notify_all();
  return value;
}
