#!/bin/sh
# Regenerates the README's screenshots from the real application: builds sockscope-screenshots, runs it under a
# private Xvfb (1600x1000), and writes main-window.png, hex-view.png, handshake.png, server-tab.png and session-replay.png here.
# Needs the xvfb package (apt-get install xvfb) besides what .ci/setup installs. "sockscope-screenshots --dark DIR"
# takes the same views under a dark palette, to check colours on dark.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target sockscope-screenshots
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/sockscope-screenshots" "$here"
