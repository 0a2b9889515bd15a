#!/bin/sh
# SageMaker runs serving containers as `docker run <image> serve`: drop that word, run the rest.
if [ "${1:-}" = "serve" ]; then
  shift
fi
if [ "$#" -eq 0 ]; then
  set -- node dist/main.js --port 8080 --host 0.0.0.0
fi
exec "$@"
