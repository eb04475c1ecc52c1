/*
 * fuzz_csv.c - libFuzzer harness for the CSV readers: the input is written
 * to a file (the readers take paths) and read as bars, ticks, trades,
 * decisions, divergences and a wide price table. Any crash, leak or
 * sanitizer report is a bug; errors are expected and ignored.
 */
#include "botcopier.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/bc_fuzz_csv_%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    bc_bars *bars = NULL;
    bc_ticks *ticks = NULL;
    bc_trades *trades = NULL;
    bc_decisions *decisions = NULL;
    bc_divergences *divergences = NULL;
    bc_prices *prices = NULL;
    bc_rejects *r = NULL;
    bc_bars_read_csv(path, &bars, &r);
    bc_rejects_free(r);
    bc_ticks_read_csv(path, &ticks, NULL);
    bc_trades_read_csv(path, &trades, &r);
    bc_rejects_free(r);
    bc_decisions_read_csv(path, &decisions, NULL);
    bc_divergences_read_csv(path, &divergences, NULL);
    bc_prices_read_csv(path, &prices, NULL);
    bc_bars_free(bars);
    bc_ticks_free(ticks);
    bc_trades_free(trades);
    bc_decisions_free(decisions);
    bc_divergences_free(divergences);
    bc_prices_free(prices);
    return 0;
}
