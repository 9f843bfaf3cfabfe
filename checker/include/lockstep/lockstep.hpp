// Everything a model file needs: #include <lockstep/lockstep.hpp>
#pragma once

#include <numeric>
#include <vector>

#include "lockstep/atomic.hpp"
#include "lockstep/barrier.hpp"
#include "lockstep/condition.hpp"
#include "lockstep/condvar.hpp"
#include "lockstep/event.hpp"
#include "lockstep/exceptions.hpp"
#include "lockstep/failure.hpp"
#include "lockstep/latch.hpp"
#include "lockstep/lock.hpp"
#include "lockstep/model.hpp"
#include "lockstep/process_condition.hpp"
#include "lockstep/process_queue.hpp"
#include "lockstep/queue.hpp"
#include "lockstep/semaphore.hpp"
#include "lockstep/shared.hpp"
#include "lockstep/shared_mutex.hpp"
#include "lockstep/thread.hpp"
#include "lockstep/timer.hpp"
