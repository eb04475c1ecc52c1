/*
 * fuzz_time.c - libFuzzer harness for the time parser: whatever parses
 * must format and parse back to the same second.
 */
#include "botcopier.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[64];
    if (size >= sizeof text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    int64_t t = 0;
    if (bc_time_parse(text, &t) == BC_OK) {
        char buf[32];
        int32_t len = 0;
        if (bc_time_format(t, BC_TIME_ISO, buf, sizeof buf, &len) == BC_OK) {
            int64_t back = 0;
            if (bc_time_parse(buf, &back) != BC_OK || back != t)
                abort(); /* a time that does not survive its own round trip */
        }
    }
    return 0;
}
