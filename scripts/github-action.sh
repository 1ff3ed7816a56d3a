#!/bin/sh
# github-action.sh: the step of the Altloom GitHub Action (action.yml) that runs altloom. It turns
# the action's inputs, which arrive as INPUT_* environment variables so that no input is ever
# pasted into shell code, into one `altloom optimize` command line, and runs it.
#
#   INPUT_PATHS    image files or folders, one per line (default: .)
#   INPUT_PUSH     true (default): optimize --push; false: only optimise
#   INPUT_SITE     the workspace's sites to push to, comma-separated
#   INPUT_ARGS     more altloom optimize flags, separated by spaces (no quoting)
#   INPUT_TOKEN    workspace token, given to altloom as ALTLOOM_TOKEN
#   INPUT_SHARD    K/N or auto/N, given to altloom as ALTLOOM_SHARD
#   INPUT_API_URL  account server, given to altloom as ALTLOOM_API_URL
#   INPUT_REPORT   where the JSON report goes (default: $RUNNER_TEMP/altloom-report.json)
set -eu

# Inputs that are empty are left unset, so altloom falls back to altloom.toml and its defaults
# instead of reading an empty value.
export_if_set() {
  if [ -n "$2" ]; then
    export "$1=$2"
  fi
}
export_if_set ALTLOOM_TOKEN "${INPUT_TOKEN:-}"
export_if_set ALTLOOM_SHARD "${INPUT_SHARD:-}"
export_if_set ALTLOOM_API_URL "${INPUT_API_URL:-}"

report="${INPUT_REPORT:-${RUNNER_TEMP:-/tmp}/altloom-report.json}"

# Paths and flags are split into words here, never expanded as file name patterns.
set -f
set -- optimize
newline='
'
old_ifs=$IFS
IFS=$newline
for path in ${INPUT_PATHS:-.}; do
  # Surrounding spaces are trimmed; spaces inside a path are kept.
  path=$(printf '%s' "$path" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//')
  if [ -n "$path" ]; then
    set -- "$@" "$path"
  fi
done
IFS=$old_ifs
if [ $# -eq 1 ]; then
  set -- "$@" .
fi

case "${INPUT_PUSH:-true}" in
  true)
    set -- "$@" --push
    if [ -n "${INPUT_SITE:-}" ]; then
      set -- "$@" --site "$INPUT_SITE"
    fi
    ;;
  false)
    if [ -n "${INPUT_SITE:-}" ]; then
      echo "::warning::the site input is ignored when push is false"
    fi
    ;;
  *)
    echo "::error::the push input is \`${INPUT_PUSH}\`; it must be true or false"
    exit 2
    ;;
esac

for word in ${INPUT_ARGS:-}; do
  set -- "$@" "$word"
done
set -- "$@" --report "$report"

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'report=%s\n' "$report" >> "$GITHUB_OUTPUT"
fi
printf 'altloom'
printf ' %s' "$@"
printf '\n'
exec altloom "$@"
