#!/usr/bin/env bash
# Refresh the translation sources from every tr()/translate() string in the UI, then compile them.
# Translators edit resources/translations/atlas_<lang>.ts with pyside6-linguist; the app loads
# atlas_<lang>.qm for the system locale (or SPACE_ATLAS_LANG, e.g. SPACE_ATLAS_LANG=ru).
set -euo pipefail
cd "$(dirname "$0")/.."
langs=(ru kk zh_CN)
for lang in "${langs[@]}"; do
  pyside6-lupdate atlas/ui/*.py -ts "resources/translations/atlas_${lang}.ts" -target-language "$lang" -no-obsolete
  pyside6-lrelease "resources/translations/atlas_${lang}.ts" -qm "resources/translations/atlas_${lang}.qm"
done
