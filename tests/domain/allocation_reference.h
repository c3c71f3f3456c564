// The former allocation solver, kept for tests as an oracle (see allocation_reference.cc).
#ifndef FORUM_TESTS_DOMAIN_ALLOCATION_REFERENCE_H_
#define FORUM_TESTS_DOMAIN_ALLOCATION_REFERENCE_H_

#include <vector>

#include "domain/allocation.h"

namespace forum::domain {

AllocationResult ReferenceAllocate(const std::vector<AllocationTable>& tables,
                                   const std::vector<AllocationDelegation>& delegations);

}  // namespace forum::domain

#endif  // FORUM_TESTS_DOMAIN_ALLOCATION_REFERENCE_H_
