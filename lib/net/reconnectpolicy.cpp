#include "reconnectpolicy.h"

#include <algorithm>
#include <cmath>

namespace sockscope::net {

int ReconnectPolicy::delayForAttempt(int attempt) const
{
    const double growth = std::pow(std::max(factor, 1.0), std::max(attempt - 1, 0));
    const double delay = std::min(double(std::max(initialDelayMs, 0)) * growth, double(std::max(maxDelayMs, 0)));
    return int(delay);
}

} // namespace sockscope::net
