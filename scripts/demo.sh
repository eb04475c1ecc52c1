#!/bin/sh
# The main job, run by `make demo`: clone the sample AAPL bot (a MACD-cross
# reversal bot, tests/data/sample_bot_aapl_trades_raw.csv) from its trade log
# and the AAPL daily bars, print the fidelity table, then run the clone as a
# bot over the held-out bars and compare its trades with the target's.
# Usage: scripts/demo.sh path/to/botcopier
set -eu
CLI=${1:-build/botcopier}
DATA=tests/data
OUT=$(dirname "$CLI")/demo
TARGET=$DATA/sample_bot_aapl_trades_raw.csv
BARS=$DATA/aapl_daily.csv
mkdir -p "$OUT"

echo "== machine"
"$CLI" hwinfo
echo
echo "== clone: $TARGET on $BARS, last 30% held out"
"$CLI" clone --trades "$TARGET" --bars "$BARS" --out "$OUT" --holdout 0.3 --quiet | tee "$OUT/clone.txt"
FROM=$(sed -n 's/^held-out tail: [0-9]* bars from \(.*\)$/\1/p' "$OUT/clone.txt")
echo
echo "== run: the clone as a bot over the held-out bars from $FROM, starting flat"
"$CLI" run --model "$OUT/model.bcm" --bars "$BARS" --from "$FROM" --out "$OUT/clone_trades.csv" \
    --compare "$TARGET" --decisions "$OUT/decisions.csv" --quiet
echo
# Prices: the clone trades at the bar's close exactly as the bars file has it
# (116.150002); the target bot logged 5 decimals (116.15000): shown both at 5.
echo "== first entries of the held-out period: target | clone (date, 0 buy / 1 sell, price)"
FROM_MT4=$(echo "$FROM" | cut -c1-10)
awk -F';' -v from="$FROM_MT4" 'NR > 1 && $2 >= from && $5 == "OPEN" { printf "%s %s %.5f\n", substr($2, 1, 10), $10, $12 }' \
    "$TARGET" | tr -d '\r' | head -12 > "$OUT/target_head.txt"
awk -F';' 'NR > 1 && $5 == "OPEN" { printf "%s %s %.5f\n", substr($2, 1, 10), $10, $12 }' \
    "$OUT/clone_trades.csv" | head -12 > "$OUT/clone_head.txt"
paste -d'|' "$OUT/target_head.txt" "$OUT/clone_head.txt" | sed 's/|/   |   /'
echo
echo "== the test bots in $DATA/bots (Python + TA-Lib rule bots): held-out fidelity"
printf "  %-28s %-40s %7s %7s %8s %6s\n" bot bars target clone matched F1
while read -r bot bars; do
    "$CLI" clone --quiet --trades "$DATA/bots/${bot}_trades_raw.csv" $bars --out "$OUT/bots/$bot" \
        | awk -v b="$bot" -v s="$(echo "$bars" | sed 's|--bars ||g; s|[^ =]*/||g; s| |,|g')" \
            '/held-out entries/ { printf "  %-28s %-40s %7s %7s %8s %6s\n", b, s, $3, $4, $5, $8 }'
done <<BOTS
sma_cross_eurusd --bars $DATA/bots/eurusd_1h.csv
rsi_levels_sp500 --bars $DATA/sp500_daily.csv
ema_cross_time_exit_aapl --bars $DATA/aapl_daily.csv
stoch_googl --bars $DATA/bots/googl_daily.csv
macd_session_eurusd --bars $DATA/bots/eurusd_1h.csv
macd_two_symbols --bars AAPL=$DATA/aapl_daily.csv --bars GOOGL=$DATA/bots/googl_daily.csv
sma_7_25_sp500 --bars $DATA/sp500_daily.csv
rsi9_levels_aapl --bars $DATA/aapl_daily.csv
BOTS
echo
echo "files: $OUT/model.bcm $OUT/model.json $OUT/report.json $OUT/clone_trades.csv $OUT/decisions.csv"
