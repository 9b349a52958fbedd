#!/usr/bin/env bash
# INNAprop vs AdamW on TinyGpt, the thesis's Table 4.4 in miniature (samples/TinyGpt/README.md, "INNAprop vs AdamW").
# Runs both optimizers with the sample's default model and schedule (γ₀, warmup then cosine, λ = 0.1 on the default --decay
# groups, clip 1) for each
# seed, validating every EVAL steps, then prints each run's best validation loss and the first validation step at which
# INNAprop reaches AdamW's best of the same seed. Usage: compare-optimizers.sh [SEEDS...] (default 1 2 3).
# Environment: STEPS (default 1000), WARMUP (default 100), EVAL (default 50), OUT (default artifacts/tiny-gpt-compare).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
steps="${STEPS:-1000}"
eval_every="${EVAL:-50}"
warmup="${WARMUP:-100}"
out="${OUT:-$root/artifacts/tiny-gpt-compare}"
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)

mkdir -p "$out"
dotnet build -c Release "$here/TinyGpt.csproj" -v q -nologo >/dev/null
dll="$here/bin/Release/net10.0/TinyGpt.dll"
for seed in "${seeds[@]}"; do
  for optimizer in adamw innaprop; do
    dir="$out/$optimizer-seed$seed"
    echo "== $optimizer, seed $seed -> $dir" >&2
    dotnet "$dll" --optimizer "$optimizer" --seed "$seed" --steps "$steps" --warmup "$warmup" --eval-every "$eval_every" \
      --sample-length 0 --no-plots --overwrite --checkpoint "$dir/checkpoint.bin" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; exit 1; }
  done
done

# metrics.csv: step,train_loss,val_loss,…; val_loss is empty on steps without validation.
best() { awk -F, 'NR > 1 && $3 != "" { if (b == "" || $3 < b) { b = $3; s = $1 } } END { printf "%s %s", b, s }' "$1"; }
reach() { awk -F, -v target="$2" 'NR > 1 && $3 != "" && $3 <= target { print $1; exit }' "$1"; }
printf '| seed | AdamW best val (step) | INNAprop best val (step) | INNAprop reaches AdamW best at step |\n|---|---|---|---|\n'
for seed in "${seeds[@]}"; do
  read -r ab as <<<"$(best "$out/adamw-seed$seed/metrics.csv")"
  read -r ib is <<<"$(best "$out/innaprop-seed$seed/metrics.csv")"
  at="$(reach "$out/innaprop-seed$seed/metrics.csv" "$ab")"
  printf '| %s | %s (%s) | %s (%s) | %s |\n' "$seed" "$ab" "$as" "$ib" "$is" "${at:-not reached}"
done
