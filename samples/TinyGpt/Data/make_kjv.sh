#!/bin/sh
# Makes kjv-train.txt and kjv-val.txt, the TinyGpt sample's data: Genesis through 2 Chronicles of the King James
# Version (1611, public domain; the Debian package's copyright file says so), one verse per line with its reference
# removed. The last 10 % of the verses (1 Chronicles 15:24 to the end) are the validation text: a fixed split,
# so every run and every seed scores on the same characters.
#
# Needs Debian's bible-kjv (the reader) and bible-kjv-text (the text):  apt-get install bible-kjv
# Run from anywhere; it writes beside itself. The result is deterministic (the package's text is fixed).
set -eu
cd "$(dirname "$0")"
all=$(mktemp)
trap 'rm -f "$all"' EXIT
# -f prints one verse per line as "Ge1:1 In the beginning ..."; LC_ALL=C keeps sed byte-exact.
bible -f "Gen1:1-2Ch36:23" | LC_ALL=C sed -E 's/^[^ ]+ //' > "$all"
lines=$(wc -l < "$all")
train=$((lines * 9 / 10))
head -n "$train" "$all" > kjv-train.txt
tail -n +"$((train + 1))" "$all" > kjv-val.txt
# Every validation character must be in the training vocabulary (the sample refuses data where it is not).
if LC_ALL=C tr -d "$(LC_ALL=C fold -w1 kjv-train.txt | LC_ALL=C sort -u | tr -d '\n' | sed 's/[]\\[-]/\\&/g')\n" < kjv-val.txt | grep -q .; then
  echo "kjv-val.txt has characters that kjv-train.txt lacks" >&2
  exit 1
fi
wc -c kjv-train.txt kjv-val.txt
