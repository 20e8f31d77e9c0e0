#!/usr/bin/env bash
# Start the dashboard for a server (`make serve`, the systemd unit and tests/test_proxy.py run exactly
# this): headless, no file watcher, no usage statistics, every log line on stdout.
#   ZHENHAI_HOST       address to listen on          (default 0.0.0.0; 127.0.0.1 behind a proxy on the same machine)
#   ZHENHAI_PORT       port                          (default 8501)
#   ZHENHAI_BASE_PATH  sub-path it is served under   (default empty; "zhenhai" for https://host/zhenhai/)
# The first argument is the Python to use (default: the project's .venv, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-}
if [ -z "$PY" ]; then
  if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
fi
# Streamlit writes its log to stderr and its banner to stdout: one stream for journald and docker logs.
exec 2>&1
# exec: the server becomes this process, so a stop signal (systemd, Ctrl-C) reaches it directly.
exec "$PY" -m streamlit run streamlit_app.py \
  --server.headless true \
  --server.address "${ZHENHAI_HOST:-0.0.0.0}" \
  --server.port "${ZHENHAI_PORT:-8501}" \
  --server.baseUrlPath "${ZHENHAI_BASE_PATH:-}" \
  --server.fileWatcherType none \
  --server.runOnSave false \
  --browser.gatherUsageStats false
