#!/usr/bin/env bash
# Usage: tools/first-result-time.sh ./cnnx run MODEL ... : seconds from launch to the first line the command prints
# that reports a written output ("NAME -> FILE"), and to the process's exit. Standard error is dropped.
set -uo pipefail
start=$(date +%s%N)
"$@" 2>/dev/null | {
  seen=0
  while IFS= read -r line; do
    if [ "$seen" = 0 ] && [[ "$line" == *" -> "* ]]; then
      printf 'first result %.2f s, ' "$(( $(date +%s%N) - start ))e-9"
      seen=1
    fi
  done
}
printf 'exit %.2f s\n' "$(( $(date +%s%N) - start ))e-9"
