#!/usr/bin/env bash
# Keep the Dutch catalogue in step with the code, with Babel (in the test extra:
# pip install -e '.[test]'). The .po is the source that translators edit; the .mo beside
# it is what opgave reads, compiled from it and committed. tests/test_catalogue.py fails
# when they are out of step: a message in the code that the .po lacks, one the code no
# longer has, an empty or fuzzy translation, other placeholders, or a stale .mo.
#
#   tools/i18n.sh update    extract every _(), N_() and ngettext() from src/ into the .po
#                           (new messages empty; changed ones fuzzy, with the old text)
#   tools/i18n.sh compile   compile the .po into the .mo (after translating)
#
# A new language: pybabel init -i opgave.pot -D opgave -d src/opgave_cli/locale -l LANG.
set -euo pipefail
cd "$(dirname "$0")/.."

LOCALE=src/opgave_cli/locale
case "${1:-}" in
  update)
    pot=$(mktemp --suffix=.pot)
    trap 'rm -f "$pot"' EXIT
    version=$(python -c 'import opgave_cli; print(opgave_cli.__version__)')
    pybabel extract --no-default-keywords -k _ -k N_ -k ngettext:1,2 \
      --add-comments=TRANSLATORS: --add-location=file --project=opgave --version="$version" \
      --msgid-bugs-address="the issues of the opgave repository" -o "$pot" src/opgave_cli
    pybabel update -i "$pot" -D opgave -d "$LOCALE" -l nl --ignore-obsolete --previous \
      --ignore-pot-creation-date
    ;;
  compile)
    pybabel compile -D opgave -d "$LOCALE" -l nl --statistics
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
