#!/usr/bin/env bash
# Golden outputs: the real binary on data/, stdout compared byte for byte.
exec bash "${ACOCALC_ROOT:?}/tests/golden/run.sh"
