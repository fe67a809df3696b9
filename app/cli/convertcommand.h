#pragma once

#include "cliarguments.h"
#include "exitcode.h"

namespace sockscope::cli {

// `sockscope-cli convert IN OUT`: converts between formats by file extension. Synchronous; the output is
// written atomically, so a failed conversion leaves an existing OUT as it was.
ExitCode runConvert(const ConvertArguments &arguments);

} // namespace sockscope::cli
