#!/usr/bin/env bash
# Every .po file complete: no untranslated or fuzzy message.
set -euo pipefail
status=0
for po in locale/*/LC_MESSAGES/*.po; do
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po: $stats"; status=1 ;;
  esac
done
exit $status
