/*
 * feature_source.c - the feature engine's kernels as source templates, so a
 * generated predictor (MQL5 .mqh or its C twin) computes a model's features
 * bar by bar without the library. Each template transliterates one kernel
 * of lib/features operation for operation (same order, same constants),
 * except that where a kernel calls fma() the template multiplies and adds:
 * MQL5 has no fused multiply-add, so those steps round twice (~1e-13
 * relative over a long series). The tests compile the C flavour and compare
 * it with the feature engine; a kernel changed there must change here, and
 * the test says so when it drifts.
 */
#include "export/source_text.h"

#include "features/feature_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- templates ---------------------------------------------------------
 * Placeholders: @S@ state prefix, @G@ storage of globals, @A0@..@A3@ integer
 * arguments, @AS0@..@AS2@ the three integer arguments sorted ascending
 * (ultosc), @NP1@ first argument + 1, @AW@ twice it + 1 (fractal), @AH@ its half and @AQ@ its square
 * root, both rounded down (hma), @AHP2@ its half + 2 (dpo's lag ring),
 * @MP1@ the larger of the first two arguments + 1 (coppock), @D@ the number argument (@D1@ a
 * second one, @D2@ and @D3@ a third and fourth: fir), @SRC0@/@SRC1@
 * source feature values, @OUT0@..@OUT7@ outputs, @OPEN@.. @TIME@ the bar,
 * @BID@/@ASK@ the bar's order-book volumes (NaN: no book),
 * @NAN@, @FABS@, @SQRT@, @LOG@, @ATAN@, @SIN@, @COS@, @EXP@, @TANH@, @ISNAN@, @I64@ per flavour
 * (sin/cos for the ht kinds' phase and ssf's coefficients only: the time kind prints
 * tables);
 * the EMA sub-template: @E@ prefix, @EN@ period, @EIN@ input, @EOUT@ output. */

/* ring.h's steps on a template's own ring fields (MQL5 has no pointers:
 * a ring is a fixed array member and its position and count are members
 * of their own, named here; I is the indentation, every argument text):
 * RING_SET: X into slot POS of the array RING (several rings moving
 * together are each set, then advanced once); RING_ADVANCE: POS to the
 * next of N slots (bc_ring_next; a walk over a ring steps with it too);
 * RING_COUNT: CNT counted up to N, an if of its own, so an else after it
 * runs on a ring that was full; RING_PUSH_IN: bc_ring_push, the three in
 * turn on one ring. */
#define RING_SET(RING, POS, X, I) I RING "[" POS "] = " X ";\n"
#define RING_ADVANCE(POS, N, I) I "if (++" POS " == " N ")\n" I "    " POS " = 0;\n"
#define RING_COUNT(CNT, N, I) I "if (" CNT " < " N ")\n" I "    " CNT "++;\n"
#define RING_PUSH_IN(RING, POS, CNT, X, N, I) \
    RING_SET(RING, POS, X, I) RING_ADVANCE(POS, N, I) RING_COUNT(CNT, N, I)

#define EMA_DECL \
    "@G@int @E@count;\n@G@double @E@k;\n@G@double @E@k1;\n@G@double @E@sum;\n" \
    "@G@double @E@value;\n"
#define EMA_RESET \
    "    @E@count = 0;\n    @E@k = 2.0 / ((double)(@EN@ + 1));\n" \
    "    @E@k1 = 1.0 - @E@k;\n" \
    "    @E@sum = 0.0;\n    @E@value = 0.0;\n"
/* ema.h bc_ema_step / bc_ema_next */
#define EMA_STEP \
    "        if (@E@count >= @EN@) {\n" \
    "            @E@value = @E@value * @E@k1 + @EIN@ * @E@k;\n" \
    "            @EOUT@ = @E@value;\n" \
    "        } else {\n" \
    "            @E@sum += @EIN@;\n" \
    "            if (++@E@count < @EN@)\n" \
    "                @EOUT@ = @NAN@;\n" \
    "            else {\n" \
    "                @E@value = @E@sum / @EN@;\n" \
    "                @EOUT@ = @E@value;\n" \
    "            }\n" \
    "        }\n"

/* sma.h's step on a value inside another kernel (stoch's slow %K and %D):
 * state P (filled, pos, inv_n, sum, ring[N]), result in OUT, OK = 1 once the
 * window is full; I is the indentation. */
#define SMA_DECL(P, N) \
    "@G@int " P "filled;\n@G@int " P "pos;\n@G@double " P "inv_n;\n" \
    "@G@double " P "sum;\n@G@double " P "ring[" N "];\n"
#define SMA_RESET(P, N) \
    "    " P "filled = 0;\n    " P "pos = 0;\n    " P "inv_n = 1.0 / " N ";\n" \
    "    " P "sum = 0.0;\n"
#define SMA_INLINE(P, N, IN, OUT, OK, I) \
    I "if (" P "filled == " N ") {\n" \
    I "    double old = " P "ring[" P "pos];\n" \
    RING_SET(P "ring", P "pos", IN, I "    ") \
    RING_ADVANCE(P "pos", N, I "    ") \
    I "    " P "sum += " IN " - old;\n" \
    I "    " OUT " = " P "sum * " P "inv_n;\n" \
    I "    " OK " = 1;\n" \
    I "} else {\n" \
    RING_SET(P "ring", P "pos", IN, I "    ") \
    RING_ADVANCE(P "pos", N, I "    ") \
    I "    " P "sum += " IN ";\n" \
    I "    if (++" P "filled == " N ") {\n" \
    I "        " OUT " = " P "sum * " P "inv_n;\n" \
    I "        " OK " = 1;\n" \
    I "    }\n" \
    I "}\n"

/* wma.c wma_step on any input (TA-Lib's running sums, afresh every n
 * bars): state P (filled, pos, sub, sum, trailing, ring[N]), value IN
 * (read more than once: a variable), OUT NaN through the first N-1
 * values; I is the indentation. wma itself and hma's three averages. */
#define WMA_DECL(P, N) \
    "@G@int " P "filled;\n@G@int " P "pos;\n@G@double " P "ring[" N "];\n" \
    "@G@double " P "sub;\n@G@double " P "sum;\n@G@double " P "trailing;\n"
#define WMA_RESET(P) \
    "    " P "filled = 0;\n    " P "pos = 0;\n" \
    "    " P "sub = 0.0;\n    " P "sum = 0.0;\n    " P "trailing = 0.0;\n"
#define WMA_STEP(P, N, IN, OUT, I) \
    RING_SET(P "ring", P "pos", IN, I) \
    RING_ADVANCE(P "pos", N, I) \
    I "if (" P "filled < " N " - 1) {\n" \
    I "    " P "filled++;\n" \
    I "    " P "sub += " IN ";\n" I "    " P "sum += " IN " * (double)" P "filled;\n" \
    I "    " OUT " = @NAN@;\n" \
    I "} else {\n" \
    I "    " P "filled = " N ";\n" \
    I "    " P "sub += " IN ";\n" I "    " P "sub -= " P "trailing;\n" \
    I "    " P "sum += " IN " * (double)" N ";\n" \
    I "    " P "trailing = " P "ring[" P "pos];\n" \
    I "    " OUT " = " P "sum / ((double)" N " * (double)(" N " + 1) / 2.0);\n" \
    I "    " P "sum -= " P "sub;\n" \
    I "    if (" P "pos == 0) {\n" \
    I "        int k;\n" \
    I "        " P "sub = 0.0;\n" I "        " P "sum = 0.0;\n" \
    I "        for (k = 0; k < " N "; k++) {\n" \
    I "            " P "sub += " P "ring[k];\n" \
    I "            " P "sum += " P "ring[k] * (double)k;\n" \
    I "        }\n" \
    I "    }\n" \
    I "}\n"

#define RING_DECL(SIZE) "@G@int @S@filled;\n@G@int @S@pos;\n@G@double @S@ring[" SIZE "];\n"
#define RING_RESET "    @S@filled = 0;\n    @S@pos = 0;\n"
/* ring.h bc_ring_push on the state RING_DECL declares: X into the next
 * slot of a ring of N, counted up to N (8-space indent) */
#define RING_PUSH(X, N) RING_PUSH_IN("@S@ring", "@S@pos", "@S@filled", X, N, "        ")
/* sums.h's bc_sums_push (tcf, tdrei, vortex): TA-Lib SUM's running sums of
 * a few series, each term in a ring of @A0@ of its own at @S@pos, @S@terms
 * counted up to @A0@ (SUMS_DECL, SUMS_RESET). SUMS_STEP: the terms in
 * (INS, one SUMS_IN a series), the ring advanced, the terms added (ADDS, one
 * SUMS_ADD a series), then once @A0@ terms are in, READ (12-space indent)
 * and the oldest terms subtracted (DROPS, one SUMS_DROP a series); 8-space
 * indent. */
#define SUMS_DECL "@G@int @S@pos;\n@G@int @S@terms;\n"
#define SUMS_RESET "    @S@pos = 0;\n    @S@terms = 0;\n"
#define SUMS_IN(RING, X) RING_SET(RING, "@S@pos", X, "        ")
#define SUMS_ADD(SUM, X) "        " SUM " += " X ";\n"
#define SUMS_DROP(SUM, RING) "            " SUM " -= " RING "[@S@pos];\n"
#define SUMS_STEP(INS, ADDS, READ, DROPS) \
    INS RING_ADVANCE("@S@pos", "@A0@", "        ") ADDS \
    "        if (@S@terms < @A0@)\n            @S@terms++;\n" \
    "        if (@S@terms == @A0@) {\n" READ DROPS "        }\n"
/* harami.h's bc_harami_step (harami, cdl3inside): TA-Lib's body averages
 * (bodies of the last 11 bars in a ring, bar j at j % 11, its two sliding
 * sums) and the pair's containment; the caller's int code and double
 * colour1 take the step's result (-1 warming, 0 none, 1 touching, 2
 * strictly inside) and the first bar's colour; 8-space indent. */
#define HARAMI_DECL \
    "@G@@I64@ @S@seen;\n@G@double @S@long_sum;\n@G@double @S@short_sum;\n" \
    "@G@double @S@prev_top;\n@G@double @S@prev_bottom;\n@G@double @S@prev_colour;\n" \
    "@G@double @S@body[11];\n"
#define HARAMI_RESET \
    "    @S@seen = 0;\n    @S@long_sum = 0.0;\n    @S@short_sum = 0.0;\n" \
    "    @S@prev_top = 0.0;\n    @S@prev_bottom = 0.0;\n    @S@prev_colour = 0.0;\n"
#define HARAMI_STEP \
    "        {\n" \
    "            double top = @OPEN@ > @CLOSE@ ? @OPEN@ : @CLOSE@;\n" \
    "            double bottom = @OPEN@ > @CLOSE@ ? @CLOSE@ : @OPEN@;\n" \
    "            double body = @FABS@(@CLOSE@ - @OPEN@);\n" \
    "            @I64@ k = @S@seen;\n" \
    "            int slot = (int)(k % 11);\n" \
    "            code = -1;\n" \
    "            colour1 = @S@prev_colour;\n" \
    "            if (k < 11) {\n" \
    "                if (k >= 1)\n                    @S@short_sum += body;\n" \
    "                if (k < 10)\n                    @S@long_sum += body;\n" \
    "            } else {\n" \
    "                double leaving_long = @S@body[slot];\n" \
    "                double leaving_short = @S@body[(slot + 1) % 11];\n" \
    "                double prev_body = @S@body[(slot + 10) % 11];\n" \
    "                code = 0;\n" \
    "                if (prev_body > 1.0 * (@S@long_sum / 10) &&\n" \
    "                    body <= 1.0 * (@S@short_sum / 10) && top <= @S@prev_top &&\n" \
    "                    bottom >= @S@prev_bottom)\n" \
    "                    code = top < @S@prev_top && bottom > @S@prev_bottom ? 2 : 1;\n" \
    "                @S@long_sum += prev_body - leaving_long;\n" \
    "                @S@short_sum += body - leaving_short;\n" \
    "            }\n" \
    "            @S@body[slot] = body;\n" \
    "            @S@prev_top = top;\n            @S@prev_bottom = bottom;\n" \
    "            @S@prev_colour = @CLOSE@ >= @OPEN@ ? 1.0 : -1.0;\n" \
    "            @S@seen = k + 1;\n" \
    "        }\n"
/* ret_window.h (tstat(n), skew(n)): the close's one-bar return into a ring
 * of @A0@ (RING_PUSH, bc_ret_window_push); once the ring is full, sum and
 * mean of the returns (summed in slot order), then BODY (12-space indent;
 * DECLS declared after sum and mean, k before BODY). */
#define RET_WINDOW_DECL "@G@int @S@seen;\n@G@double @S@prev;\n" RING_DECL("@A0@")
#define RET_WINDOW_RESET "    @S@seen = 0;\n    @S@prev = 0.0;\n" RING_RESET
#define RET_WINDOW_MEAN(DECLS, BODY) \
    "    if (!@S@seen) {\n        @S@seen = 1;\n        @S@prev = @CLOSE@;\n" \
    "    } else {\n" \
    RING_PUSH("@CLOSE@ / @S@prev - 1.0", "@A0@") \
    "        @S@prev = @CLOSE@;\n" \
    "        if (@S@filled == @A0@) {\n" \
    "            double sum = 0.0;\n            double mean = 0.0;\n" \
    DECLS \
    "            int k;\n" \
    "            for (k = 0; k < @A0@; k++)\n                sum += @S@ring[k];\n" \
    "            mean = sum / @A0@;\n" \
    BODY \
    "        }\n" \
    "    }\n"
/* kst.c kst_step's part: roc(R) of the close from bar R (TA-Lib's, 0 after
 * a close of 0), sma.h's step of N of it in P, W times it added to line
 * once full (full = 0 before). */
#define KST_PART(P, R, N, W) \
    "        if (@S@seen <= " R ")\n            full = 0;\n" \
    "        else {\n" \
    "            double then = @S@closes[at >= " R " ? at - " R " : at - " R " + 31];\n" \
    "            double roc = then != 0.0 ? (@CLOSE@ / then - 1.0) * 100.0 : 0.0;\n" \
    "            double m = 0.0;\n            int ok = 0;\n" \
    SMA_INLINE(P, N, "roc", "m", "ok", "            ") \
    "            if (ok)\n                line += " W " * m;\n" \
    "            else\n                full = 0;\n" \
    "        }\n"
/* hilbert.h bc_ht_filter_step: filter J (0 detrender, 1 Q1, 2 jI, 3 jQ)
 * of the bank of this bar's parity (b = 4 x parity), ring slot at, on IN,
 * into OUT. */
#define HT_FILTER(J, IN, OUT) \
    "                t = 0.0962 * " IN ";\n" \
    "                " OUT " = 0.0 - @S@ring[(b + " J ") * 3 + at];\n" \
    "                @S@ring[(b + " J ") * 3 + at] = t;\n" \
    "                " OUT " += t;\n" \
    "                " OUT " -= @S@prev[b + " J "];\n" \
    "                @S@prev[b + " J "] = 0.5769 * @S@prev_in[b + " J "];\n" \
    "                " OUT " += @S@prev[b + " J "];\n" \
    "                @S@prev_in[b + " J "] = " IN ";\n" \
    "                " OUT " *= adj;\n"
/* hilbert.h's state (the banks flat: filter j of parity p at 4p + j, its
 * ring at 3 (4p + j)), shared by mama and the ht kinds */
#define HT_DECL \
    "@G@int @S@odd;\n@G@int @S@p;\n@G@int @S@idx;\n@G@double @S@rad2deg;\n" \
    "@G@double @S@x1;\n@G@double @S@x2;\n@G@double @S@x3;\n" \
    "@G@double @S@wsub;\n@G@double @S@wsum;\n@G@double @S@trail;\n" \
    "@G@double @S@ring[24];\n@G@double @S@prev[8];\n@G@double @S@prev_in[8];\n" \
    "@G@double @S@i1_prev2[2];\n@G@double @S@i1_prev3[2];\n" \
    "@G@double @S@period;\n@G@double @S@prev_q2;\n@G@double @S@prev_i2;\n" \
    "@G@double @S@re;\n@G@double @S@im;\n"
#define HT_RESET \
    "    @S@odd = 0;\n    @S@p = 0;\n    @S@idx = 0;\n" \
    "    @S@rad2deg = 180.0 / (4.0 * @ATAN@(1.0));\n" \
    "    @S@x1 = 0.0;\n    @S@x2 = 0.0;\n    @S@x3 = 0.0;\n" \
    "    @S@wsub = 0.0;\n    @S@wsum = 0.0;\n    @S@trail = 0.0;\n" \
    "    {\n        int k;\n" \
    "        for (k = 0; k < 24; k++)\n            @S@ring[k] = 0.0;\n" \
    "        for (k = 0; k < 8; k++) {\n" \
    "            @S@prev[k] = 0.0;\n            @S@prev_in[k] = 0.0;\n        }\n" \
    "        for (k = 0; k < 2; k++) {\n" \
    "            @S@i1_prev2[k] = 0.0;\n            @S@i1_prev3[k] = 0.0;\n        }\n" \
    "    }\n" \
    "    @S@period = 0.0;\n    @S@prev_q2 = 0.0;\n    @S@prev_i2 = 0.0;\n" \
    "    @S@re = 0.0;\n    @S@im = 0.0;\n"
/* hilbert.h bc_hilbert_smooth on bar k (a local), into the local smooth
 * (NaN for the first three bars) */
#define HT_SMOOTH \
    "        @S@p = @S@odd;\n        @S@odd = 1 - @S@p;\n" \
    "        if (k < 3) {\n" \
    "            if (k == 0) {\n" \
    "                @S@wsub = @CLOSE@;\n                @S@wsum = @CLOSE@;\n" \
    "            } else {\n" \
    "                @S@wsub = @S@wsub + @CLOSE@;\n" \
    "                @S@wsum = @S@wsum + @CLOSE@ * (double)(k + 1);\n" \
    "            }\n" \
    "            @S@x3 = @S@x2;\n            @S@x2 = @S@x1;\n            @S@x1 = @CLOSE@;\n" \
    "            smooth = @NAN@;\n" \
    "        } else {\n" \
    "            @S@wsub += @CLOSE@;\n            @S@wsub -= @S@trail;\n" \
    "            @S@wsum += @CLOSE@ * 4.0;\n" \
    "            @S@trail = @S@x3;\n            @S@x3 = @S@x2;\n            @S@x2 = @S@x1;\n" \
    "            @S@x1 = @CLOSE@;\n" \
    "            smooth = @S@wsum * 0.1;\n" \
    "            @S@wsum -= @S@wsub;\n" \
    "        }\n"
/* hilbert.h bc_hilbert_step on the local smooth, into the locals i1, q1 */
#define HT_STEP \
    "            {\n" \
    "                int p = @S@p;\n                int b = 4 * p;\n" \
    "                int at = @S@idx;\n" \
    "                double adj = 0.075 * @S@period + 0.54;\n" \
    "                double t;\n                double det;\n" \
    "                double ji;\n                double jq;\n                double q2;\n" \
    "                double i2;\n                double before;\n                double period;\n" \
    "                double bound;\n" \
    "                i1 = @S@i1_prev3[p];\n" \
    HT_FILTER("0", "smooth", "det") HT_FILTER("1", "det", "q1") HT_FILTER("2", "i1", "ji") \
    HT_FILTER("3", "q1", "jq") \
    "                if (p == 0) {\n" \
    RING_ADVANCE("@S@idx", "3", "                    ") \
    "                }\n" \
    "                q2 = 0.2 * (q1 + ji) + 0.8 * @S@prev_q2;\n" \
    "                i2 = 0.2 * (i1 - jq) + 0.8 * @S@prev_i2;\n" \
    "                @S@i1_prev3[1 - p] = @S@i1_prev2[1 - p];\n" \
    "                @S@i1_prev2[1 - p] = det;\n" \
    "                @S@re = 0.2 * (i2 * @S@prev_i2 + q2 * @S@prev_q2) + 0.8 * @S@re;\n" \
    "                @S@im = 0.2 * (i2 * @S@prev_q2 - q2 * @S@prev_i2) + 0.8 * @S@im;\n" \
    "                @S@prev_q2 = q2;\n                @S@prev_i2 = i2;\n" \
    "                before = @S@period;\n                period = before;\n" \
    "                if (@S@im != 0.0 && @S@re != 0.0)\n" \
    "                    period = 360.0 / (@ATAN@(@S@im / @S@re) * @S@rad2deg);\n" \
    "                bound = 1.5 * before;\n" \
    "                if (period > bound)\n                    period = bound;\n" \
    "                bound = 0.67 * before;\n" \
    "                if (period < bound)\n                    period = bound;\n" \
    "                if (period < 6)\n                    period = 6;\n" \
    "                else if (period > 50)\n                    period = 50;\n" \
    "                @S@period = 0.2 * period + 0.8 * before;\n" \
    "            }\n"
/* ht.c's state beside hilbert.h's: the smoothed period, the phase, the
 * ring of smoothed prices */
#define HT_CYCLE_DECL \
    "@G@double @S@sp;\n@G@double @S@phase;\n@G@double @S@deg2rad;\n" \
    "@G@double @S@two_pi;\n@G@int @S@pos;\n@G@double @S@smooth[50];\n"
#define HT_CYCLE_RESET \
    "    @S@sp = 0.0;\n    @S@phase = 0.0;\n" \
    "    @S@deg2rad = 1.0 / @S@rad2deg;\n    @S@two_pi = @ATAN@(1.0) * 8.0;\n" \
    "    @S@pos = 0;\n" \
    "    {\n        int k;\n" \
    "        for (k = 0; k < 50; k++)\n            @S@smooth[k] = 0.0;\n    }\n"
/* ht.c ht_phase: the dominant cycle phase into @S@phase, the window into
 * the caller's local int n */
#define HT_PHASE \
    "            @S@smooth[@S@pos] = smooth;\n" \
    "            n = (int)(@S@sp + 0.5);\n" \
    "            {\n" \
    "                double re = 0.0;\n                double im = 0.0;\n" \
    "                int at = @S@pos;\n                int i;\n" \
    "                double phase = @S@phase;\n" \
    "                for (i = 0; i < n; i++) {\n" \
    "                    double a = ((double)i * @S@two_pi) / (double)n;\n" \
    "                    double v = @S@smooth[at];\n" \
    "                    re += @SIN@(a) * v;\n" \
    "                    im += @COS@(a) * v;\n" \
    "                    at = at == 0 ? 49 : at - 1;\n" \
    "                }\n" \
    "                if (@FABS@(im) > 0.0)\n" \
    "                    phase = @ATAN@(re / im) * @S@rad2deg;\n" \
    "                else if (@FABS@(im) <= 0.01) {\n" \
    "                    if (re < 0.0)\n                        phase -= 90.0;\n" \
    "                    else if (re > 0.0)\n                        phase += 90.0;\n" \
    "                }\n" \
    "                phase += 90.0;\n" \
    "                phase += 360.0 / @S@sp;\n" \
    "                if (im < 0.0)\n                    phase += 180.0;\n" \
    "                if (phase > 315.0)\n                    phase -= 360.0;\n" \
    "                @S@phase = phase;\n" \
    "            }\n"
#define NAN3_AT(I) I "@OUT0@ = @NAN@;\n" I "@OUT1@ = @NAN@;\n" I "@OUT2@ = @NAN@;\n"
/* stc.c stc_line_step: one smoothed %K line P (filled, pos, has, value,
 * ring[@A2@]) on the variable IN; OUT and OK = 1 once its window is full;
 * I is the indentation. */
#define STC_LINE_DECL(P) \
    "@G@int " P "filled;\n@G@int " P "pos;\n@G@int " P "has;\n@G@double " P "value;\n" \
    "@G@double " P "ring[@A2@];\n"
#define STC_LINE_RESET(P) \
    "    " P "filled = 0;\n    " P "pos = 0;\n    " P "has = 0;\n    " P "value = 0.0;\n"
#define STC_LINE(P, IN, OUT, OK, I) \
    RING_PUSH_IN(P "ring", P "pos", P "filled", IN, "@A2@", I) \
    I "if (" P "filled == @A2@) {\n" \
    I "    double lo = " P "ring[0];\n" I "    double hi = lo;\n" \
    I "    double raw = 50.0;\n" I "    int j;\n" \
    I "    for (j = 1; j < @A2@; j++) {\n" \
    I "        if (" P "ring[j] < lo)\n" I "            lo = " P "ring[j];\n" \
    I "        if (" P "ring[j] > hi)\n" I "            hi = " P "ring[j];\n" \
    I "    }\n" \
    I "    if (hi > lo)\n" I "        raw = (" IN " - lo) / (hi - lo) * 100.0;\n" \
    I "    else if (" P "has != 0)\n" I "        raw = " P "value;\n" \
    I "    if (" P "has != 0)\n" \
    I "        " P "value = " P "value + 0.5 * (raw - " P "value);\n" \
    I "    else\n" I "        " P "value = raw;\n" \
    I "    " P "has = 1;\n" \
    I "    " OUT " = " P "value;\n" I "    " OK " = 1;\n" \
    I "}\n"
/* bbands.c bbands_step's window sums of the close and its square over
 * @A0@ bars (full = 0 until the window is full), shared by bbands and
 * squeeze */
#define BBANDS_SUMS \
    "        if (@S@filled == @A0@) {\n" \
    "            double old = @S@ring[@S@pos];\n" \
    RING_SET("@S@ring", "@S@pos", "@CLOSE@", "            ") \
    RING_ADVANCE("@S@pos", "@A0@", "            ") \
    "            @S@sum += @CLOSE@ - old;\n" \
    "            @S@sum2 += @CLOSE@ * @CLOSE@ - old * old;\n" \
    "        } else {\n" \
    RING_SET("@S@ring", "@S@pos", "@CLOSE@", "            ") \
    RING_ADVANCE("@S@pos", "@A0@", "            ") \
    "            @S@sum += @CLOSE@;\n" \
    "            @S@sum2 += @CLOSE@ * @CLOSE@;\n" \
    "            if (++@S@filled < @A0@)\n                full = 0;\n" \
    "        }\n"

/* zscore.c window_push: x enters the window of the last @A0@ values, the
 * running sums re-anchored at the mean when the ring wraps (zscore and
 * mean); opens a block that declares x, i and d. */
#define WINDOW_PUSH \
    "    {\n" \
    "        double x = @SRC0@;\n" \
    "        @I64@ i = @S@seen;\n" \
    "        double d;\n" \
    "        @S@seen = i + 1;\n" \
    "        if (@S@filled == @A0@) {\n" \
    "            double old = @S@ring[@S@pos];\n" \
    "            if (!@ISNAN@(old)) {\n" \
    "                d = old - @S@anchor;\n" \
    "                @S@sum -= d;\n                @S@sum2 -= d * d;\n" \
    "            }\n" \
    "        } else\n            @S@filled++;\n" \
    "        @S@ring[@S@pos] = x;\n" \
    "        if (@ISNAN@(x)) {\n" \
    "            @S@last_nan = i;\n            @S@same = 0;\n" \
    "        } else {\n" \
    "            d = x - @S@anchor;\n" \
    "            @S@sum += d;\n            @S@sum2 += d * d;\n" \
    "            @S@same = @S@same > 0 && x == @S@prev ? @S@same + 1 : 1;\n" \
    "            @S@prev = x;\n" \
    "        }\n" \
    "        if (++@S@pos == @A0@) {\n" \
    "            double total = 0.0;\n            int count = 0;\n            int k;\n" \
    "            @S@pos = 0;\n" \
    "            for (k = 0; k < @A0@; k++)\n" \
    "                if (!@ISNAN@(@S@ring[k])) {\n" \
    "                    total += @S@ring[k];\n                    count++;\n" \
    "                }\n" \
    "            @S@anchor = count > 0 ? total / count : 0.0;\n" \
    "            @S@sum = 0.0;\n            @S@sum2 = 0.0;\n" \
    "            for (k = 0; k < @A0@; k++)\n" \
    "                if (!@ISNAN@(@S@ring[k])) {\n" \
    "                    d = @S@ring[k] - @S@anchor;\n" \
    "                    @S@sum += d;\n                    @S@sum2 += d * d;\n" \
    "                }\n" \
    "        }\n"
#define WINDOW_DECL \
    RING_DECL("@A0@") "@G@@I64@ @S@seen;\n@G@@I64@ @S@last_nan;\n" \
               "@G@@I64@ @S@same;\n@G@double @S@prev;\n@G@double @S@anchor;\n" \
               "@G@double @S@sum;\n@G@double @S@sum2;\n"
#define WINDOW_RESET \
    RING_RESET "    @S@seen = 0;\n    @S@same = 0;\n    @S@last_nan = -1 - (@I64@)@A0@;\n" \
                "    @S@prev = 0.0;\n    @S@anchor = 0.0;\n    @S@sum = 0.0;\n    @S@sum2 = 0.0;\n"

/* rolling_extreme.c extreme_step: the monotonic deque, CMP "<=" for max,
 * ">=" for min. */
#define EXTREME_DECL \
    "@G@int @S@head;\n@G@int @S@count;\n@G@@I64@ @S@seen;\n@G@@I64@ @S@last_nan;\n" \
    "@G@double @S@value[@A0@];\n@G@@I64@ @S@bar[@A0@];\n"
#define EXTREME_RESET \
    "    @S@head = 0;\n    @S@count = 0;\n    @S@seen = 0;\n" \
    "    @S@last_nan = -1 - (@I64@)@A0@;\n"
/* rolling_extreme.c extreme_step on IN into OUT (max/min: the source into
 * the output; vixfix: the close into its hc) */
#define EXTREME_STEP_P(CMP, IN, OUT) \
    "    {\n" \
    "        double x = " IN ";\n" \
    "        @I64@ i = @S@seen;\n" \
    "        int back;\n" \
    "        @S@seen = i + 1;\n" \
    "        if (@ISNAN@(x)) {\n" \
    "            @S@last_nan = i;\n            " OUT " = @NAN@;\n" \
    "        } else {\n" \
    "            while (@S@count > 0 && @S@bar[@S@head] <= i - @A0@) {\n" \
    RING_ADVANCE("@S@head", "@A0@", "                ") \
    "                @S@count--;\n" \
    "            }\n" \
    "            while (@S@count > 0) {\n" \
    "                back = @S@head + @S@count - 1;\n" \
    "                if (back >= @A0@)\n                    back -= @A0@;\n" \
    "                if (!(@S@value[back] " CMP " x))\n                    break;\n" \
    "                @S@count--;\n" \
    "            }\n" \
    "            back = @S@head + @S@count;\n" \
    "            if (back >= @A0@)\n                back -= @A0@;\n" \
    "            @S@value[back] = x;\n            @S@bar[back] = i;\n" \
    "            @S@count++;\n" \
    "            if (i < @A0@ - 1 || @S@last_nan > i - @A0@)\n" \
    "                " OUT " = @NAN@;\n" \
    "            else\n                " OUT " = @S@value[@S@head];\n" \
    "        }\n" \
    "    }\n"
#define EXTREME_STEP(CMP) EXTREME_STEP_P(CMP, "@SRC0@", "@OUT0@")

/* ema.h's step inside another kernel (dema, tema): state P (count, k, k1,
 * sum, value) of period N on IN, result in OUT, OK = 1 once seeded. */
#define EMA_DECL_P(P) \
    "@G@int " P "count;\n@G@double " P "k;\n@G@double " P "k1;\n@G@double " P "sum;\n" \
    "@G@double " P "value;\n"
#define EMA_RESET_P(P, N) \
    "    " P "count = 0;\n    " P "k = 2.0 / ((double)(" N " + 1));\n" \
    "    " P "k1 = 1.0 - " P "k;\n    " P "sum = 0.0;\n    " P "value = 0.0;\n"
#define EMA_INLINE(P, N, IN, OUT, OK, I) \
    I "if (" P "count >= " N ") {\n" \
    I "    " P "value = " P "value * " P "k1 + " IN " * " P "k;\n" \
    I "    " OUT " = " P "value;\n" I "    " OK " = 1;\n" \
    I "} else {\n" \
    I "    " P "sum += " IN ";\n" \
    I "    if (++" P "count >= " N ") {\n" \
    I "        " P "value = " P "sum / " N ";\n" \
    I "        " OUT " = " P "value;\n" I "        " OK " = 1;\n" \
    I "    }\n" \
    I "}\n"

/* zone.c's pzo / vzo: the previous close, ema.h of sign(close change) x SRC
 * (state @S@n_) and of SRC (@S@d_), both from bar 1. */
#define ZONE_DECL \
    "@G@int @S@seen;\n@G@double @S@prev_close;\n" EMA_DECL_P("@S@n_") EMA_DECL_P("@S@d_")
#define ZONE_RESET \
    "    @S@seen = 0;\n    @S@prev_close = 0.0;\n" EMA_RESET_P("@S@n_", "@A0@") \
    EMA_RESET_P("@S@d_", "@A0@")
#define ZONE_STEP(SRC) \
    "    @OUT0@ = @NAN@;\n" \
    "    if (!@S@seen) {\n        @S@seen = 1;\n        @S@prev_close = @CLOSE@;\n" \
    "    } else {\n" \
    "        double sign = @CLOSE@ > @S@prev_close ? 1.0 : @CLOSE@ < @S@prev_close ? -1.0 : 0.0;\n" \
    "        double signed_x = sign * " SRC ";\n" \
    "        double num = 0.0;\n        double den = 0.0;\n        int ok_n = 0;\n" \
    "        int ok_d = 0;\n" \
    "        @S@prev_close = @CLOSE@;\n" \
    EMA_INLINE("@S@n_", "@A0@", "signed_x", "num", "ok_n", "        ") \
    EMA_INLINE("@S@d_", "@A0@", SRC, "den", "ok_d", "        ") \
    "        if (ok_n && ok_d)\n            @OUT0@ = den != 0.0 ? 100.0 * num / den : 0.0;\n" \
    "    }\n"

/* The signal ema(@A2@) (state @S@g_) of the local line, and both outputs
 * once the signal exists (kvo, pvo, tsi, smi); at indent I, with the locals
 * g and ok_g declared. */
#define LINE_SIGNAL(I) \
    EMA_INLINE("@S@g_", "@A2@", "line", "g", "ok_g", I) \
    I "if (ok_g) {\n" \
    I "    @OUT0@ = line;\n" I "    @OUT1@ = g;\n" \
    I "}\n"

/* tsi.c's double smoothing (tsi, eco): the locals, then the chain on the
 * local d (the momentum) and ad (its size): line = 100 ema(ema(d, @A0@),
 * @A1@) / ema(ema(ad, @A0@), @A1@) (0 where the denominator is 0) and its
 * LINE_SIGNAL, at 8 spaces inside one block. */
#define TSI_LOCALS \
    "        double m = 0.0;\n        double a = 0.0;\n" \
    "        double m2 = 0.0;\n        double a2 = 0.0;\n" \
    "        double line = 0.0;\n        double g = 0.0;\n" \
    "        int ok_m = 0;\n        int ok_a = 0;\n        int ok_m2 = 0;\n" \
    "        int ok_a2 = 0;\n        int ok_g = 0;\n"
#define TSI_CHAIN \
    EMA_INLINE("@S@mr_", "@A0@", "d", "m", "ok_m", "        ") \
    EMA_INLINE("@S@ar_", "@A0@", "ad", "a", "ok_a", "        ") \
    "        if (ok_m && ok_a) {\n" \
    EMA_INLINE("@S@ms_", "@A1@", "m", "m2", "ok_m2", "            ") \
    EMA_INLINE("@S@as_", "@A1@", "a", "a2", "ok_a2", "            ") \
    "            if (ok_m2 && ok_a2) {\n" \
    "                line = a2 != 0.0 ? 100.0 * m2 / a2 : 0.0;\n" \
    LINE_SIGNAL("                ") \
    "            }\n" \
    "        }\n"

/* wma.c multi_ema_step, depth 3 (tema, trix): e1 = ema(close), e2 =
 * ema(e1), e3 = ema(e2), all of period @A0@; INNER runs once e2 has a value
 * and e3 has had its step (ok3 = 1 once e3 is seeded), at 16 spaces. */
#define TEMA_DECL EMA_DECL_P("@S@e1_") EMA_DECL_P("@S@e2_") EMA_DECL_P("@S@e3_")
#define TEMA_RESET \
    EMA_RESET_P("@S@e1_", "@A0@") EMA_RESET_P("@S@e2_", "@A0@") EMA_RESET_P("@S@e3_", "@A0@")
#define TEMA_CHAIN(INNER) \
    "    {\n" \
    "        double e1 = 0.0;\n        double e2 = 0.0;\n        double e3 = 0.0;\n" \
    "        int ok1 = 0;\n        int ok2 = 0;\n        int ok3 = 0;\n" \
    "        @OUT0@ = @NAN@;\n" \
    EMA_INLINE("@S@e1_", "@A0@", "@CLOSE@", "e1", "ok1", "        ") \
    "        if (ok1) {\n" \
    EMA_INLINE("@S@e2_", "@A0@", "e1", "e2", "ok2", "            ") \
    "            if (ok2) {\n" \
    EMA_INLINE("@S@e3_", "@A0@", "e2", "e3", "ok3", "                ") \
    INNER \
    "            }\n" \
    "        }\n" \
    "    }\n"

/* mt5.c smma_step inside another kernel (the alligator): state P (count,
 * sum, value, ring[9]) of period N on IN, the value (NaN while seeding)
 * stored at P ring[POS]. */
#define SMMA_DECL_P(P) \
    "@G@int " P "count;\n@G@double " P "sum;\n@G@double " P "value;\n" \
    "@G@double " P "ring[9];\n"
#define SMMA_INLINE_RING(P, N, IN, POS) \
    "        if (" P "count >= " N ") {\n" \
    "            " P "value = (" P "value * (double)(" N " - 1) + " IN ") / (double)" N ";\n" \
    "            " P "ring[" POS "] = " P "value;\n" \
    "        } else {\n" \
    "            " P "sum += " IN ";\n" \
    "            if (++" P "count < " N ")\n" \
    "                " P "ring[" POS "] = @NAN@;\n" \
    "            else {\n" \
    "                " P "value = " P "sum / (double)" N ";\n" \
    "                " P "ring[" POS "] = " P "value;\n" \
    "            }\n" \
    "        }\n"

/* rsi.h bc_rsi_step on the close (the rsi kind, and stochrsi's rsi): state
 * P (count, c1, inv_n, prev, gain, loss) of period N, the value (NaN while
 * seeding) in OUT; I is the indentation of the block. RSI_READ is rsi.h's
 * bc_rsi_value, CMO_READ its bc_cmo_value (the cmo kind: RSI_BLOCK_AS). */
#define RSI_DECL(P) \
    "@G@int " P "count;\n@G@double " P "c1;\n@G@double " P "inv_n;\n@G@double " P "prev;\n" \
    "@G@double " P "gain;\n@G@double " P "loss;\n"
#define RSI_RESET(P, N) \
    "    " P "count = 0;\n    " P "c1 = (double)(" N " - 1) / " N ";\n    " P "inv_n = 1.0 / " N ";\n" \
    "    " P "prev = 0.0;\n    " P "gain = 0.0;\n    " P "loss = 0.0;\n"
#define RSI_READ(P) "100.0 * (" P "gain / sum)"
#define CMO_READ(P) "100.0 * ((" P "gain - " P "loss) / sum)"
#define RSI_BLOCK(P, N, OUT, I) RSI_BLOCK_AS(P, N, OUT, I, RSI_READ(P))
#define RSI_BLOCK_AS(P, N, OUT, I, READ) RSI_BLOCK_OF(P, N, "@CLOSE@", OUT, I, READ)
/* RSI_BLOCK on the value IN (a variable) instead of the close: crsi's rsi of
 * the streak. */
#define RSI_BLOCK_ON(P, N, IN, OUT, I) RSI_BLOCK_OF(P, N, IN, OUT, I, RSI_READ(P))
/* The block itself, on the value IN, read by READ. */
#define RSI_BLOCK_OF(P, N, IN, OUT, I, READ) \
    I "{\n" \
    I "    double d = " IN " - " P "prev;\n" \
    I "    double up = d > 0.0 ? d : 0.0;\n" \
    I "    double down = d < 0.0 ? d : 0.0;\n" \
    I "    int valid = 1;\n" \
    I "    " P "prev = " IN ";\n" \
    I "    if (" P "count > " N ") {\n" \
    I "        " P "loss = " P "loss * " P "c1 - down * " P "inv_n;\n" \
    I "        " P "gain = " P "gain * " P "c1 + up * " P "inv_n;\n" \
    I "    } else if (" P "count == 0) {\n" \
    I "        " P "count = 1;\n" I "        valid = 0;\n" \
    I "    } else {\n" \
    I "        " P "loss -= down;\n" I "        " P "gain += up;\n" \
    I "        if (++" P "count <= " N ")\n" I "            valid = 0;\n" \
    I "        else {\n" I "            " P "loss /= " N ";\n" I "            " P "gain /= " N ";\n" \
    I "        }\n" \
    I "    }\n" \
    I "    if (!valid)\n" I "        " OUT " = @NAN@;\n" \
    I "    else {\n" \
    I "        double sum = " P "gain + " P "loss;\n" \
    I "        " OUT " = sum == 0.0 ? 0.0 : " READ ";\n" \
    I "    }\n" \
    I "}\n"

/* adx.c adx_step after DM_STEP smoothed: the bar's DX (none where TR or
 * the DI sum is 0), summed over the first n - 1 DX bars, the ADX their
 * mean on the n-th, then Wilder-smoothed; has_adx 1 once it exists (the
 * adx and adxr templates; 12-space indent, opens no block). */
#define ADX_SMOOTH \
    "            double dx = 0.0;\n" \
    "            int has_dx = 0;\n" \
    "            int has_adx = 1;\n" \
    "            if (@S@tr != 0.0) {\n" \
    "                double scale = 100.0 / @S@tr;\n" \
    "                double minus_di = @S@minus_dm * scale;\n" \
    "                double plus_di = @S@plus_dm * scale;\n" \
    "                double sum = minus_di + plus_di;\n" \
    "                if (sum != 0.0) {\n" \
    "                    dx = 100.0 * (@FABS@(minus_di - plus_di) / sum);\n" \
    "                    has_dx = 1;\n" \
    "                }\n" \
    "            }\n" \
    "            if (@S@dx_count < @A0@ - 1) {\n" \
    "                @S@dx_count++;\n" \
    "                if (has_dx)\n                    @S@sum_dx += dx;\n" \
    "                has_adx = 0;\n" \
    "            } else if (@S@dx_count == @A0@ - 1) {\n" \
    "                @S@dx_count++;\n" \
    "                if (has_dx)\n                    @S@sum_dx += dx;\n" \
    "                @S@adx = @S@sum_dx * @S@inv_n;\n" \
    "            } else if (has_dx)\n" \
    "                @S@adx = @S@adx * @S@c1 + dx * @S@inv_n;\n"

/* adx.c dm_step, shared by adx and dmi: Wilder's +DM, -DM and TR summed
 * over bars 1..n-1, smoothed from bar n on (then OK = 1); opens no block. */
#define DM_DECL \
    "@G@int @S@count;\n@G@double @S@c1;\n@G@double @S@inv_n;\n" \
    "@G@double @S@prev_high;\n@G@double @S@prev_low;\n@G@double @S@prev_close;\n" \
    "@G@double @S@plus_dm;\n@G@double @S@minus_dm;\n@G@double @S@tr;\n"
#define DM_RESET \
    "    @S@count = 0;\n    @S@c1 = (double)(@A0@ - 1) / @A0@;\n    @S@inv_n = 1.0 / @A0@;\n" \
    "    @S@prev_high = 0.0;\n    @S@prev_low = 0.0;\n    @S@prev_close = 0.0;\n" \
    "    @S@plus_dm = 0.0;\n    @S@minus_dm = 0.0;\n    @S@tr = 0.0;\n"
#define DM_STEP(OK) \
    "        if (@S@count == 0) {\n" \
    "            @S@count = 1;\n" \
    "            @S@prev_high = @HIGH@;\n            @S@prev_low = @LOW@;\n" \
    "            @S@prev_close = @CLOSE@;\n" \
    "        } else {\n" \
    "            double diff_p = @HIGH@ - @S@prev_high;\n" \
    "            double diff_m = @S@prev_low - @LOW@;\n" \
    "            double tr = @HIGH@ - @LOW@;\n" \
    "            double t = @FABS@(@HIGH@ - @S@prev_close);\n" \
    "            double minus;\n            double plus;\n" \
    "            tr = t > tr ? t : tr;\n" \
    "            t = @FABS@(@LOW@ - @S@prev_close);\n" \
    "            tr = t > tr ? t : tr;\n" \
    "            @S@prev_high = @HIGH@;\n            @S@prev_low = @LOW@;\n" \
    "            @S@prev_close = @CLOSE@;\n" \
    "            minus = (diff_m > 0.0 && diff_p < diff_m) ? diff_m : 0.0;\n" \
    "            plus = (diff_p > 0.0 && diff_p > diff_m) ? diff_p : 0.0;\n" \
    "            if (@S@count < @A0@) {\n" \
    "                @S@count++;\n" \
    "                @S@minus_dm += minus;\n                @S@plus_dm += plus;\n" \
    "                @S@tr += tr;\n" \
    "            } else {\n" \
    "                @S@minus_dm = @S@minus_dm * @S@c1 + minus;\n" \
    "                @S@plus_dm = @S@plus_dm * @S@c1 + plus;\n" \
    "                @S@tr = @S@tr * @S@c1 + tr;\n" \
    "                " OK " = 1;\n" \
    "            }\n" \
    "        }\n"

/* TA-Lib's AROON tracking (the library's stoch.c aroon_step finds the same
 * newest-of-ties extremes with its block window): the ring of the last n+1
 * highs and lows (slot @S@pos is the oldest bar's after the write), the
 * extremes' bar indices tracked as TA-Lib does (ties to the newest bar);
 * WHEN_FULL runs once the window holds n+1 bars. */
#define AROON_DECL \
    "@G@int @S@pos;\n@G@@I64@ @S@today;\n@G@@I64@ @S@hi_at;\n@G@@I64@ @S@lo_at;\n" \
    "@G@double @S@hi;\n@G@double @S@lo;\n@G@double @S@highs[@NP1@];\n" \
    "@G@double @S@lows[@NP1@];\n"
#define AROON_RESET \
    "    @S@pos = 0;\n    @S@today = -1;\n    @S@hi_at = -1;\n    @S@lo_at = -1;\n" \
    "    @S@hi = 0.0;\n    @S@lo = 0.0;\n"
#define AROON_EXTREME(AT, V, RING, BAR, CMP) \
    "            if (@S@" AT " < first) {\n" \
    "                p = @S@pos;\n" \
    "                @S@" AT " = first;\n                @S@" V " = @S@" RING "[p];\n" \
    "                for (i = first + 1; i <= @S@today; i++) {\n" \
    RING_ADVANCE("p", "@NP1@", "                    ") \
    "                    if (@S@" RING "[p] " CMP " @S@" V ") {\n" \
    "                        @S@" AT " = i;\n                        @S@" V " = @S@" RING "[p];\n" \
    "                    }\n" \
    "                }\n" \
    "            } else if (" BAR " " CMP " @S@" V ") {\n" \
    "                @S@" AT " = @S@today;\n                @S@" V " = " BAR ";\n" \
    "            }\n"
#define AROON_STEP(WHEN_FULL, WHEN_NOT) \
    "    {\n" \
    "        @I64@ first;\n        @I64@ i;\n        int p;\n" \
    RING_SET("@S@highs", "@S@pos", "@HIGH@", "        ") \
    RING_SET("@S@lows", "@S@pos", "@LOW@", "        ") \
    RING_ADVANCE("@S@pos", "@NP1@", "        ") \
    "        @S@today = @S@today + 1;\n" \
    "        first = @S@today - @A0@;\n" \
    "        if (first >= 0) {\n" \
    AROON_EXTREME("lo_at", "lo", "lows", "@LOW@", "<=") \
    AROON_EXTREME("hi_at", "hi", "highs", "@HIGH@", ">=") \
    WHEN_FULL \
    "        } else {\n" WHEN_NOT "        }\n" \
    "    }\n"

/* kama.c er_step (TA-Lib's sliding sum of the n one-bar moves, in its
 * order) and kama_step: filled counts the closes up to n + 1; USE_ER writes
 * @OUT0@ from er (12-space indent): kama's recursion, or er itself. */
#define KAMA_DECL RING_DECL("@A0@") "@G@double @S@sum;\n@G@double @S@trailing;\n" \
    "@G@double @S@prev;\n@G@double @S@kama;\n"
#define KAMA_RESET RING_RESET "    @S@sum = 0.0;\n    @S@trailing = 0.0;\n    @S@prev = 0.0;\n" \
    "    @S@kama = 0.0;\n"
#define KAMA_STEP(USE_ER) \
    KAMA_SUM_STEP("        double roc = 0.0;\n        double er = 0.0;\n", \
                  "            roc = @CLOSE@ - oldest;\n" \
                  "            er = (@S@sum <= roc || @S@sum == 0.0) ? 1.0 : " \
                  "@FABS@(roc / @S@sum);\n" \
                  USE_ER)
/* kama.c er_step's sliding sum of the n one-bar moves, USE once it covers
 * the n closes to this one (vhf's range over it, er's ratio) */
#define KAMA_SUM_STEP(DECL, USE) \
    "    if (@ISNAN@(@CLOSE@))\n        @OUT0@ = @NAN@;\n" \
    "    else {\n" \
    "        double oldest = @S@ring[@S@pos];\n" \
    DECL \
    "        @OUT0@ = @NAN@;\n" \
    "        if (@S@filled < @A0@) {\n" \
    "            if (@S@filled > 0)\n" \
    "                @S@sum += @FABS@(@S@prev - @CLOSE@);\n" \
    "            @S@filled++;\n" \
    "        } else {\n" \
    "            if (@S@filled == @A0@) {\n" \
    "                @S@sum += @FABS@(@S@prev - @CLOSE@);\n" \
    "                @S@kama = @S@prev;\n" \
    "                @S@filled++;\n" \
    "            } else {\n" \
    "                @S@sum -= @FABS@(@S@trailing - oldest);\n" \
    "                @S@sum += @FABS@(@CLOSE@ - @S@prev);\n" \
    "            }\n" \
    "            @S@trailing = oldest;\n" \
    USE \
    "        }\n" \
    RING_SET("@S@ring", "@S@pos", "@CLOSE@", "        ") \
    RING_ADVANCE("@S@pos", "@A0@", "        ") \
    "        @S@prev = @CLOSE@;\n" \
    "    }\n"

/* kama.c linreg_run: TA-Lib's sums of the window, k bars ago for k = n-1
 * .. 0; SLOPE 1 writes the slope m, 0 the fitted value b + m (n - 1);
 * LINREG_SE_STEP the residuals' standard error, a second pass over the
 * window about b + m (n - 1 - k). */
#define LINREG_STEP(SLOPE) \
    LINREG_BODY("", "            @OUT0@ = " #SLOPE " ? m : (sy - m * sx) / dp + m * (dp - 1.0);\n")
#define LINREG_SE_STEP \
    LINREG_BODY("        double b = 0.0;\n        double r = 0.0;\n        double ss = 0.0;\n", \
                "            b = (sy - m * sx) / dp;\n" \
                "            at = @S@pos;\n" \
                "            for (k = @A0@ - 1; k >= 0; k--) {\n" \
                "                r = @S@ring[at] - (b + m * (dp - 1.0 - (double)k));\n" \
                "                ss += r * r;\n" \
                RING_ADVANCE("at", "@A0@", "                ") \
                "            }\n" \
                "            @OUT0@ = @SQRT@(ss / (dp - 2.0));\n")
#define LINREG_BODY(DECL, OUT) \
    "    if (@ISNAN@(@CLOSE@))\n        @OUT0@ = @NAN@;\n" \
    "    else {\n" \
    "        double dp = (double)@A0@;\n" \
    "        double sx = dp * (dp - 1.0) * 0.5;\n" \
    "        double sxx = dp * (dp - 1.0) * (2.0 * dp - 1.0) / 6.0;\n" \
    "        double sy = 0.0;\n        double sxy = 0.0;\n        double m = 0.0;\n" \
    DECL \
    "        int at = 0;\n        int k = 0;\n" \
    RING_PUSH("@CLOSE@", "@A0@") \
    "        @OUT0@ = @NAN@;\n" \
    "        if (@S@filled == @A0@) {\n" \
    "            at = @S@pos;\n" \
    "            for (k = @A0@ - 1; k >= 0; k--) {\n" \
    "                sy += @S@ring[at];\n" \
    "                sxy += (double)k * @S@ring[at];\n" \
    RING_ADVANCE("at", "@A0@", "                ") \
    "            }\n" \
    "            m = (dp * sxy - sx * sy) / (sx * sx - dp * sxx);\n" \
    OUT \
    "        }\n" \
    "    }\n"

/* kama.c pbands_band on the ring RING of @A0@ (position @S@pos, full):
 * linreg_slope's sums, the oldest first, then the values k bars ago moved
 * k bars on along the slope, OUT their maximum (CMP ">") or minimum ("<")
 * (8-space indent; a block of its own) */
#define PBANDS_BAND(RING, CMP, OUT) \
    "        {\n" \
    "            double dp = (double)@A0@;\n" \
    "            double sx = dp * (dp - 1.0) * 0.5;\n" \
    "            double sxx = dp * (dp - 1.0) * (2.0 * dp - 1.0) / 6.0;\n" \
    "            double sy = 0.0;\n            double sxy = 0.0;\n" \
    "            double m = 0.0;\n            double v = 0.0;\n" \
    "            int at = @S@pos;\n            int k = 0;\n" \
    "            for (k = @A0@ - 1; k >= 0; k--) {\n" \
    "                sy += " RING "[at];\n" \
    "                sxy += (double)k * " RING "[at];\n" \
    RING_ADVANCE("at", "@A0@", "                ") \
    "            }\n" \
    "            m = (dp * sxy - sx * sy) / (sx * sx - dp * sxx);\n" \
    "            at = @S@pos;\n" \
    "            for (k = @A0@ - 1; k >= 0; k--) {\n" \
    "                v = " RING "[at] + (double)k * m;\n" \
    "                if (k == @A0@ - 1 || v " CMP " " OUT ")\n" \
    "                    " OUT " = v;\n" \
    RING_ADVANCE("at", "@A0@", "                ") \
    "            }\n" \
    "        }\n"

typedef struct kind_template {
    const char *name;
    const char *decl, *reset, *step;
    int special; /* SPECIAL_MACD, SPECIAL_TIME or 0 */
} kind_template;

/* macd: its three EMAs are emitted around the step; time: tables and step
 * from TIME_PARTS (step NULL). */
enum { SPECIAL_MACD = 1, SPECIAL_TIME = 2 };

/* time_encoding.c time_run with month_of_days, in parts so that only the
 * outputs something reads cost code and tables: the values are not sin/cos
 * calls but time_encoding.c's own tables (bc_feature_time_tables) printed
 * as constants, so the generated MQL5 and C give the engine's bits on every
 * platform (MetaTrader's MathSin/MathCos cannot be checked here; the cos
 * of mingw-w64's runtime, x87 code, is 1.6e11 ulps from glibc's at 06:00,
 * and glibc's own sin/cos miss the tables by an ulp at 5 minutes). */
#define TIME_DAY_SPLIT \
    "    {\n" \
    "        @I64@ t = @TIME@;\n" \
    "        @I64@ days = t / 86400;\n" \
    "        @I64@ sec = t - days * 86400;\n"
static const struct {
    const char *table;  /* <prefix>_time_<table>_sin / _cos */
    int32_t size, first_output;
    const char *decl, *index, *read_sin, *read_cos;
} TIME_PARTS[3] = {
    {"hour", 1440, 0, "        int minute;\n", "        minute = (int)(sec / 60);\n",
     "        @OUT0@ = @P@_time_hour_sin[minute];\n",
     "        @OUT1@ = @P@_time_hour_cos[minute];\n"},
    {"dow", 7, 2, "        int dow;\n",
     "        dow = (int)((days + 3) % 7);\n        if (dow < 0)\n            dow += 7;\n",
     "        @OUT2@ = @P@_time_dow_sin[dow];\n", "        @OUT3@ = @P@_time_dow_cos[dow];\n"},
    {"month", 12, 4,
     "        @I64@ z;\n        @I64@ era;\n        @I64@ doe;\n        @I64@ yoe;\n"
     "        @I64@ doy;\n        @I64@ mp;\n        int month;\n",
     "        z = days + 719468;\n"
     "        era = (z >= 0 ? z : z - 146096) / 146097;\n"
     "        doe = z - era * 146097;\n"
     "        yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;\n"
     "        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);\n"
     "        mp = (5 * doy + 2) / 153;\n"
     "        month = (int)((mp < 10 ? mp + 3 : mp - 9) - 1);\n",
     "        @OUT4@ = @P@_time_month_sin[month];\n",
     "        @OUT5@ = @P@_time_month_cos[month];\n"},
};

/* day_extreme.c day_extreme_step (dayhigh X = high, CMP ">"; daylow the
 * low and "<"): the floor day split, a new day forgets the extreme, a bar
 * inside [h0, h1) h of the day enters it. */
#define DAY_EXTREME(X, CMP) \
    "    {\n" \
    "        @I64@ t = @TIME@;\n" \
    "        @I64@ day = t / 86400;\n" \
    "        @I64@ sec = t - day * 86400;\n" \
    "        if (sec < 0) {\n            sec += 86400;\n            day -= 1;\n        }\n" \
    "        if (!@S@seen || day != @S@day) {\n" \
    "            @S@seen = 1;\n            @S@day = day;\n            @S@value = @NAN@;\n" \
    "        }\n" \
    "        if (sec >= (@I64@)@A0@ * 3600 && sec < (@I64@)@A1@ * 3600 &&\n" \
    "            (@ISNAN@(@S@value) || " X " " CMP " @S@value))\n" \
    "            @S@value = " X ";\n" \
    "        @OUT0@ = @S@value;\n" \
    "    }\n"
#define DAY_EXTREME_DECL "@G@@I64@ @S@day;\n@G@int @S@seen;\n@G@double @S@value;\n"
#define DAY_EXTREME_RESET "    @S@day = 0;\n    @S@seen = 0;\n    @S@value = @NAN@;\n"

/* calendar.c calendar_step: the floor day split, PERIOD the month or week
 * number of the bar's day (into period), NaN through the first period. */
#define CALENDAR_STEP(PERIOD) \
    "    {\n" \
    "        @I64@ t = @TIME@;\n" \
    "        @I64@ days = t / 86400;\n" \
    "        @I64@ sec = t - days * 86400;\n" \
    "        @I64@ period;\n" \
    "        if (sec < 0)\n            days -= 1;\n" \
    PERIOD \
    "        @OUT0@ = @NAN@;\n" \
    "        if (!@S@seen) {\n" \
    "            @S@seen = 1;\n            @S@period = period;\n" \
    "        } else {\n" \
    "            if (period != @S@period) {\n" \
    "                @S@seen = 2;\n                @S@period = period;\n" \
    "                @S@count = 0.0;\n" \
    "            }\n" \
    "            if (@S@seen == 2) {\n" \
    "                @S@count += 1.0;\n                @OUT0@ = @S@count;\n" \
    "            }\n" \
    "        }\n" \
    "    }\n"
#define CALENDAR_DECL "@G@@I64@ @S@period;\n@G@int @S@seen;\n@G@double @S@count;\n"
#define CALENDAR_RESET "    @S@period = 0;\n    @S@seen = 0;\n    @S@count = 0.0;\n"
/* prevday.c prevday_step (the day split of step.h bc_second_of_day): a new
 * day hands the day that ends to prev unless it was the first day seen,
 * then the bar enters its day; prevday writes prev, pivot its levels
 * (pivot_levels). */
#define PREVDAY_DECL \
    "@G@@I64@ @S@day;\n@G@int @S@days;\n@G@double @S@open;\n@G@double @S@high;\n" \
    "@G@double @S@low;\n@G@double @S@close;\n@G@double @S@prev[4];\n"
#define PREVDAY_RESET \
    "    @S@day = 0;\n    @S@days = 0;\n    @S@open = @NAN@;\n    @S@high = @NAN@;\n" \
    "    @S@low = @NAN@;\n    @S@close = @NAN@;\n" \
    "    {\n        int k;\n        for (k = 0; k < 4; k++)\n            @S@prev[k] = @NAN@;\n    }\n"
#define PREVDAY_STEP PREVDAY_STEP_KEYED("")
/* prevweek: the day's number turned into its ISO week's (Monday start; day
 * -3 was a Monday), floored as prevday_step's. */
#define WEEK_KEY \
    "        {\n" \
    "            @I64@ m = day + 3;\n            @I64@ r = m % 7;\n" \
    "            if (r < 0)\n                r += 7;\n" \
    "            day = (m - r) / 7;\n" \
    "        }\n"
#define PREVWEEK_STEP PREVDAY_STEP_KEYED(WEEK_KEY)
/* camarilla: a UTC Sunday's bar (day 0 was a Thursday: (day + 4) % 7 == 0)
 * enters no day (the guard of PREVDAY_STEP_GUARDED) but ends the day before
 * (prev becomes the day so far, Friday's, once a whole day was seen). */
#define CAMARILLA_STEP \
    PREVDAY_STEP_GUARDED("", "", \
                         "        if ((day + 4) % 7 == 0) {\n" \
                         "            if (@S@days == 2) {\n" \
                         "                @S@prev[0] = @S@open;\n" \
                         "                @S@prev[1] = @S@high;\n" \
                         "                @S@prev[2] = @S@low;\n" \
                         "                @S@prev[3] = @S@close;\n" \
                         "            }\n" \
                         "        } else {\n", "        }\n")

#define PREVDAY_STEP_KEYED(KEY) PREVDAY_STEP_HOOKED(KEY, "")
/* dayema / weekema (prevday.c dayema_loop): prevday's step, and on the bar
 * that hands a whole period to prev, ema.h's step on its close (value stays
 * NaN until the EMA is seeded, as bc_ema_step's NaN). */
#define DAYEMA_DECL PREVDAY_DECL EMA_DECL_P("@S@e_") "@G@double @S@value;\n"
#define DAYEMA_RESET PREVDAY_RESET EMA_RESET_P("@S@e_", "@A0@") "    @S@value = @NAN@;\n"
#define DAYEMA_HOOK \
    "                if (@S@e_count >= @A0@) {\n" \
    "                    @S@e_value = @S@e_value * @S@e_k1 + @S@prev[3] * @S@e_k;\n" \
    "                    @S@value = @S@e_value;\n" \
    "                } else {\n" \
    "                    @S@e_sum += @S@prev[3];\n" \
    "                    if (++@S@e_count >= @A0@) {\n" \
    "                        @S@e_value = @S@e_sum / @A0@;\n" \
    "                        @S@value = @S@e_value;\n" \
    "                    }\n" \
    "                }\n"
#define PREVDAY_STEP_HOOKED(KEY, HOOK) PREVDAY_STEP_GUARDED(KEY, HOOK, "", "")
/* weekmacd (macd.c weekmacd_step): prevweek's step, and on the bar that
 * hands a whole week to prev, macd_step on its close (the slow EMA "s_"
 * from the first whole week, the fast "f_" from the (A1-A0+1)-th, both
 * seeded on the same week, the signal "g_" on the lines); out[] holds line,
 * signal, hist and slope (the hist minus the last whole week's) through
 * the week. */
#define WEEKMACD_DECL \
    PREVDAY_DECL EMA_DECL_P("@S@f_") EMA_DECL_P("@S@s_") EMA_DECL_P("@S@g_") \
    "@G@int @S@seen;\n@G@double @S@out[4];\n"
#define WEEKMACD_RESET \
    PREVDAY_RESET EMA_RESET_P("@S@f_", "@A0@") EMA_RESET_P("@S@s_", "@A1@") \
    EMA_RESET_P("@S@g_", "@A2@") \
    "    @S@seen = 0;\n" \
    "    {\n        int k;\n        for (k = 0; k < 4; k++)\n            @S@out[k] = @NAN@;\n    }\n"
#define WEEKMACD_HOOK \
    "                {\n" \
    "                    double x = @S@prev[3];\n" \
    "                    double fe = 0.0;\n                    double se = 0.0;\n" \
    "                    double g = 0.0;\n                    int ok_f = 0;\n" \
    "                    int ok_s = 0;\n                    int ok_g = 0;\n" \
    "                    double hist = @NAN@;\n" \
    "                    @S@out[0] = @NAN@;\n                    @S@out[1] = @NAN@;\n" \
    EMA_INLINE("@S@s_", "@A1@", "x", "se", "ok_s", "                    ") \
    "                    if (@S@seen < @A1@ - @A0@)\n" \
    "                        @S@seen++;\n" \
    "                    else {\n" \
    EMA_INLINE("@S@f_", "@A0@", "x", "fe", "ok_f", "                        ") \
    "                        if (ok_s && ok_f) {\n" \
    "                            double line = fe - se;\n" \
    EMA_INLINE("@S@g_", "@A2@", "line", "g", "ok_g", "                            ") \
    "                            if (ok_g) {\n" \
    "                                @S@out[0] = line;\n" \
    "                                @S@out[1] = g;\n" \
    "                                hist = line - g;\n" \
    "                            }\n" \
    "                        }\n" \
    "                    }\n" \
    "                    if (!@ISNAN@(hist) && !@ISNAN@(@S@out[2]))\n" \
    "                        @S@out[3] = hist - @S@out[2];\n" \
    "                    else\n                        @S@out[3] = @NAN@;\n" \
    "                    @S@out[2] = hist;\n" \
    "                }\n"
/* OPEN / SHUT: a guard around the bar's entry into its day (camarilla's
 * Sundays), both "" elsewhere */
#define PREVDAY_STEP_GUARDED(KEY, HOOK, OPEN, SHUT) \
    "    {\n" \
    "        @I64@ t = @TIME@;\n" \
    "        @I64@ sec = t % 86400;\n" \
    "        @I64@ day;\n" \
    "        if (sec < 0)\n            sec += 86400;\n" \
    "        day = (t - sec) / 86400;\n" \
    KEY OPEN \
    "        if (@S@days == 0 || day != @S@day) {\n" \
    "            if (@S@days == 2) {\n" \
    "                @S@prev[0] = @S@open;\n                @S@prev[1] = @S@high;\n" \
    "                @S@prev[2] = @S@low;\n                @S@prev[3] = @S@close;\n" \
    HOOK \
    "            }\n" \
    "            if (@S@days < 2)\n                @S@days++;\n" \
    "            @S@day = day;\n            @S@open = @OPEN@;\n" \
    "            @S@high = @HIGH@;\n            @S@low = @LOW@;\n" \
    "        }\n" \
    "        if (@HIGH@ > @S@high)\n            @S@high = @HIGH@;\n" \
    "        if (@LOW@ < @S@low)\n            @S@low = @LOW@;\n" \
    "        @S@close = @CLOSE@;\n" \
    SHUT \
    "    }\n"


/* atr.h's Wilder step inside a template whose state has the "a_" members
 * (a_count, a_c1 = (n - 1) / n, a_inv_n = 1 / n, a_prev_close, a_value)
 * and whose body declares tr (= high - low on entry), t, atr and a_ok:
 * tr becomes the true range, atr the bar's ATR(@A0@) and a_ok 1 once it is
 * ready (squeeze's Keltner width, rwi's scale); ATR_A_STEP_N's period is
 * N (macdv's @A2@). */
#define ATR_A_STEP_N(N)                                                        \
    "        t = @FABS@(@HIGH@ - @S@a_prev_close);\n"                          \
    "        tr = t > tr ? t : tr;\n"                                          \
    "        t = @FABS@(@LOW@ - @S@a_prev_close);\n"                           \
    "        tr = t > tr ? t : tr;\n"                                          \
    "        @S@a_prev_close = @CLOSE@;\n"                                     \
    "        if (@S@a_count > " N ") {\n"                                      \
    "            @S@a_value = @S@a_value * @S@a_c1 + tr * @S@a_inv_n;\n"       \
    "            atr = @S@a_value;\n            a_ok = 1;\n"                   \
    "        } else if (@S@a_count++ > 0) {\n"                                 \
    "            @S@a_value += tr;\n"                                          \
    "            if (@S@a_count > " N ") {\n"                                  \
    "                @S@a_value /= " N ";\n                atr = @S@a_value;\n" \
    "                a_ok = 1;\n"                                              \
    "            }\n"                                                          \
    "        }\n"
#define ATR_A_STEP ATR_A_STEP_N("@A0@")

/* cloud.c cloud_mid: this bar's high and low into window J's rings of N;
 * OUT its midprice once N bars are in (NaN before), at 8 spaces */
#define CLOUD_MID(J, N, OUT) \
    RING_SET("@S@h" J, "@S@p" J, "@HIGH@", "        ") \
    RING_SET("@S@l" J, "@S@p" J, "@LOW@", "        ") \
    RING_ADVANCE("@S@p" J, N, "        ") \
    RING_COUNT("@S@f" J, N, "        ") \
    "        " OUT " = @NAN@;\n" \
    "        if (@S@f" J " == " N ") {\n" \
    "            hh = @S@h" J "[0];\n            ll = @S@l" J "[0];\n" \
    "            for (k = 1; k < " N "; k++) {\n" \
    "                if (@S@h" J "[k] > hh)\n                    hh = @S@h" J "[k];\n" \
    "                if (@S@l" J "[k] < ll)\n                    ll = @S@l" J "[k];\n" \
    "            }\n" \
    "            " OUT " = (hh + ll) / 2.0;\n" \
    "        }\n"
#define CLOUD_DECL(J, N) \
    "@G@int @S@p" J ";\n@G@int @S@f" J ";\n@G@double @S@h" J "[" N "];\n" \
    "@G@double @S@l" J "[" N "];\n"

static const kind_template templates[] = {
    {"open", "", "", "    @OUT0@ = @OPEN@;\n", 0},
    {"high", "", "", "    @OUT0@ = @HIGH@;\n", 0},
    {"low", "", "", "    @OUT0@ = @LOW@;\n", 0},
    {"close", "", "", "    @OUT0@ = @CLOSE@;\n", 0},
    {"volume", "", "", "    @OUT0@ = @VOLUME@;\n", 0},
    {"const", "", "", "    @OUT0@ = @D@;\n", 0},
    /* symbol_embedding.c: the value the host sets with
     * <prefix>_set_symbol_embedding (generated below), NaN until then. */
    {"sym_emb", "@G@double @P@_sym_emb_@A0@;\n@G@int @P@_sym_emb_set_@A0@;\n", "",
     "    @OUT0@ = @P@_sym_emb_set_@A0@ ? @P@_sym_emb_@A0@ : @NAN@;\n", 0},
    {"diff", "", "", "    @OUT0@ = @SRC0@ - @SRC1@;\n", 0},
    /* sma.h bc_sma_step / bc_sma_next */
    {"sma", RING_DECL("@A0@") "@G@double @S@inv_n;\n@G@double @S@sum;\n",
     RING_RESET "    @S@inv_n = 1.0 / @A0@;\n    @S@sum = 0.0;\n",
     "    if (@S@filled == @A0@) {\n"
     "        double old = @S@ring[@S@pos];\n"
     RING_SET("@S@ring", "@S@pos", "@CLOSE@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     "        @S@sum += @CLOSE@ - old;\n"
     "        @OUT0@ = @S@sum * @S@inv_n;\n"
     "    } else {\n"
     RING_SET("@S@ring", "@S@pos", "@CLOSE@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     "        @S@sum += @CLOSE@;\n"
     "        if (++@S@filled < @A0@)\n            @OUT0@ = @NAN@;\n"
     "        else\n            @OUT0@ = @S@sum * @S@inv_n;\n"
     "    }\n", 0},
    {"ema", EMA_DECL, EMA_RESET, "    {\n" EMA_STEP "    }\n", 0},
    /* ema.c zlema_step: the last lag+1 closes (lag = (n-1)/2) in a ring of
     * n, ema.h's step on 2 x close - the close lag bars back */
    {"zlema", EMA_DECL_P("@S@e_") RING_DECL("@A0@"), EMA_RESET_P("@S@e_", "@A0@") RING_RESET,
     "    {\n"
     "        int lag = (@A0@ - 1) / 2;\n"
     "        int at = @S@pos;\n"
     "        double z = @NAN@;\n        int ok = 0;\n"
     RING_PUSH("@CLOSE@", "@A0@")
     "        if (@S@filled > lag) {\n"
     "            double x = 2.0 * @CLOSE@ - @S@ring[at >= lag ? at - lag : at - lag + @A0@];\n"
     EMA_INLINE("@S@e_", "@A0@", "x", "z", "ok", "            ")
     "        }\n"
     "        @OUT0@ = ok ? z : @NAN@;\n"
     "    }\n", 0},
    /* ema.c ema_of_step: ema(x,n), the EMA step on x (@EIN@ = x), a NaN
     * of x restarting it (bc_ema_reset) */
    {"ema_of", EMA_DECL, EMA_RESET,
     "    {\n"
     "        double x = @SRC0@;\n"
     "        if (@ISNAN@(x)) {\n"
     "            @E@count = 0;\n            @E@sum = 0.0;\n            @E@value = 0.0;\n"
     "            @OUT0@ = @NAN@;\n"
     "        } else {\n"
     EMA_STEP
     "        }\n"
     "    }\n", 0},
    /* ema.c chvol_step: the EMA step on the range (@EIN@ = rng, @EOUT@ =
     * r), a ring of the last n values of r */
    {"chvol", EMA_DECL "@G@int @S@pos;\n@G@int @S@filled;\n@G@double @S@ring[@A1@];\n",
     EMA_RESET "    @S@pos = 0;\n    @S@filled = 0;\n",
     "    {\n"
     "        double rng = @HIGH@ - @LOW@;\n"
     "        double r = 0.0;\n        double then = 0.0;\n        int full = 0;\n"
     EMA_STEP
     "        if (@ISNAN@(r))\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            then = @S@ring[@S@pos];\n"
     "            full = @S@filled == @A1@;\n"
     RING_SET("@S@ring", "@S@pos", "r", "            ")
     RING_ADVANCE("@S@pos", "@A1@", "            ")
     "            if (!full) {\n"
     "                @S@filled++;\n                @OUT0@ = @NAN@;\n"
     "            } else if (then == 0.0)\n                @OUT0@ = @NAN@;\n"
     "            else\n                @OUT0@ = (r / then - 1.0) * 100.0;\n"
     "        }\n"
     "    }\n", 0},
    /* rsi.c rsi_step / rsi_next */
    {"rsi", RSI_DECL("@S@"), RSI_RESET("@S@", "@A0@"),
     RSI_BLOCK("@S@", "@A0@", "@OUT0@", "    "), 0},
    /* rsi.c cmo_run: rsi's smoothing, TA-Lib's CMO reading */
    {"cmo", RSI_DECL("@S@"), RSI_RESET("@S@", "@A0@"),
     RSI_BLOCK_AS("@S@", "@A0@", "@OUT0@", "    ", CMO_READ("@S@")), 0},
    /* macd.c macd_step; the EMAs "slow", "fast", "signal" are @S@slow_ etc. */
    {"macd", "@G@int @S@seen;\n", "    @S@seen = 0;\n",
     "    {\n"
     "        double slow = 0.0;\n        double fast = 0.0;\n"
     "@SLOW@"
     "        if (@S@seen < @A1@ - @A0@) {\n"
     "            @S@seen++;\n" NAN3_AT("            ")
     "        } else {\n"
     "@FAST@"
     "            if (@S@slow_count < @A1@) {\n" NAN3_AT("                ")
     "            } else {\n"
     "                double line = fast - slow;\n"
     "                double sig = 0.0;\n"
     "@SIGNAL@"
     "                if (@S@signal_count < @A2@) {\n" NAN3_AT("                    ")
     "                } else {\n"
     "                    @OUT0@ = line;\n                    @OUT1@ = sig;\n"
     "                    @OUT2@ = line - sig;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", SPECIAL_MACD},
    /* atr.c atr_step / atr_next with true_range.h */
    {"atr", "@G@int @S@count;\n@G@double @S@c1;\n@G@double @S@inv_n;\n"
            "@G@double @S@prev_close;\n@G@double @S@value;\n",
     "    @S@count = 0;\n    @S@c1 = (double)(@A0@ - 1) / @A0@;\n    @S@inv_n = 1.0 / @A0@;\n"
     "    @S@prev_close = 0.0;\n    @S@value = 0.0;\n",
     "    {\n"
     "        double tr = @HIGH@ - @LOW@;\n"
     "        double t = @FABS@(@HIGH@ - @S@prev_close);\n"
     "        tr = t > tr ? t : tr;\n"
     "        t = @FABS@(@LOW@ - @S@prev_close);\n"
     "        tr = t > tr ? t : tr;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "        if (@S@count > @A0@) {\n"
     "            @S@value = @S@value * @S@c1 + tr * @S@inv_n;\n"
     "            @OUT0@ = @S@value;\n"
     "        } else if (@S@count++ == 0)\n"
     "            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            @S@value += tr;\n"
     "            if (@S@count <= @A0@)\n                @OUT0@ = @NAN@;\n"
     "            else {\n                @S@value /= @A0@;\n                @OUT0@ = @S@value;\n            }\n"
     "        }\n"
     "    }\n", 0},
    /* stoch.c stoch_step: fast %K from the window's extremes (min/max are
     * exact, so a scan gives the values the library's tracking gives), then
     * sma.h's steps for slow %K and %D. */
    {"stoch", "@G@int @S@today;\n@G@int @S@pos;\n@G@double @S@highs[@A0@];\n"
              "@G@double @S@lows[@A0@];\n" SMA_DECL("@S@k_", "@A1@") SMA_DECL("@S@d_", "@A2@"),
     "    @S@today = 0;\n    @S@pos = 0;\n" SMA_RESET("@S@k_", "@A1@")
     SMA_RESET("@S@d_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     RING_COUNT("@S@today", "@A0@ - 1", "    ")
     "    else {\n"
     "        double lowest = @S@lows[0];\n        double highest = @S@highs[0];\n"
     "        double diff;\n        double fast_k;\n"
     "        double slow_k = 0.0;\n        double slow_d = 0.0;\n"
     "        int k_ok = 0;\n        int d_ok = 0;\n        int i;\n"
     "        for (i = 1; i < @A0@; i++) {\n"
     "            if (@S@lows[i] < lowest)\n                lowest = @S@lows[i];\n"
     "            if (@S@highs[i] > highest)\n                highest = @S@highs[i];\n"
     "        }\n"
     "        diff = (highest - lowest) / 100.0;\n"
     "        fast_k = diff != 0.0 ? (@CLOSE@ - lowest) / diff : 0.0;\n"
     SMA_INLINE("@S@k_", "@A1@", "fast_k", "slow_k", "k_ok", "        ")
     "        if (k_ok) {\n"
     SMA_INLINE("@S@d_", "@A2@", "slow_k", "slow_d", "d_ok", "            ")
     "            if (d_ok) {\n"
     "                @OUT0@ = slow_k;\n                @OUT1@ = slow_d;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* adx.c adx_step on DM_STEP (dx is valid exactly when both zero tests pass) */
    {"adx", DM_DECL "@G@int @S@dx_count;\n@G@double @S@sum_dx;\n@G@double @S@adx;\n",
     DM_RESET "    @S@dx_count = 0;\n    @S@sum_dx = 0.0;\n    @S@adx = 0.0;\n",
     "    {\n"
     "        int smoothed = 0;\n"
     DM_STEP("smoothed")
     "        if (!smoothed)\n"
     "            @OUT0@ = @NAN@;\n"
     "        else {\n"
     ADX_SMOOTH
     "            @OUT0@ = has_adx ? @S@adx : @NAN@;\n"
     "        }\n"
     "    }\n", 0},
    /* adx.c dmi_loop on DM_STEP: both lines 0 where TR is 0 */
    {"dmi", DM_DECL, DM_RESET,
     "    {\n"
     "        int smoothed = 0;\n"
     DM_STEP("smoothed")
     "        if (!smoothed) {\n"
     "            @OUT0@ = @NAN@;\n            @OUT1@ = @NAN@;\n"
     "        } else if (@S@tr == 0.0) {\n"
     "            @OUT0@ = 0.0;\n            @OUT1@ = 0.0;\n"
     "        } else {\n"
     "            double scale = 100.0 / @S@tr;\n"
     "            @OUT1@ = @S@minus_dm * scale;\n"
     "            @OUT0@ = @S@plus_dm * scale;\n"
     "        }\n"
     "    }\n", 0},
    /* vortex.c vortex_step: TA-Lib SUM's running sums of VM+, VM- and TR
     * (three rings of n terms), both lines 0 where the range sum is 0 */
    {"vortex", SUMS_DECL "@G@int @S@seen_bar;\n"
               "@G@double @S@prev_high;\n@G@double @S@prev_low;\n@G@double @S@prev_close;\n"
               "@G@double @S@plus_sum;\n@G@double @S@minus_sum;\n@G@double @S@range_sum;\n"
               "@G@double @S@vp[@A0@];\n@G@double @S@vm[@A0@];\n@G@double @S@tr[@A0@];\n",
     SUMS_RESET "    @S@seen_bar = 0;\n"
     "    @S@prev_high = 0.0;\n    @S@prev_low = 0.0;\n    @S@prev_close = 0.0;\n"
     "    @S@plus_sum = 0.0;\n    @S@minus_sum = 0.0;\n    @S@range_sum = 0.0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    if (!@S@seen_bar) {\n"
     "        @S@seen_bar = 1;\n"
     "        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "    } else {\n"
     "        double vm_plus = @FABS@(@HIGH@ - @S@prev_low);\n"
     "        double vm_minus = @FABS@(@LOW@ - @S@prev_high);\n"
     "        double range = @HIGH@ - @LOW@;\n"
     "        double t = @FABS@(@HIGH@ - @S@prev_close);\n"
     "        range = t > range ? t : range;\n"
     "        t = @FABS@(@LOW@ - @S@prev_close);\n"
     "        range = t > range ? t : range;\n"
     "        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     "        @S@prev_close = @CLOSE@;\n"
     SUMS_STEP(SUMS_IN("@S@vp", "vm_plus") SUMS_IN("@S@vm", "vm_minus")
               SUMS_IN("@S@tr", "range"),
               SUMS_ADD("@S@plus_sum", "vm_plus") SUMS_ADD("@S@minus_sum", "vm_minus")
               SUMS_ADD("@S@range_sum", "range"),
               "            if (@S@range_sum == 0.0) {\n"
               "                @OUT0@ = 0.0;\n                @OUT1@ = 0.0;\n"
               "            } else {\n"
               "                @OUT0@ = @S@plus_sum / @S@range_sum;\n"
               "                @OUT1@ = @S@minus_sum / @S@range_sum;\n"
               "            }\n",
               SUMS_DROP("@S@plus_sum", "@S@vp") SUMS_DROP("@S@minus_sum", "@S@vm")
               SUMS_DROP("@S@range_sum", "@S@tr"))
     "    }\n", 0},
    /* bbands.c bbands_step / bbands_next / bbands_bands */
    {"bbands", RING_DECL("@A0@") "@G@double @S@inv_n;\n@G@double @S@sum;\n@G@double @S@sum2;\n",
     RING_RESET "    @S@inv_n = 1.0 / @A0@;\n    @S@sum = 0.0;\n    @S@sum2 = 0.0;\n",
     "    {\n"
     "        int full = 1;\n"
     BBANDS_SUMS
     "        if (!full) {\n" NAN3_AT("            ")
     "        } else {\n"
     "            double mid = @S@sum * @S@inv_n;\n"
     "            double mean2 = @S@sum2 * @S@inv_n - mid * mid;\n"
     "            double sd = mean2 < 0.00000001 ? 0.0 : @SQRT@(mean2);\n"
     "            double w = sd * @D@;\n"
     "            @OUT0@ = mid + w;\n            @OUT1@ = mid;\n            @OUT2@ = mid - w;\n"
     "        }\n"
     "    }\n", 0},
    /* bbands.c squeeze_step: bbands_step, ema.h's and atr.h's steps (the
     * ema as "e_", the atr as "a_"), then the bands against ema +- @D1@ atr */
    {"squeeze", RING_DECL("@A0@") "@G@double @S@inv_n;\n@G@double @S@sum;\n@G@double @S@sum2;\n"
                EMA_DECL_P("@S@e_") "@G@int @S@a_count;\n@G@double @S@a_c1;\n"
                "@G@double @S@a_inv_n;\n@G@double @S@a_prev_close;\n@G@double @S@a_value;\n",
     RING_RESET "    @S@inv_n = 1.0 / @A0@;\n    @S@sum = 0.0;\n    @S@sum2 = 0.0;\n"
     EMA_RESET_P("@S@e_", "@A0@")
     "    @S@a_count = 0;\n    @S@a_c1 = (double)(@A0@ - 1) / @A0@;\n"
     "    @S@a_inv_n = 1.0 / @A0@;\n    @S@a_prev_close = 0.0;\n    @S@a_value = 0.0;\n",
     "    {\n"
     "        int full = 1;\n        int e_ok = 0;\n        int a_ok = 0;\n"
     "        double mid = 0.0;\n        double atr = 0.0;\n"
     "        double tr = @HIGH@ - @LOW@;\n        double t;\n"
     BBANDS_SUMS
     EMA_INLINE("@S@e_", "@A0@", "@CLOSE@", "mid", "e_ok", "        ")
     ATR_A_STEP
     "        if (!full || !e_ok || !a_ok)\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            double m = @S@sum * @S@inv_n;\n"
     "            double mean2 = @S@sum2 * @S@inv_n - m * m;\n"
     "            double sd = mean2 < 0.00000001 ? 0.0 : @SQRT@(mean2);\n"
     "            double w = sd * @D@;\n"
     "            double kw = @D1@ * atr;\n"
     "            @OUT0@ = m + w < mid + kw && m - w > mid - kw ? 1.0 : 0.0;\n"
     "        }\n"
     "    }\n", 0},
    /* bbands.c accbands_step: sma.h's step on high (1 + f) (@S@u_), the
     * close (@S@m_) and low (1 - f) (@S@l_), f = 4 (high - low) / (high +
     * low), unwidened where high + low is within 1e-14 of 0 */
    {"accbands", SMA_DECL("@S@u_", "@A0@") SMA_DECL("@S@m_", "@A0@") SMA_DECL("@S@l_", "@A0@"),
     SMA_RESET("@S@u_", "@A0@") SMA_RESET("@S@m_", "@A0@") SMA_RESET("@S@l_", "@A0@"),
     "    {\n"
     "        double sum = @HIGH@ + @LOW@;\n"
     "        double up = @HIGH@;\n        double down = @LOW@;\n"
     "        double u = 0.0;\n        double m = 0.0;\n        double d = 0.0;\n"
     "        int ok_u = 0;\n        int ok_m = 0;\n        int ok_d = 0;\n"
     "        if (!(sum > -0.00000000000001 && sum < 0.00000000000001)) {\n"
     "            double f = 4.0 * (@HIGH@ - @LOW@) / sum;\n"
     "            up = @HIGH@ * (1.0 + f);\n"
     "            down = @LOW@ * (1.0 - f);\n"
     "        }\n"
     SMA_INLINE("@S@u_", "@A0@", "up", "u", "ok_u", "        ")
     SMA_INLINE("@S@m_", "@A0@", "@CLOSE@", "m", "ok_m", "        ")
     SMA_INLINE("@S@l_", "@A0@", "down", "d", "ok_d", "        ")
     "        @OUT0@ = ok_u ? u : @NAN@;\n"
     "        @OUT1@ = ok_m ? m : @NAN@;\n"
     "        @OUT2@ = ok_d ? d : @NAN@;\n"
     "    }\n", 0},
    /* bbands.c keltner1960_step: sma.h's step on the typical price and on
     * the range (two rings of @A0@ that advance together), bands middle +-
     * width */
    {"keltner1960", "@G@int @S@filled;\n@G@int @S@pos;\n@G@double @S@tp[@A0@];\n"
                    "@G@double @S@rg[@A0@];\n@G@double @S@inv_n;\n@G@double @S@sum_tp;\n"
                    "@G@double @S@sum_rg;\n",
     "    @S@filled = 0;\n    @S@pos = 0;\n    @S@inv_n = 1.0 / @A0@;\n"
     "    @S@sum_tp = 0.0;\n    @S@sum_rg = 0.0;\n",
     "    {\n"
     "        double tp = (@HIGH@ + @LOW@ + @CLOSE@) / 3.0;\n"
     "        double rg = @HIGH@ - @LOW@;\n"
     "        if (@S@filled == @A0@) {\n"
     "            @S@sum_tp += tp - @S@tp[@S@pos];\n"
     "            @S@sum_rg += rg - @S@rg[@S@pos];\n"
     "        } else {\n"
     "            @S@sum_tp += tp;\n            @S@sum_rg += rg;\n            @S@filled++;\n"
     "        }\n"
     RING_SET("@S@tp", "@S@pos", "tp", "        ")
     RING_SET("@S@rg", "@S@pos", "rg", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     "        if (@S@filled < @A0@) {\n" NAN3_AT("            ")
     "        } else {\n"
     "            double m = @S@sum_tp * @S@inv_n;\n"
     "            double w = @S@sum_rg * @S@inv_n;\n"
     "            @OUT0@ = m + w;\n            @OUT1@ = m;\n            @OUT2@ = m - w;\n"
     "        }\n"
     "    }\n", 0},
    /* bbands.c stiffness_step: bbands_step's sums, the band at 0.2 sd (TA-Lib
     * STDDEV's floor: 0 only for a variance <= 0), then the close's
     * flags (1 above the lower band, 2 below the upper) into a ring of @A1@
     * counted as up and down, 100 x count / @A1@ once it is full */
    {"stiffness", RING_DECL("@A0@") "@G@double @S@inv_n;\n@G@double @S@sum;\n@G@double @S@sum2;\n"
                  "@G@int @S@f_filled;\n@G@int @S@f_pos;\n@G@double @S@flags[@A1@];\n"
                  "@G@int @S@up;\n@G@int @S@down;\n",
     RING_RESET "    @S@inv_n = 1.0 / @A0@;\n    @S@sum = 0.0;\n    @S@sum2 = 0.0;\n"
     "    @S@f_filled = 0;\n    @S@f_pos = 0;\n    @S@up = 0;\n    @S@down = 0;\n",
     "    {\n"
     "        int full = 1;\n"
     BBANDS_SUMS
     "        if (!full) {\n"
     "            @OUT0@ = @NAN@;\n            @OUT1@ = @NAN@;\n"
     "        } else {\n"
     "            double mid = @S@sum * @S@inv_n;\n"
     "            double mean2 = @S@sum2 * @S@inv_n - mid * mid;\n"
     "            double sd = mean2 > 0.0 ? @SQRT@(mean2) : 0.0;\n"
     "            double w = sd * 0.2;\n"
     "            double code = (@CLOSE@ > mid - w ? 1.0 : 0.0) + (@CLOSE@ < mid + w ? 2.0 : 0.0);\n"
     "            if (@S@f_filled == @A1@) {\n"
     "                int old = (int)@S@flags[@S@f_pos];\n"
     "                @S@up -= old & 1;\n                @S@down -= old >> 1;\n"
     "            }\n"
     RING_PUSH_IN("@S@flags", "@S@f_pos", "@S@f_filled", "code", "@A1@", "            ")
     "            @S@up += (int)code & 1;\n            @S@down += (int)code >> 1;\n"
     "            if (@S@f_filled < @A1@) {\n"
     "                @OUT0@ = @NAN@;\n                @OUT1@ = @NAN@;\n"
     "            } else {\n"
     "                @OUT0@ = 100.0 * @S@up / @A1@;\n"
     "                @OUT1@ = 100.0 * @S@down / @A1@;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* returns.c returns_push + ret_run / logret_run */
    {"ret", RING_DECL("@NP1@"), RING_RESET,
     "    {\n        double old;\n"
     RING_SET("@S@ring", "@S@pos", "@CLOSE@", "        ")
     RING_ADVANCE("@S@pos", "@NP1@", "        ")
     "        if (@S@filled < @NP1@ - 1) {\n            @S@filled++;\n            old = @NAN@;\n"
     "        } else\n            old = @S@ring[@S@pos];\n"
     "        @OUT0@ = @CLOSE@ / old - 1.0;\n    }\n", 0},
    {"logret", RING_DECL("@NP1@"), RING_RESET,
     "    {\n        double old;\n"
     RING_SET("@S@ring", "@S@pos", "@CLOSE@", "        ")
     RING_ADVANCE("@S@pos", "@NP1@", "        ")
     "        if (@S@filled < @NP1@ - 1) {\n            @S@filled++;\n            old = @NAN@;\n"
     "        } else\n            old = @S@ring[@S@pos];\n"
     "        @OUT0@ = @ISNAN@(old) ? old : @LOG@(@CLOSE@ / old);\n    }\n", 0},
    /* volatility.c vol_step */
    {"vol", RING_DECL("@A0@") "@G@int @S@bad;\n@G@int @S@have_prev;\n"
            "@G@double @S@prev;\n@G@double @S@sum;\n@G@double @S@sum2;\n",
     RING_RESET "    @S@bad = 0;\n    @S@have_prev = 0;\n    @S@prev = 0.0;\n"
                "    @S@sum = 0.0;\n    @S@sum2 = 0.0;\n",
     "    if (!@S@have_prev) {\n"
     "        @S@have_prev = 1;\n        @S@prev = @CLOSE@;\n        @OUT0@ = @NAN@;\n"
     "    } else {\n"
     "        double r = @LOG@(@CLOSE@ / @S@prev);\n"
     "        @S@prev = @CLOSE@;\n"
     "        if (@S@filled == @A0@) {\n"
     "            double old = @S@ring[@S@pos];\n"
     "            if (old - old == 0.0) {\n"
     "                @S@sum -= old;\n                @S@sum2 -= old * old;\n"
     "            } else\n                @S@bad--;\n"
     "        } else\n            @S@filled++;\n"
     "        @S@ring[@S@pos] = r;\n"
     "        if (r - r == 0.0) {\n"
     "            @S@sum += r;\n            @S@sum2 += r * r;\n"
     "        } else {\n"
     "            @S@ring[@S@pos] = @NAN@;\n            @S@bad++;\n"
     "        }\n"
     "        if (++@S@pos == @A0@) {\n"
     "            int i;\n"
     "            @S@pos = 0;\n            @S@sum = 0.0;\n            @S@sum2 = 0.0;\n"
     "            for (i = 0; i < @A0@; i++) {\n"
     "                double v = @S@ring[i];\n"
     "                if (v - v == 0.0) {\n"
     "                    @S@sum += v;\n                    @S@sum2 += v * v;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "        if (@S@filled < @A0@ || @S@bad > 0)\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            double var = (@S@sum2 - @S@sum * (@S@sum / @A0@)) / (@A0@ - 1);\n"
     "            @OUT0@ = var > 0.0 ? @SQRT@(var) : 0.0;\n"
     "        }\n"
     "    }\n", 0},
    /* lag.c lag_step */
    {"lag", RING_DECL("@NP1@"), RING_RESET,
     RING_SET("@S@ring", "@S@pos", "@SRC0@", "    ")
     RING_ADVANCE("@S@pos", "@NP1@", "    ")
     "    if (@S@filled < @NP1@ - 1) {\n"
     "        @S@filled++;\n        @OUT0@ = @NAN@;\n"
     "    } else\n        @OUT0@ = @S@ring[@S@pos];\n", 0},
    /* cross.c cross_step (sources are cleaned values: never +-inf) */
    {"cross", "@G@int @S@have_prev;\n@G@double @S@prev_a;\n@G@double @S@prev_b;\n",
     "    @S@have_prev = 0;\n    @S@prev_a = 0.0;\n    @S@prev_b = 0.0;\n",
     "    {\n"
     "        double a = @SRC0@;\n        double b = @SRC1@;\n"
     "        if (@ISNAN@(a) || @ISNAN@(b)) {\n"
     "            @S@have_prev = 0;\n            @OUT0@ = @NAN@;\n"
     "        } else {\n"
     "            double crossed = 0.0;\n"
     "            if (@S@have_prev) {\n"
     "                if (@S@prev_a <= @S@prev_b && a > b)\n                    crossed = 1.0;\n"
     "                else if (@S@prev_a >= @S@prev_b && a < b)\n                    crossed = -1.0;\n"
     "            }\n"
     "            @S@have_prev = 1;\n            @S@prev_a = a;\n            @S@prev_b = b;\n"
     "            @OUT0@ = crossed;\n"
     "        }\n"
     "    }\n", 0},
    /* order_book.c book_step: the bar's bid/ask volumes, NaN when it has no book */
    {"book", "@G@int @S@pos;\n@G@int @S@filled;\n@G@double @S@ring[5];\n",
     "    @S@pos = 0;\n    @S@filled = 0;\n",
     "    if (@ISNAN@(@BID@) || @ISNAN@(@ASK@)) {\n"
     "        @OUT0@ = @NAN@;\n        @OUT1@ = @NAN@;\n        @OUT2@ = @NAN@;\n"
     "        @OUT3@ = @NAN@;\n        @OUT4@ = @NAN@;\n        @OUT5@ = @NAN@;\n"
     "    } else {\n"
     "        double t = @BID@ + @ASK@;\n"
     "        double bid = 0.0;\n        double ask = 0.0;\n        double imb = 0.0;\n"
     "        double spread = 0.0;\n        double ratio = 0.0;\n"
     "        double sum = 0.0;\n        int j;\n        int m;\n"
     "        if (t > 0.0) {\n"
     "            bid = @BID@ / t;\n            ask = @ASK@ / t;\n"
     "            imb = (@BID@ - @ASK@) / t;\n            spread = ask - bid;\n"
     "            ratio = bid / (ask + 1e-9);\n"
     "        }\n"
     RING_PUSH("imb", "5")
     "        j = @S@filled < 5 ? 0 : @S@pos;\n"
     "        for (m = 0; m < @S@filled; m++) {\n"
     "            sum += @S@ring[j];\n"
     RING_ADVANCE("j", "5", "            ")
     "        }\n"
     "        @OUT0@ = bid;\n        @OUT1@ = ask;\n        @OUT2@ = imb;\n"
     "        @OUT3@ = spread;\n        @OUT4@ = ratio;\n        @OUT5@ = sum / @S@filled;\n"
     "    }\n", 0},
    /* above.c above_run (sources are cleaned values: never +-inf) */
    {"above", "", "",
     "    if (@ISNAN@(@SRC0@) || @ISNAN@(@SRC1@))\n        @OUT0@ = @NAN@;\n"
     "    else\n        @OUT0@ = @SRC0@ > @SRC1@ ? 1.0 : 0.0;\n", 0},
    /* and.c and_run (step.h bc_and_value) */
    {"and", "", "",
     "    if (@ISNAN@(@SRC0@) || @ISNAN@(@SRC1@))\n        @OUT0@ = @NAN@;\n"
     "    else\n        @OUT0@ = @SRC0@ > 0.0 && @SRC1@ > 0.0 ? 1.0 : 0.0;\n", 0},
    /* ratio.c: a / b; the guard gives the NaN the library's non-finite rule
     * makes of a / 0 (MQL5 stops on a zero divide) */
    {"ratio", "", "", "    @OUT0@ = @SRC1@ != 0.0 ? @SRC0@ / @SRC1@ : @NAN@;\n", 0},
    {"max", EXTREME_DECL, EXTREME_RESET, EXTREME_STEP("<="), 0},
    {"min", EXTREME_DECL, EXTREME_RESET, EXTREME_STEP(">="), 0},
    /* rolling_extreme.c vixfix_run: extreme_step's deque on the close, then
     * (hc - low) / hc x 100, NaN where hc is 0 */
    {"vixfix", EXTREME_DECL, EXTREME_RESET,
     "    {\n        double hc = 0.0;\n" EXTREME_STEP_P("<=", "@CLOSE@", "hc")
     "        if (hc == 0.0)\n            @OUT0@ = @NAN@;\n"
     "        else\n            @OUT0@ = (hc - @LOW@) / hc * 100.0;\n"
     "    }\n", 0},
    /* rolling_extreme.c ulcer_run: extreme_step's deque on the close into
     * hc, then sma.h's mean of the squared percentage drawdown (0 where hc
     * is 0) and its root (0 where the mean rounds to 0 or below) */
    {"ulcer", EXTREME_DECL SMA_DECL("@S@m_", "@A0@"), EXTREME_RESET SMA_RESET("@S@m_", "@A0@"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n        double hc = 0.0;\n" EXTREME_STEP_P("<=", "@CLOSE@", "hc")
     "        if (!@ISNAN@(hc)) {\n"
     "            double d = hc == 0.0 ? 0.0 : 100.0 * (@CLOSE@ - hc) / hc;\n"
     "            double sq = d * d;\n"
     "            double m = 0.0;\n            int ok = 0;\n"
     SMA_INLINE("@S@m_", "@A0@", "sq", "m", "ok", "            ")
     "            if (ok)\n                @OUT0@ = m > 0.0 ? @SQRT@(m) : 0.0;\n"
     "        }\n"
     "    }\n", 0},
    /* rank.c rank_step with its scan (the library counts in a treap beyond
     * 512 values; the count is exact either way) */
    {"rank", RING_DECL("@A0@") "@G@@I64@ @S@seen;\n@G@@I64@ @S@last_nan;\n",
     RING_RESET "    @S@seen = 0;\n    @S@last_nan = -1 - (@I64@)@A0@;\n",
     "    {\n"
     "        double x = @SRC0@;\n"
     "        @I64@ i = @S@seen;\n"
     "        int k;\n        int le = 0;\n"
     "        @S@seen = i + 1;\n"
     RING_PUSH("x", "@A0@")
     "        if (@ISNAN@(x))\n            @S@last_nan = i;\n"
     "        if (@S@filled < @A0@ || @S@last_nan > i - @A0@)\n"
     "            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            for (k = 0; k < @A0@; k++)\n"
     "                if (@S@ring[k] <= x)\n                    le++;\n"
     "            @OUT0@ = (double)le / @A0@;\n"
     "        }\n"
     "    }\n", 0},
    /* cci.c cci_step (slot-order sums, TA-Lib's) */
    {"cci", RING_DECL("@A0@") "@G@@I64@ @S@seen;\n",
     RING_RESET "    @S@seen = 0;\n",
     "    {\n"
     "        double tp = (@HIGH@ + @LOW@ + @CLOSE@) / 3.0;\n"
     "        double mean = 0.0;\n        double dev = 0.0;\n"
     "        double d;\n        double level;\n        int k;\n"
     RING_SET("@S@ring", "@S@pos", "tp", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     "        @S@seen = @S@seen + 1;\n"
     "        if (@S@seen < @A0@)\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            for (k = 0; k < @A0@; k++)\n                mean += @S@ring[k];\n"
     "            mean /= @A0@;\n"
     "            for (k = 0; k < @A0@; k++)\n"
     "                dev += @FABS@(@S@ring[k] - mean);\n"
     "            dev /= @A0@;\n"
     "            d = tp - mean;\n            level = @FABS@(mean);\n"
     "            if (@FABS@(d) <= 2e-14 * level || @FABS@(dev) <= 2e-14 * level)\n"
     "                @OUT0@ = 0.0;\n"
     "            else\n                @OUT0@ = d / (0.015 * dev);\n"
     "        }\n"
     "    }\n", 0},
    /* zscore.c zscore_step */
    {"zscore", WINDOW_DECL, WINDOW_RESET,
     WINDOW_PUSH
     "        if (@S@filled < @A0@ || @S@last_nan > i - @A0@ || @S@same >= @A0@)\n"
     "            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            double mean = @S@sum / @A0@;\n"
     "            double var = @S@sum2 / @A0@ - mean * mean;\n"
     "            if (!(var > 0.0))\n                @OUT0@ = @NAN@;\n"
     "            else\n                @OUT0@ = ((x - @S@anchor) - mean) / @SQRT@(var);\n"
     "        }\n"
     "    }\n", 0},
    /* zscore.c mean_step */
    {"mean", WINDOW_DECL, WINDOW_RESET,
     WINDOW_PUSH
     "        if (@S@filled < @A0@ || @S@last_nan > i - @A0@)\n"
     "            @OUT0@ = @NAN@;\n"
     "        else\n            @OUT0@ = @S@anchor + @S@sum / @A0@;\n"
     "    }\n", 0},
    /* step.h bc_since_step */
    {"since", "@G@int @S@have_event;\n@G@double @S@bars;\n",
     "    @S@have_event = 0;\n    @S@bars = 0.0;\n",
     "    {\n"
     "        double e = @SRC0@;\n"
     "        @S@bars += 1.0;\n"
     "        if (e != 0.0 && !@ISNAN@(e)) {\n"
     "            @S@have_event = 1;\n            @S@bars = 0.0;\n"
     "        }\n"
     "        @OUT0@ = @S@have_event && !@ISNAN@(e) ? @S@bars : @NAN@;\n"
     "    }\n", 0},
    /* session.c hour_run, hour_is_run, session_run */
    {"hour", "", "",
     "    {\n"
     "        @I64@ sec = @TIME@ % 86400;\n"
     "        if (sec < 0)\n            sec += 86400;\n"
     "        @OUT0@ = (double)(sec / 60) / 60.0;\n"
     "    }\n", 0},
    /* source: the shared hour node */
    {"hour_is", "", "", "    @OUT0@ = @SRC0@ >= @A0@ && @SRC0@ < @NP1@ ? 1.0 : 0.0;\n", 0},
    {"session", "", "",
     "    if (@A0@ < @A1@)\n"
     "        @OUT0@ = @SRC0@ >= @A0@ && @SRC0@ < @A1@ ? 1.0 : 0.0;\n"
     "    else\n"
     "        @OUT0@ = @SRC0@ >= @A0@ || @SRC0@ < @A1@ ? 1.0 : 0.0;\n", 0},
    /* time_encoding.c time_run: the day split, then the table reads of
     * TIME_PARTS (put_time_step), the tables printed by put_time_tables */
    {"time", "", "", NULL, SPECIAL_TIME},
    /* ---- volume, range and moving-average families ---- */
    /* mfi.c mfi_step */
    {"mfi", "@G@int @S@pos;\n@G@int @S@null_run;\n@G@@I64@ @S@seen;\n@G@double @S@prev_tp;\n"
            "@G@double @S@pos_sum;\n@G@double @S@neg_sum;\n@G@double @S@pos_ring[@A0@];\n"
            "@G@double @S@neg_ring[@A0@];\n",
     "    @S@pos = 0;\n    @S@null_run = 0;\n    @S@seen = 0;\n    @S@prev_tp = 0.0;\n"
     "    @S@pos_sum = 0.0;\n    @S@neg_sum = 0.0;\n",
     "    {\n"
     "        double tp = (@HIGH@ + @LOW@ + @CLOSE@) / 3.0;\n"
     "        double move;\n        double scale;\n        double flow;\n"
     "        double up;\n        double down;\n        double total;\n        double p;\n"
     "        @S@seen = @S@seen + 1;\n"
     "        if (@S@seen == 1) {\n"
     "            @S@prev_tp = tp;\n            @OUT0@ = @NAN@;\n"
     "        } else {\n"
     "            if (@S@seen > @A0@ + 1) {\n"
     "                @S@pos_sum -= @S@pos_ring[@S@pos];\n"
     "                @S@neg_sum -= @S@neg_ring[@S@pos];\n"
     "            }\n"
     "            move = tp - @S@prev_tp;\n"
     "            scale = @FABS@(tp) + @FABS@(@S@prev_tp);\n"
     "            @S@prev_tp = tp;\n"
     "            flow = @FABS@(move) <= 1e-14 * scale ? 0.0 : tp * @VOLUME@;\n"
     "            up = move < 0.0 ? 0.0 : flow;\n"
     "            down = move < 0.0 ? flow : 0.0;\n"
     RING_SET("@S@pos_ring", "@S@pos", "up", "            ")
     RING_SET("@S@neg_ring", "@S@pos", "down", "            ")
     RING_ADVANCE("@S@pos", "@A0@", "            ")
     "            @S@pos_sum += up;\n            @S@neg_sum += down;\n"
     "            @S@null_run = flow == 0.0 ? @S@null_run + 1 : 0;\n"
     "            if (@S@null_run >= @A0@) {\n"
     "                @S@null_run = @A0@;\n"
     "                @S@pos_sum = 0.0;\n                @S@neg_sum = 0.0;\n"
     "            }\n"
     "            if (@S@seen <= @A0@)\n                @OUT0@ = @NAN@;\n"
     "            else {\n"
     "                total = @S@pos_sum + @S@neg_sum;\n"
     "                p = @S@pos_sum < 0.0 ? 0.0 : (@S@pos_sum > total ? total : @S@pos_sum);\n"
     "                @OUT0@ = total <= 0.0 ? 0.0 : 100.0 * (p / total);\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* stoch.c willr_step: the window's extremes by a scan (exact, as the
     * library's blocks), then TA-Lib's WILLR */
    {"willr", "@G@int @S@today;\n@G@int @S@pos;\n@G@double @S@highs[@A0@];\n"
              "@G@double @S@lows[@A0@];\n",
     "    @S@today = 0;\n    @S@pos = 0;\n",
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     "    if (@S@today < @A0@ - 1) {\n"
     "        @S@today++;\n        @OUT0@ = @NAN@;\n"
     "    } else {\n"
     "        double lowest = @S@lows[0];\n        double highest = @S@highs[0];\n"
     "        double diff;\n        int i;\n"
     "        for (i = 1; i < @A0@; i++) {\n"
     "            if (@S@lows[i] < lowest)\n                lowest = @S@lows[i];\n"
     "            if (@S@highs[i] > highest)\n                highest = @S@highs[i];\n"
     "        }\n"
     "        diff = (highest - lowest) / -100.0;\n"
     "        @OUT0@ = diff != 0.0 ? (highest - @CLOSE@) / diff : 0.0;\n"
     "    }\n", 0},
    /* volume_flow.c obv_step */
    {"obv", "@G@@I64@ @S@seen;\n@G@double @S@prev_close;\n@G@double @S@obv;\n",
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n    @S@obv = 0.0;\n",
     "    if (@S@seen == 0)\n        @S@obv = @VOLUME@;\n"
     "    else if (@CLOSE@ > @S@prev_close)\n        @S@obv += @VOLUME@;\n"
     "    else if (@CLOSE@ < @S@prev_close)\n        @S@obv -= @VOLUME@;\n"
     "    @S@seen = @S@seen + 1;\n"
     "    @S@prev_close = @CLOSE@;\n"
     "    @OUT0@ = @S@obv;\n", 0},
    /* volume_flow.c ad_run with ad_flow */
    /* volume_flow.c pvt_run: a NaN close or volume skipped */
    {"pvt", "@G@@I64@ @S@seen;\n@G@double @S@prev_close;\n@G@double @S@pvt;\n",
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n    @S@pvt = 0.0;\n",
     "    if (@ISNAN@(@CLOSE@) || @ISNAN@(@VOLUME@))\n        @OUT0@ = @NAN@;\n"
     "    else {\n"
     "        if (@S@seen > 0 && @S@prev_close != 0.0)\n"
     "            @S@pvt += @VOLUME@ * (@CLOSE@ / @S@prev_close - 1.0);\n"
     "        @S@seen = @S@seen + 1;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "        @OUT0@ = @S@pvt;\n"
     "    }\n", 0},
    /* volume_flow.c nvi_run: a NaN close or volume skipped */
    {"nvi", "@G@@I64@ @S@seen;\n@G@double @S@prev_close;\n@G@double @S@prev_volume;\n"
     "@G@double @S@index;\n",
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n    @S@prev_volume = 0.0;\n"
     "    @S@index = 1000.0;\n",
     "    if (@ISNAN@(@CLOSE@) || @ISNAN@(@VOLUME@))\n        @OUT0@ = @NAN@;\n"
     "    else {\n"
     "        if (@S@seen > 0 && @VOLUME@ < @S@prev_volume && @S@prev_close != 0.0)\n"
     "            @S@index *= @CLOSE@ / @S@prev_close;\n"
     "        @S@seen = @S@seen + 1;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "        @S@prev_volume = @VOLUME@;\n"
     "        @OUT0@ = @S@index;\n"
     "    }\n", 0},
    /* volume_flow.c pvi_run: a NaN close or volume skipped */
    {"pvi", "@G@@I64@ @S@seen;\n@G@double @S@prev_close;\n@G@double @S@prev_volume;\n"
     "@G@double @S@index;\n",
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n    @S@prev_volume = 0.0;\n"
     "    @S@index = 1000.0;\n",
     "    if (@ISNAN@(@CLOSE@) || @ISNAN@(@VOLUME@))\n        @OUT0@ = @NAN@;\n"
     "    else {\n"
     "        if (@S@seen > 0 && @VOLUME@ > @S@prev_volume && @S@prev_close != 0.0)\n"
     "            @S@index *= @CLOSE@ / @S@prev_close;\n"
     "        @S@seen = @S@seen + 1;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "        @S@prev_volume = @VOLUME@;\n"
     "        @OUT0@ = @S@index;\n"
     "    }\n", 0},
    {"ad", "@G@double @S@ad;\n", "    @S@ad = 0.0;\n",
     "    if (@HIGH@ - @LOW@ > 0.0)\n"
     "        @S@ad += (@CLOSE@ - @LOW@ - (@HIGH@ - @CLOSE@)) / (@HIGH@ - @LOW@) * @VOLUME@;\n"
     "    @OUT0@ = @S@ad;\n", 0},
    /* volume_flow.c adosc_step (the library's EMA steps are fused) */
    {"adosc", "@G@@I64@ @S@seen;\n@G@double @S@fast_k;\n@G@double @S@fast_k1;\n"
              "@G@double @S@slow_k;\n@G@double @S@slow_k1;\n@G@double @S@ad;\n"
              "@G@double @S@fast;\n@G@double @S@slow;\n",
     "    @S@seen = 0;\n    @S@fast_k = 2.0 / ((double)@A0@ + 1.0);\n"
     "    @S@fast_k1 = 1.0 - @S@fast_k;\n    @S@slow_k = 2.0 / ((double)@A1@ + 1.0);\n"
     "    @S@slow_k1 = 1.0 - @S@slow_k;\n"
     "    @S@ad = 0.0;\n    @S@fast = 0.0;\n    @S@slow = 0.0;\n",
     "    if (@HIGH@ - @LOW@ > 0.0)\n"
     "        @S@ad += (@CLOSE@ - @LOW@ - (@HIGH@ - @CLOSE@)) / (@HIGH@ - @LOW@) * @VOLUME@;\n"
     "    if (@S@seen == 0) {\n"
     "        @S@fast = @S@ad;\n        @S@slow = @S@ad;\n"
     "    } else {\n"
     "        @S@fast = @S@fast * @S@fast_k1 + @S@ad * @S@fast_k;\n"
     "        @S@slow = @S@slow * @S@slow_k1 + @S@ad * @S@slow_k;\n"
     "    }\n"
     "    @S@seen = @S@seen + 1;\n"
     "    @OUT0@ = @S@seen > (@A0@ > @A1@ ? @A0@ : @A1@) - 1 ? @S@fast - @S@slow : @NAN@;\n", 0},
    /* wma.c wma_step (TA-Lib's running sums, afresh every n bars) */
    {"wma", WMA_DECL("@S@", "@A0@"), WMA_RESET("@S@"),
     WMA_STEP("@S@", "@A0@", "@CLOSE@", "@OUT0@", "    "), 0},
    /* wma.c hma_run: wma(n/2) and wma(n) of the close, the outer
     * wma(floor(sqrt n)) of 2 a - b once wma(n) is defined */
    {"hma", WMA_DECL("@S@h_", "@AH@") WMA_DECL("@S@f_", "@A0@") WMA_DECL("@S@o_", "@AQ@"),
     WMA_RESET("@S@h_") WMA_RESET("@S@f_") WMA_RESET("@S@o_"),
     "    {\n"
     "        double a = 0.0;\n        double b = 0.0;\n        double raw = 0.0;\n"
     WMA_STEP("@S@h_", "@AH@", "@CLOSE@", "a", "        ")
     WMA_STEP("@S@f_", "@A0@", "@CLOSE@", "b", "        ")
     "        if (@ISNAN@(b))\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            raw = 2.0 * a - b;\n"
     WMA_STEP("@S@o_", "@AQ@", "raw", "@OUT0@", "            ")
     "        }\n"
     "    }\n", 0},
    /* ema.c ribbon_step: four ema.h steps (e0_..e3_), then their order */
    {"ribbon", EMA_DECL_P("@S@e0_") EMA_DECL_P("@S@e1_") EMA_DECL_P("@S@e2_")
               EMA_DECL_P("@S@e3_"),
     EMA_RESET_P("@S@e0_", "@A0@") EMA_RESET_P("@S@e1_", "@A1@") EMA_RESET_P("@S@e2_", "@A2@")
     EMA_RESET_P("@S@e3_", "@A3@"),
     "    {\n"
     "        double e0 = 0.0;\n        double e1 = 0.0;\n        double e2 = 0.0;\n"
     "        double e3 = 0.0;\n"
     "        int ok0 = 0;\n        int ok1 = 0;\n        int ok2 = 0;\n        int ok3 = 0;\n"
     EMA_INLINE("@S@e0_", "@A0@", "@CLOSE@", "e0", "ok0", "        ")
     EMA_INLINE("@S@e1_", "@A1@", "@CLOSE@", "e1", "ok1", "        ")
     EMA_INLINE("@S@e2_", "@A2@", "@CLOSE@", "e2", "ok2", "        ")
     EMA_INLINE("@S@e3_", "@A3@", "@CLOSE@", "e3", "ok3", "        ")
     "        if (!ok0 || !ok1 || !ok2 || !ok3)\n            @OUT0@ = @NAN@;\n"
     "        else if (e0 > e1 && e1 > e2 && e2 > e3)\n            @OUT0@ = 1.0;\n"
     "        else if (e0 < e1 && e1 < e2 && e2 < e3)\n            @OUT0@ = -1.0;\n"
     "        else\n            @OUT0@ = 0.0;\n"
     "    }\n", 0},
    /* wma.c multi_ema_step, depth 2 */
    {"dema", EMA_DECL_P("@S@e1_") EMA_DECL_P("@S@e2_"),
     EMA_RESET_P("@S@e1_", "@A0@") EMA_RESET_P("@S@e2_", "@A0@"),
     "    {\n"
     "        double e1 = 0.0;\n        double e2 = 0.0;\n        int ok1 = 0;\n        int ok2 = 0;\n"
     "        @OUT0@ = @NAN@;\n"
     EMA_INLINE("@S@e1_", "@A0@", "@CLOSE@", "e1", "ok1", "        ")
     "        if (ok1) {\n"
     EMA_INLINE("@S@e2_", "@A0@", "e1", "e2", "ok2", "            ")
     "            if (ok2)\n                @OUT0@ = 2.0 * e1 - e2;\n"
     "        }\n"
     "    }\n", 0},
    /* wma.c multi_ema_step, depth 3 */
    {"tema", TEMA_DECL, TEMA_RESET,
     TEMA_CHAIN("                if (ok3)\n                    @OUT0@ = e3 + (3.0 * e1 - 3.0 * e2);\n"),
     0},
    /* wma.c trix_run: tema's chain, then TA-Lib's ROC of e3 */
    {"trix", TEMA_DECL "@G@int @S@has_prev;\n@G@double @S@prev;\n",
     TEMA_RESET "    @S@has_prev = 0;\n    @S@prev = 0.0;\n",
     TEMA_CHAIN("                if (ok3) {\n"
                "                    if (@S@has_prev)\n"
                "                        @OUT0@ = @S@prev != 0.0 ? (e3 / @S@prev - 1.0) * 100.0 : 0.0;\n"
                "                    @S@prev = e3;\n                    @S@has_prev = 1;\n"
                "                }\n"),
     0},
    /* wma.c t3_run: six ema.h EMAs chained on the close, TA-Lib's weights
     * of the volume factor @D@ in its order, c1*e6 + c2*e5 + c3*e4 + c4*e3 */
    {"t3", EMA_DECL_P("@S@e1_") EMA_DECL_P("@S@e2_") EMA_DECL_P("@S@e3_") EMA_DECL_P("@S@e4_")
     EMA_DECL_P("@S@e5_") EMA_DECL_P("@S@e6_"),
     EMA_RESET_P("@S@e1_", "@A0@") EMA_RESET_P("@S@e2_", "@A0@") EMA_RESET_P("@S@e3_", "@A0@")
     EMA_RESET_P("@S@e4_", "@A0@") EMA_RESET_P("@S@e5_", "@A0@") EMA_RESET_P("@S@e6_", "@A0@"),
     "    {\n"
     "        double e1 = 0.0;\n        double e2 = 0.0;\n        double e3 = 0.0;\n"
     "        double e4 = 0.0;\n        double e5 = 0.0;\n        double e6 = 0.0;\n"
     "        int ok1 = 0;\n        int ok2 = 0;\n        int ok3 = 0;\n"
     "        int ok4 = 0;\n        int ok5 = 0;\n        int ok6 = 0;\n"
     "        @OUT0@ = @NAN@;\n"
     EMA_INLINE("@S@e1_", "@A0@", "@CLOSE@", "e1", "ok1", "        ")
     "        if (ok1) {\n"
     EMA_INLINE("@S@e2_", "@A0@", "e1", "e2", "ok2", "            ")
     "        }\n"
     "        if (ok2) {\n"
     EMA_INLINE("@S@e3_", "@A0@", "e2", "e3", "ok3", "            ")
     "        }\n"
     "        if (ok3) {\n"
     EMA_INLINE("@S@e4_", "@A0@", "e3", "e4", "ok4", "            ")
     "        }\n"
     "        if (ok4) {\n"
     EMA_INLINE("@S@e5_", "@A0@", "e4", "e5", "ok5", "            ")
     "        }\n"
     "        if (ok5) {\n"
     EMA_INLINE("@S@e6_", "@A0@", "e5", "e6", "ok6", "            ")
     "        }\n"
     "        if (ok6) {\n"
     "            double vv = @D@ * @D@;\n"
     "            double c1 = -(vv * @D@);\n"
     "            double c2 = 3.0 * (vv - c1);\n"
     "            double c3 = -6.0 * vv - 3.0 * (@D@ - c1);\n"
     "            double c4 = 1.0 + 3.0 * @D@ - c1 + 3.0 * vv;\n"
     "            @OUT0@ = c1 * e6 + c2 * e5 + c3 * e4 + c4 * e3;\n"
     "        }\n"
     "    }\n", 0},
    /* kama.c er_step and kama_step (TA-Lib's sliding sum of moves, in its
     * order); filled counts the closes up to n + 1 */
    {"kama", KAMA_DECL, KAMA_RESET,
     KAMA_STEP("            {\n"
               "                double sc = er * (2.0 / 3.0 - 2.0 / 31.0) + 2.0 / 31.0;\n"
               "                sc *= sc;\n"
               "                @S@kama = (@CLOSE@ - @S@kama) * sc + @S@kama;\n"
               "            }\n"
               "            @OUT0@ = @S@kama;\n"), 0},
    /* kama.c er_step alone: kama's efficiency ratio (er) */
    {"er", KAMA_DECL, KAMA_RESET, KAMA_STEP("            @OUT0@ = er;\n"), 0},
    /* kama.c vhf_step: er's sliding sum under the range of the n closes to
     * this one (this close and the ring but its oldest, ring[pos], not yet
     * replaced here); 0 where the sum is 0 */
    {"vhf", KAMA_DECL, KAMA_RESET,
     KAMA_SUM_STEP("        double hi = @CLOSE@;\n        double lo = @CLOSE@;\n"
                   "        int k = 0;\n",
                   "            for (k = 0; k < @A0@; k++)\n"
                   "                if (k != @S@pos) {\n"
                   "                    hi = @S@ring[k] > hi ? @S@ring[k] : hi;\n"
                   "                    lo = @S@ring[k] < lo ? @S@ring[k] : lo;\n"
                   "                }\n"
                   "            @OUT0@ = @S@sum == 0.0 ? 0.0 : (hi - lo) / @S@sum;\n"), 0},
    /* kama.c linreg_run, the fitted value at the last bar (linreg), the
     * slope (linregslope) and the residuals' standard error (linregse):
     * each window summed afresh, the oldest first */
    {"linreg", RING_DECL("@A0@"), RING_RESET, LINREG_STEP(0), 0},
    {"linregslope", RING_DECL("@A0@"), RING_RESET, LINREG_STEP(1), 0},
    {"linregse", RING_DECL("@A0@"), RING_RESET, LINREG_SE_STEP, 0},
    /* kama.c linreg_run, tsf: TA-Lib TSF, the line one bar ahead b + m n */
    {"tsf", RING_DECL("@A0@"), RING_RESET,
     LINREG_BODY("", "            @OUT0@ = (sy - m * sx) / dp + m * dp;\n"), 0},
    /* stoch.c aroon_loop (aroon) */
    {"aroon", AROON_DECL, AROON_RESET,
     AROON_STEP("            @OUT0@ = (100.0 / (double)@A0@) * ((double)@A0@ - (double)(@S@today - @S@hi_at));\n"
                "            @OUT1@ = (100.0 / (double)@A0@) * ((double)@A0@ - (double)(@S@today - @S@lo_at));\n",
                "            @OUT0@ = @NAN@;\n            @OUT1@ = @NAN@;\n"), 0},
    /* stoch.c aroon_loop (aroonosc) */
    {"aroonosc", AROON_DECL, AROON_RESET,
     AROON_STEP("            @OUT0@ = (100.0 / (double)@A0@) * (double)(@S@hi_at - @S@lo_at);\n",
                "            @OUT0@ = @NAN@;\n"), 0},
    /* ---- window-extreme families ---- */
    /* stoch.c midprice_step (the window scanned as TA-Lib's MIDPRICE does) */
    {"midprice", "@G@int @S@today;\n@G@int @S@pos;\n@G@double @S@highs[@A0@];\n"
                 "@G@double @S@lows[@A0@];\n",
     "    @S@today = 0;\n    @S@pos = 0;\n",
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     "    if (@S@today < @A0@ - 1) {\n"
     "        @S@today++;\n        @OUT0@ = @NAN@;\n"
     "    } else {\n"
     "        double lowest = @S@lows[0];\n        double highest = @S@highs[0];\n"
     "        int i;\n"
     "        for (i = 1; i < @A0@; i++) {\n"
     "            if (@S@lows[i] < lowest)\n                lowest = @S@lows[i];\n"
     "            if (@S@highs[i] > highest)\n                highest = @S@highs[i];\n"
     "        }\n"
     "        @OUT0@ = (highest + lowest) / 2.0;\n"
     "    }\n", 0},
    /* stoch.c stochrsi_step: rsi.h's rsi (@S@r_), the ring of its last k
     * values scanned for the extremes (TA-Lib STOCHF), the SMA %D */
    {"stochrsi", RSI_DECL("@S@r_") "@G@int @S@today;\n@G@int @S@pos;\n@G@double @S@vals[@A1@];\n"
                 SMA_DECL("@S@d_", "@A2@"),
     RSI_RESET("@S@r_", "@A0@") "    @S@today = 0;\n    @S@pos = 0;\n" SMA_RESET("@S@d_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        double rsi_value = 0.0;\n"
     RSI_BLOCK("@S@r_", "@A0@", "rsi_value", "        ")
     "        if (!(@ISNAN@(rsi_value))) {\n"
     RING_SET("@S@vals", "@S@pos", "rsi_value", "            ")
     RING_ADVANCE("@S@pos", "@A1@", "            ")
     RING_COUNT("@S@today", "@A1@ - 1", "            ")
     "            else {\n"
     "                double lowest = @S@vals[0];\n                double highest = @S@vals[0];\n"
     "                double diff;\n                double fast_k;\n"
     "                double fast_d = 0.0;\n                int d_ok = 0;\n                int i;\n"
     "                for (i = 1; i < @A1@; i++) {\n"
     "                    if (@S@vals[i] < lowest)\n                        lowest = @S@vals[i];\n"
     "                    if (@S@vals[i] > highest)\n                        highest = @S@vals[i];\n"
     "                }\n"
     "                diff = (highest - lowest) / 100.0;\n"
     "                fast_k = diff != 0.0 ? (rsi_value - lowest) / diff : 0.0;\n"
     SMA_INLINE("@S@d_", "@A2@", "fast_k", "fast_d", "d_ok", "                ")
     "                if (d_ok) {\n"
     "                    @OUT0@ = fast_k;\n                    @OUT1@ = fast_d;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ---- parabolic SAR ---- */
    /* sar.c sar_step / sar_next (@D@ the acceleration, @D1@ the maximum);
     * the step multiplies and adds where the kernel calls fma() */
    {"sar", "@G@int @S@count;\n@G@int @S@is_long;\n@G@double @S@af;\n@G@double @S@ep;\n"
            "@G@double @S@sar;\n@G@double @S@prev_high;\n@G@double @S@prev_low;\n",
     "    @S@count = 0;\n    @S@is_long = 0;\n    @S@af = 0.0;\n    @S@ep = 0.0;\n"
     "    @S@sar = 0.0;\n    @S@prev_high = 0.0;\n    @S@prev_low = 0.0;\n",
     "    if (@S@count == 0) {\n"
     "        @S@count = 1;\n"
     "        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     "        @OUT0@ = @NAN@;\n"
     "    } else {\n"
     "        double sar;\n        double prev_high;\n        double prev_low;\n"
     "        if (@S@count == 1) {\n"
     "            double diff_plus = @HIGH@ - @S@prev_high;\n"
     "            double diff_minus = @S@prev_low - @LOW@;\n"
     "            @S@count = 2;\n"
     "            @S@is_long = (diff_minus > 0.0 && diff_plus < diff_minus) ? 0 : 1;\n"
     "            @S@af = @D@;\n"
     "            if (@S@is_long) {\n"
     "                @S@ep = @HIGH@;\n                @S@sar = @S@prev_low;\n"
     "            } else {\n"
     "                @S@ep = @LOW@;\n                @S@sar = @S@prev_high;\n"
     "            }\n"
     "            @S@prev_high = @HIGH@;\n            @S@prev_low = @LOW@;\n"
     "        }\n"
     "        sar = @S@sar;\n"
     "        prev_high = @S@prev_high;\n        prev_low = @S@prev_low;\n"
     "        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     "        if (@S@is_long) {\n"
     "            if (@LOW@ <= sar) {\n"
     "                @S@is_long = 0;\n"
     "                sar = @S@ep;\n"
     "                if (sar < prev_high)\n                    sar = prev_high;\n"
     "                if (sar < @HIGH@)\n                    sar = @HIGH@;\n"
     "                @OUT0@ = sar;\n"
     "                @S@af = @D@;\n                @S@ep = @LOW@;\n"
     "                sar = sar + @S@af * (@S@ep - sar);\n"
     "                if (sar < prev_high)\n                    sar = prev_high;\n"
     "                if (sar < @HIGH@)\n                    sar = @HIGH@;\n"
     "            } else {\n"
     "                @OUT0@ = sar;\n"
     "                if (@HIGH@ > @S@ep) {\n"
     "                    @S@ep = @HIGH@;\n                    @S@af += @D@;\n"
     "                    if (@S@af > @D1@)\n                        @S@af = @D1@;\n"
     "                }\n"
     "                sar = sar + @S@af * (@S@ep - sar);\n"
     "                if (sar > prev_low)\n                    sar = prev_low;\n"
     "                if (sar > @LOW@)\n                    sar = @LOW@;\n"
     "            }\n"
     "        } else if (@HIGH@ >= sar) {\n"
     "            @S@is_long = 1;\n"
     "            sar = @S@ep;\n"
     "            if (sar > prev_low)\n                sar = prev_low;\n"
     "            if (sar > @LOW@)\n                sar = @LOW@;\n"
     "            @OUT0@ = sar;\n"
     "            @S@af = @D@;\n            @S@ep = @HIGH@;\n"
     "            sar = sar + @S@af * (@S@ep - sar);\n"
     "            if (sar > prev_low)\n                sar = prev_low;\n"
     "            if (sar > @LOW@)\n                sar = @LOW@;\n"
     "        } else {\n"
     "            @OUT0@ = sar;\n"
     "            if (@LOW@ < @S@ep) {\n"
     "                @S@ep = @LOW@;\n                @S@af += @D@;\n"
     "                if (@S@af > @D1@)\n                    @S@af = @D1@;\n"
     "            }\n"
     "            sar = sar + @S@af * (@S@ep - sar);\n"
     "            if (sar < prev_high)\n                sar = prev_high;\n"
     "            if (sar < @HIGH@)\n                sar = @HIGH@;\n"
     "        }\n"
     "        @S@sar = sar;\n"
     "    }\n", 0},
    /* ---- session-anchored extremes of the day ---- */
    {"dayhigh", DAY_EXTREME_DECL, DAY_EXTREME_RESET, DAY_EXTREME("@HIGH@", ">"), 0},
    {"daylow", DAY_EXTREME_DECL, DAY_EXTREME_RESET, DAY_EXTREME("@LOW@", "<"), 0},
    /* ---- a bar's place in its calendar period (calendar.c calendar_step) ---- */
    {"monthbar", CALENDAR_DECL, CALENDAR_RESET,
     CALENDAR_STEP("        @I64@ z = days + 719468;\n"
                   "        @I64@ era;\n        @I64@ doe;\n        @I64@ yoe;\n        @I64@ doy;\n"
                   "        era = (z >= 0 ? z : z - 146096) / 146097;\n"
                   "        doe = z - era * 146097;\n"
                   "        yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;\n"
                   "        doy = doe - (365 * yoe + yoe / 4 - yoe / 100);\n"
                   "        period = (era * 400 + yoe) * 12 + (5 * doy + 2) / 153;\n"), 0},
    {"weekbar", CALENDAR_DECL, CALENDAR_RESET,
     CALENDAR_STEP("        @I64@ z = days + 3;\n"
                   "        period = z >= 0 ? z / 7 : -((-z + 6) / 7);\n"), 0},
    /* ---- the previous day's levels ---- */
    {"prevday", PREVDAY_DECL, PREVDAY_RESET,
     PREVDAY_STEP "    @OUT0@ = @S@prev[0];\n    @OUT1@ = @S@prev[1];\n"
                  "    @OUT2@ = @S@prev[2];\n    @OUT3@ = @S@prev[3];\n", 0},
    {"prevweek", PREVDAY_DECL, PREVDAY_RESET,
     PREVWEEK_STEP "    @OUT0@ = @S@prev[0];\n    @OUT1@ = @S@prev[1];\n"
                   "    @OUT2@ = @S@prev[2];\n    @OUT3@ = @S@prev[3];\n", 0},
    {"dayema", DAYEMA_DECL, DAYEMA_RESET,
     PREVDAY_STEP_HOOKED("", DAYEMA_HOOK) "    @OUT0@ = @S@value;\n", 0},
    {"weekema", DAYEMA_DECL, DAYEMA_RESET,
     PREVDAY_STEP_HOOKED(WEEK_KEY, DAYEMA_HOOK) "    @OUT0@ = @S@value;\n", 0},
    {"weekmacd", WEEKMACD_DECL, WEEKMACD_RESET,
     PREVDAY_STEP_HOOKED(WEEK_KEY, WEEKMACD_HOOK)
     "    @OUT0@ = @S@out[0];\n    @OUT1@ = @S@out[1];\n    @OUT2@ = @S@out[2];\n"
     "    @OUT3@ = @S@out[3];\n", 0},
    {"pivot", PREVDAY_DECL, PREVDAY_RESET,
     PREVDAY_STEP "    {\n"
                  "        double h = @S@prev[1];\n        double l = @S@prev[2];\n"
                  "        double p = (h + l + @S@prev[3]) / 3.0;\n"
                  "        @OUT0@ = p;\n        @OUT1@ = 2.0 * p - l;\n"
                  "        @OUT2@ = 2.0 * p - h;\n        @OUT3@ = p + (h - l);\n"
                  "        @OUT4@ = p - (h - l);\n        @OUT5@ = h + 2.0 * (p - l);\n"
                  "        @OUT6@ = l - 2.0 * (h - p);\n"
                  "    }\n", 0},
    /* prevday.c camarilla_levels on its days (Sundays enter no day) */
    {"camarilla", PREVDAY_DECL, PREVDAY_RESET,
     CAMARILLA_STEP "    {\n"
                  "        double c = @S@prev[3];\n"
                  "        double w1 = 1.1 * (@S@prev[1] - @S@prev[2]) / 12.0;\n"
                  "        double w2 = 1.1 * (@S@prev[1] - @S@prev[2]) / 6.0;\n"
                  "        double w3 = 1.1 * (@S@prev[1] - @S@prev[2]) / 4.0;\n"
                  "        double w4 = 1.1 * (@S@prev[1] - @S@prev[2]) / 2.0;\n"
                  "        @OUT0@ = c + w1;\n        @OUT1@ = c + w2;\n"
                  "        @OUT2@ = c + w3;\n        @OUT3@ = c + w4;\n"
                  "        @OUT4@ = c - w1;\n        @OUT5@ = c - w2;\n"
                  "        @OUT6@ = c - w3;\n        @OUT7@ = c - w4;\n"
                  "    }\n", 0},
    /* prevday.c rbreaker_levels on camarilla's days (Sundays enter no day) */
    {"rbreaker", PREVDAY_DECL, PREVDAY_RESET,
     CAMARILLA_STEP "    {\n"
                  "        double h = @S@prev[1];\n        double l = @S@prev[2];\n"
                  "        double c = @S@prev[3];\n"
                  "        double ss = h + 0.35 * (c - l);\n"
                  "        double bs = l - 0.35 * (h - c);\n"
                  "        double mid = 1.07 / 2.0 * (h + l);\n"
                  "        @OUT0@ = ss;\n        @OUT1@ = bs;\n"
                  "        @OUT2@ = mid - 0.07 * l;\n        @OUT3@ = mid - 0.07 * h;\n"
                  "        @OUT4@ = ss + 0.25 * (ss - bs);\n"
                  "        @OUT5@ = bs - 0.25 * (ss - bs);\n"
                  "    }\n", 0},
    /* prevday.c dmpivot_levels on camarilla's days (Sundays enter no day);
     * a NaN open or close weighs nothing (x NaN), as the kernel's */
    {"dmpivot", PREVDAY_DECL, PREVDAY_RESET,
     CAMARILLA_STEP "    {\n"
                  "        double o = @S@prev[0];\n        double h = @S@prev[1];\n"
                  "        double l = @S@prev[2];\n        double c = @S@prev[3];\n"
                  "        double x = @NAN@;\n"
                  "        if (c < o)\n            x = h + 2.0 * l + c;\n"
                  "        else if (c > o)\n            x = 2.0 * h + l + c;\n"
                  "        else if (c == o)\n            x = h + l + 2.0 * c;\n"
                  "        @OUT0@ = x / 4.0;\n        @OUT1@ = x / 2.0 - l;\n"
                  "        @OUT2@ = x / 2.0 - h;\n"
                  "    }\n", 0},
    /* ---- vwap.c vwap_step: the UTC day's volume-weighted typical price ---- */
    {"vwap", "@G@@I64@ @S@day;\n@G@int @S@seen;\n@G@double @S@pv;\n@G@double @S@vol;\n",
     "    @S@day = 0;\n    @S@seen = 0;\n    @S@pv = 0.0;\n    @S@vol = 0.0;\n",
     "    {\n"
     "        @I64@ t = @TIME@;\n"
     "        @I64@ sec = t % 86400;\n"
     "        @I64@ day;\n"
     "        if (sec < 0)\n            sec += 86400;\n"
     "        day = (t - sec) / 86400;\n"
     "        if (@S@seen == 0 || day != @S@day) {\n"
     "            @S@seen = 1;\n            @S@day = day;\n"
     "            @S@pv = 0.0;\n            @S@vol = 0.0;\n"
     "        }\n"
     "        @S@pv += (@HIGH@ + @LOW@ + @CLOSE@) / 3.0 * @VOLUME@;\n"
     "        @S@vol += @VOLUME@;\n"
     "        @OUT0@ = @S@vol > 0.0 ? @S@pv / @S@vol : @NAN@;\n"
     "    }\n", 0},
    /* ---- Williams' ultimate oscillator ---- */
    /* ultosc.c ultosc_step: @AS0@..@AS2@ the sorted periods */
    {"ultosc", "@G@int @S@pos;\n@G@@I64@ @S@seen;\n@G@double @S@prev_close;\n"
               "@G@int @S@period[3];\n@G@double @S@pressure_sum[3];\n@G@double @S@range_sum[3];\n"
               "@G@double @S@pressure[@AS2@];\n@G@double @S@range[@AS2@];\n",
     "    @S@pos = 0;\n    @S@seen = 0;\n    @S@prev_close = 0.0;\n"
     "    @S@period[0] = @AS0@;\n    @S@period[1] = @AS1@;\n    @S@period[2] = @AS2@;\n"
     "    {\n        int k;\n        for (k = 0; k < 3; k++) {\n"
     "            @S@pressure_sum[k] = 0.0;\n            @S@range_sum[k] = 0.0;\n"
     "        }\n    }\n",
     "    {\n"
     "        @I64@ t = @S@seen;\n"
     "        int k;\n"
     "        @S@seen = t + 1;\n"
     "        if (t == 0) {\n"
     "            @S@prev_close = @CLOSE@;\n            @OUT0@ = @NAN@;\n"
     "        } else {\n"
     "            double true_low = @LOW@ < @S@prev_close ? @LOW@ : @S@prev_close;\n"
     "            double r = @HIGH@ - @LOW@;\n"
     "            double d = @FABS@(@S@prev_close - @HIGH@);\n"
     "            double pressure;\n            double value;\n"
     "            int pos = @S@pos;\n            int old;\n"
     "            if (d > r)\n                r = d;\n"
     "            d = @FABS@(@S@prev_close - @LOW@);\n"
     "            if (d > r)\n                r = d;\n"
     "            pressure = @CLOSE@ - true_low;\n"
     "            @S@prev_close = @CLOSE@;\n"
     "            @S@pressure[pos] = pressure;\n            @S@range[pos] = r;\n"
     "            @S@pos = pos + 1 == @AS2@ ? 0 : pos + 1;\n"
     "            for (k = 0; k < 3; k++)\n"
     "                if (t >= @AS2@ - @S@period[k] + 1) {\n"
     "                    @S@pressure_sum[k] += pressure;\n"
     "                    @S@range_sum[k] += r;\n"
     "                }\n"
     "            if (t < @AS2@)\n                @OUT0@ = @NAN@;\n"
     "            else {\n"
     "                value = 0.0;\n"
     "                if (@S@range_sum[0] != 0.0)\n"
     "                    value += 4.0 * (@S@pressure_sum[0] / @S@range_sum[0]);\n"
     "                if (@S@range_sum[1] != 0.0)\n"
     "                    value += 2.0 * (@S@pressure_sum[1] / @S@range_sum[1]);\n"
     "                if (@S@range_sum[2] != 0.0)\n"
     "                    value += @S@pressure_sum[2] / @S@range_sum[2];\n"
     "                @OUT0@ = 100.0 * (value / 7.0);\n"
     "                for (k = 0; k < 3; k++) {\n"
     "                    old = pos - (@S@period[k] - 1);\n"
     "                    if (old < 0)\n                        old += @AS2@;\n"
     "                    @S@pressure_sum[k] -= @S@pressure[old];\n"
     "                    @S@range_sum[k] -= @S@range[old];\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ---- Heikin-Ashi candles ---- */
    /* heikinashi.c heikinashi_step */
    {"heikinashi", "@G@int @S@seen;\n@G@double @S@open;\n@G@double @S@close;\n",
     "    @S@seen = 0;\n    @S@open = 0.0;\n    @S@close = 0.0;\n",
     "    {\n"
     "        double ha_close = (@OPEN@ + @HIGH@ + @LOW@ + @CLOSE@) / 4.0;\n"
     "        double ha_open = @S@seen ? (@S@open + @S@close) / 2.0 : (@OPEN@ + @CLOSE@) / 2.0;\n"
     "        double ha_high = @HIGH@;\n        double ha_low = @LOW@;\n"
     "        if (ha_open > ha_high)\n            ha_high = ha_open;\n"
     "        if (ha_close > ha_high)\n            ha_high = ha_close;\n"
     "        if (ha_open < ha_low)\n            ha_low = ha_open;\n"
     "        if (ha_close < ha_low)\n            ha_low = ha_close;\n"
     "        @S@seen = 1;\n        @S@open = ha_open;\n        @S@close = ha_close;\n"
     "        @OUT0@ = ha_open;\n        @OUT1@ = ha_high;\n"
     "        @OUT2@ = ha_low;\n        @OUT3@ = ha_close;\n"
     "    }\n", 0},
    /* ---- candle shape (tenth session) ---- */
    /* candle.c candle_run */
    {"candle", "", "",
     "    {\n"
     "        double top = @OPEN@ > @CLOSE@ ? @OPEN@ : @CLOSE@;\n"
     "        double bottom = @OPEN@ > @CLOSE@ ? @CLOSE@ : @OPEN@;\n"
     "        @OUT0@ = top - bottom;\n        @OUT1@ = @HIGH@ - top;\n"
     "        @OUT2@ = bottom - @LOW@;\n"
     "    }\n", 0},
    /* ---- Elder-ray and force index (eleventh session) ---- */
    /* elder.c elderray_run: one ema of the close, both lines */
    {"elderray", EMA_DECL_P("@S@e_"), EMA_RESET_P("@S@e_", "@A0@"),
     "    {\n"
     "        double m = @NAN@;\n        int ok = 0;\n"
     EMA_INLINE("@S@e_", "@A0@", "@CLOSE@", "m", "ok", "        ")
     "        if (!ok)\n            m = @NAN@;\n"
     "        @OUT0@ = @HIGH@ - m;\n        @OUT1@ = @LOW@ - m;\n"
     "    }\n", 0},
    /* elder.c force_run: the ema of (close - close@1) x volume from bar 1 */
    {"force", "@G@@I64@ @S@seen;\n@G@double @S@prev_close;\n" EMA_DECL_P("@S@e_"),
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n" EMA_RESET_P("@S@e_", "@A0@"),
     "    {\n"
     "        double f = @NAN@;\n        int ok = 0;\n"
     "        if (@S@seen > 0) {\n"
     "            double raw = (@CLOSE@ - @S@prev_close) * @VOLUME@;\n"
     EMA_INLINE("@S@e_", "@A0@", "raw", "f", "ok", "            ")
     "        }\n"
     "        if (!ok)\n            f = @NAN@;\n"
     "        @S@seen++;\n        @S@prev_close = @CLOSE@;\n"
     "        @OUT0@ = f;\n"
     "    }\n", 0},
    /* elder.c thermo_run: temp = max(high - high@1, low@1 - low, 0) from
     * bar 1, its ema, temp / ema (1 where the ema is 0); both NaN until the
     * ema is seeded */
    {"thermo", "@G@@I64@ @S@seen;\n@G@double @S@prev_high;\n@G@double @S@prev_low;\n"
     EMA_DECL_P("@S@e_"),
     "    @S@seen = 0;\n    @S@prev_high = 0.0;\n    @S@prev_low = 0.0;\n"
     EMA_RESET_P("@S@e_", "@A0@"),
     "    {\n"
     "        double temp = @NAN@;\n        double ratio = @NAN@;\n"
     "        if (@S@seen > 0) {\n"
     "            double up = @HIGH@ - @S@prev_high;\n"
     "            double down = @S@prev_low - @LOW@;\n"
     "            double t = up > down ? up : down;\n"
     "            double avg = 0.0;\n            int ok = 0;\n"
     "            if (!(t > 0.0))\n                t = 0.0;\n"
     EMA_INLINE("@S@e_", "@A0@", "t", "avg", "ok", "            ")
     "            if (ok) {\n"
     "                temp = t;\n"
     "                ratio = avg > 0.0 ? t / avg : 1.0;\n"
     "            }\n"
     "        }\n"
     "        @S@seen++;\n        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     "        @OUT0@ = temp;\n        @OUT1@ = ratio;\n"
     "    }\n", 0},
    /* ---- true strength index and balance of power (twelfth session) ---- */
    /* tsi.c tsi_step: ema(r) then ema(s) of d and of |d|, the line, ema(k)
     * of the line */
    {"tsi", "@G@int @S@seen;\n@G@double @S@prev_close;\n" EMA_DECL_P("@S@mr_")
     EMA_DECL_P("@S@ar_") EMA_DECL_P("@S@ms_") EMA_DECL_P("@S@as_") EMA_DECL_P("@S@g_"),
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n" EMA_RESET_P("@S@mr_", "@A0@")
     EMA_RESET_P("@S@ar_", "@A0@") EMA_RESET_P("@S@ms_", "@A1@") EMA_RESET_P("@S@as_", "@A1@")
     EMA_RESET_P("@S@g_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    if (@S@seen == 0) {\n"
     "        @S@seen = 1;\n        @S@prev_close = @CLOSE@;\n"
     "    } else {\n"
     "        double d = @CLOSE@ - @S@prev_close;\n"
     "        double ad = @FABS@(d);\n"
     TSI_LOCALS
     "        @S@prev_close = @CLOSE@;\n"
     TSI_CHAIN
     "    }\n", 0},
    /* tsi.c eco_step: Blau's ergodic candlestick oscillator, tsi's chains on
     * the body close - open and the range high - low from bar 0 */
    {"eco", EMA_DECL_P("@S@mr_") EMA_DECL_P("@S@ar_") EMA_DECL_P("@S@ms_") EMA_DECL_P("@S@as_")
     EMA_DECL_P("@S@g_"),
     EMA_RESET_P("@S@mr_", "@A0@") EMA_RESET_P("@S@ar_", "@A0@") EMA_RESET_P("@S@ms_", "@A1@")
     EMA_RESET_P("@S@as_", "@A1@") EMA_RESET_P("@S@g_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        double d = @CLOSE@ - @OPEN@;\n"
     "        double ad = @HIGH@ - @LOW@;\n"
     TSI_LOCALS
     TSI_CHAIN
     "    }\n", 0},
    /* tsi.c dti_step: Blau's directional trend index, ema(@A0@), ema(@A1@)
     * and ema(@A2@) of d = hmu - lmd and of |d| from bar 1, 100 x their
     * ratio once the third is seeded (0 where its |d| average is 0) */
    {"dti", "@G@int @S@seen;\n@G@double @S@prev_high;\n@G@double @S@prev_low;\n"
     EMA_DECL_P("@S@mr_") EMA_DECL_P("@S@ar_") EMA_DECL_P("@S@ms_") EMA_DECL_P("@S@as_")
     EMA_DECL_P("@S@mu_") EMA_DECL_P("@S@au_"),
     "    @S@seen = 0;\n    @S@prev_high = 0.0;\n    @S@prev_low = 0.0;\n"
     EMA_RESET_P("@S@mr_", "@A0@") EMA_RESET_P("@S@ar_", "@A0@") EMA_RESET_P("@S@ms_", "@A1@")
     EMA_RESET_P("@S@as_", "@A1@") EMA_RESET_P("@S@mu_", "@A2@") EMA_RESET_P("@S@au_", "@A2@"),
     "    @OUT0@ = @NAN@;\n"
     "    if (@S@seen == 0) {\n"
     "        @S@seen = 1;\n        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     "    } else {\n"
     "        double hmu = @HIGH@ - @S@prev_high;\n"
     "        double lmd = @S@prev_low - @LOW@;\n"
     "        double d = (hmu > 0.0 ? hmu : 0.0) - (lmd > 0.0 ? lmd : 0.0);\n"
     "        double ad = @FABS@(d);\n"
     "        double m = 0.0;\n        double a = 0.0;\n"
     "        double m2 = 0.0;\n        double a2 = 0.0;\n"
     "        double m3 = 0.0;\n        double a3 = 0.0;\n"
     "        int ok_m = 0;\n        int ok_a = 0;\n        int ok_m2 = 0;\n"
     "        int ok_a2 = 0;\n        int ok_m3 = 0;\n        int ok_a3 = 0;\n"
     "        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     EMA_INLINE("@S@mr_", "@A0@", "d", "m", "ok_m", "        ")
     EMA_INLINE("@S@ar_", "@A0@", "ad", "a", "ok_a", "        ")
     "        if (ok_m && ok_a) {\n"
     EMA_INLINE("@S@ms_", "@A1@", "m", "m2", "ok_m2", "            ")
     EMA_INLINE("@S@as_", "@A1@", "a", "a2", "ok_a2", "            ")
     "            if (ok_m2 && ok_a2) {\n"
     EMA_INLINE("@S@mu_", "@A2@", "m2", "m3", "ok_m3", "                ")
     EMA_INLINE("@S@au_", "@A2@", "a2", "a3", "ok_a3", "                ")
     "                if (ok_m3 && ok_a3)\n"
     "                    @OUT0@ = a3 != 0.0 ? 100.0 * m3 / a3 : 0.0;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* qqe.c qqe_step: rsi.h's rsi(@A0@) (@S@r_), its ema(@A1@) the line
     * (@S@s_), from the line's second bar the double ema(2 @A0@ - 1) of its
     * moves (@S@e1_, @S@e2_) times @D@ (dar), and the trail on the line */
    {"qqe", RSI_DECL("@S@r_") EMA_DECL_P("@S@s_") EMA_DECL_P("@S@e1_") EMA_DECL_P("@S@e2_")
     "@G@int @S@has_prev;\n@G@int @S@has_trail;\n@G@double @S@prev_line;\n@G@double @S@trail;\n",
     RSI_RESET("@S@r_", "@A0@") EMA_RESET_P("@S@s_", "@A1@")
     EMA_RESET_P("@S@e1_", "(2 * @A0@ - 1)") EMA_RESET_P("@S@e2_", "(2 * @A0@ - 1)")
     "    @S@has_prev = 0;\n    @S@has_trail = 0;\n    @S@prev_line = 0.0;\n    @S@trail = 0.0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        double rsi_value = 0.0;\n        double v = 0.0;\n        double e = 0.0;\n"
     "        double e2 = 0.0;\n        int ok_v = 0;\n        int ok_e = 0;\n        int ok_e2 = 0;\n"
     RSI_BLOCK("@S@r_", "@A0@", "rsi_value", "        ")
     "        if (!(@ISNAN@(rsi_value))) {\n"
     EMA_INLINE("@S@s_", "@A1@", "rsi_value", "v", "ok_v", "            ")
     "        }\n"
     "        if (ok_v) {\n"
     "            double v1 = @S@prev_line;\n"
     "            @S@prev_line = v;\n"
     "            if (@S@has_prev == 0)\n"
     "                @S@has_prev = 1;\n"
     "            else {\n"
     "                double ad = @FABS@(v - v1);\n"
     EMA_INLINE("@S@e1_", "(2 * @A0@ - 1)", "ad", "e", "ok_e", "                ")
     "                if (ok_e) {\n"
     EMA_INLINE("@S@e2_", "(2 * @A0@ - 1)", "e", "e2", "ok_e2", "                    ")
     "                }\n"
     "                if (ok_e2) {\n"
     "                    double dar = e2 * @D@;\n"
     "                    double p = @S@trail;\n"
     "                    double t = p;\n"
     "                    if (@S@has_trail == 0) {\n"
     "                        @S@has_trail = 1;\n"
     "                        t = v - dar;\n"
     "                    } else if (v < p) {\n"
     "                        t = v + dar;\n"
     "                        if (v1 < p && p < t)\n"
     "                            t = p;\n"
     "                    } else if (v > p) {\n"
     "                        t = v - dar;\n"
     "                        if (v1 > p && p > t)\n"
     "                            t = p;\n"
     "                    }\n"
     "                    @S@trail = t;\n"
     "                    @OUT0@ = v;\n"
     "                    @OUT1@ = t;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* candle.c bop_run: TA-Lib's BOP, 0 where the range is not above 0 */
    {"bop", "", "",
     "    {\n"
     "        double range = @HIGH@ - @LOW@;\n"
     "        @OUT0@ = range > 0.0 ? (@CLOSE@ - @OPEN@) / range : 0.0;\n"
     "    }\n", 0},
    /* harami.c harami_run: TA-Lib's CDLHARAMI as its side (harami.h's step,
     * HARAMI_STEP) */
    {"harami", HARAMI_DECL, HARAMI_RESET,
     "    {\n"
     "        int code;\n"
     "        double colour1;\n"
     HARAMI_STEP
     "        @OUT0@ = code < 0 ? @NAN@ : (code == 0 ? 0.0 : -colour1);\n"
     "    }\n", 0},
    /* threeinside.c threeinside_run: TA-Lib's CDL3INSIDE over 100; harami.h's
     * step fed bars up to the one before (its result and first colour kept),
     * the opens of the two bars before */
    {"cdl3inside", HARAMI_DECL "@G@int @S@code1;\n@G@double @S@colour2;\n"
                   "@G@double @S@open1;\n@G@double @S@open2;\n",
     HARAMI_RESET "    @S@code1 = -1;\n    @S@colour2 = 0.0;\n"
     "    @S@open1 = 0.0;\n    @S@open2 = 0.0;\n",
     "    {\n"
     "        int code;\n"
     "        double colour1;\n"
     "        double v = @NAN@;\n"
     "        if (@S@code1 >= 0) {\n"
     "            double colour = @CLOSE@ >= @OPEN@ ? 1.0 : -1.0;\n"
     "            v = 0.0;\n"
     "            if (@S@code1 == 2 &&\n"
     "                ((@S@colour2 > 0.0 && colour < 0.0 && @CLOSE@ < @S@open2) ||\n"
     "                 (@S@colour2 < 0.0 && colour > 0.0 && @CLOSE@ > @S@open2)))\n"
     "                v = -@S@colour2;\n"
     "        }\n"
     HARAMI_STEP
     "        @S@code1 = code;\n"
     "        @S@colour2 = colour1;\n"
     "        @S@open2 = @S@open1;\n        @S@open1 = @OPEN@;\n"
     "        @OUT0@ = v;\n"
     "    }\n", 0},
    /* soldiers.c soldiers_step: k white soldiers / k black crows as their
     * side; the two runs counted up to k */
    {"soldiers", "@G@@I64@ @S@seen;\n@G@int @S@up;\n@G@int @S@down;\n"
                 "@G@double @S@prev_open;\n@G@double @S@prev_close;\n",
     "    @S@seen = 0;\n    @S@up = 0;\n    @S@down = 0;\n"
     "    @S@prev_open = 0.0;\n    @S@prev_close = 0.0;\n",
     "    {\n"
     "        if (@S@seen >= 1) {\n"
     "            double o1 = @S@prev_open, c1 = @S@prev_close;\n"
     "            int white = @CLOSE@ > @OPEN@ && @CLOSE@ > c1 && @OPEN@ >= o1 && @OPEN@ <= c1;\n"
     "            int black = @CLOSE@ < @OPEN@ && @CLOSE@ < c1 && @OPEN@ <= o1 && @OPEN@ >= c1;\n"
     "            @S@up = white ? (@S@up < @A0@ ? @S@up + 1 : @A0@) : 0;\n"
     "            @S@down = black ? (@S@down < @A0@ ? @S@down + 1 : @A0@) : 0;\n"
     "        }\n"
     "        @S@prev_open = @OPEN@;\n        @S@prev_close = @CLOSE@;\n"
     "        @S@seen++;\n"
     "        if (@S@seen <= @A0@)\n            @OUT0@ = @NAN@;\n"
     "        else\n"
     "            @OUT0@ = @S@up >= @A0@ ? 1.0 : (@S@down >= @A0@ ? -1.0 : 0.0);\n"
     "    }\n", 0},
    /* hikkake.c hikkake_run: TA-Lib's CDLHIKKAKE with its values; the two
     * bars before, the remembered setup, its age and its inside bar */
    {"cdlhikkake", "@G@@I64@ @S@seen;\n@G@double @S@high1;\n@G@double @S@low1;\n"
                   "@G@double @S@high2;\n@G@double @S@low2;\n@G@int @S@pattern;\n"
                   "@G@int @S@since;\n@G@double @S@inside_high;\n@G@double @S@inside_low;\n",
     "    @S@seen = 0;\n    @S@high1 = 0.0;\n    @S@low1 = 0.0;\n"
     "    @S@high2 = 0.0;\n    @S@low2 = 0.0;\n    @S@pattern = 0;\n    @S@since = 0;\n"
     "    @S@inside_high = 0.0;\n    @S@inside_low = 0.0;\n",
     "    {\n"
     "        double v = 0.0;\n"
     "        if (@S@pattern != 0)\n            @S@since++;\n"
     "        if (@S@seen >= 2 && @S@high1 < @S@high2 && @S@low1 > @S@low2 &&\n"
     "            ((@HIGH@ < @S@high1 && @LOW@ < @S@low1) ||\n"
     "             (@HIGH@ > @S@high1 && @LOW@ > @S@low1))) {\n"
     "            @S@pattern = @HIGH@ < @S@high1 ? 1 : -1;\n"
     "            @S@since = 0;\n"
     "            @S@inside_high = @S@high1;\n            @S@inside_low = @S@low1;\n"
     "            v = 100.0 * @S@pattern;\n"
     "        } else if (@S@pattern != 0 && @S@since <= 3 &&\n"
     "                   ((@S@pattern > 0 && @CLOSE@ > @S@inside_high) ||\n"
     "                    (@S@pattern < 0 && @CLOSE@ < @S@inside_low))) {\n"
     "            v = 200.0 * @S@pattern;\n"
     "            @S@pattern = 0;\n"
     "        }\n"
     "        if (@S@pattern != 0 && @S@since >= 3)\n            @S@pattern = 0;\n"
     "        @S@high2 = @S@high1;\n        @S@low2 = @S@low1;\n"
     "        @S@high1 = @HIGH@;\n        @S@low1 = @LOW@;\n"
     "        @S@seen++;\n"
     "        @OUT0@ = @S@seen <= 5 ? @NAN@ : v;\n"
     "    }\n", 0},
    /* ---- Bill Williams' fractals (thirteenth session) ---- */
    /* fractal.c fractal_step: a ring of the last 2k+1 highs and lows; the
     * window's centre against the k bars on each side, strictly */
    {"fractal", "@G@@I64@ @S@count;\n@G@double @S@up;\n@G@double @S@down;\n"
                "@G@double @S@highs[@AW@];\n@G@double @S@lows[@AW@];\n",
     "    @S@count = 0;\n    @S@up = @NAN@;\n    @S@down = @NAN@;\n",
     "    {\n"
     "        int pos = (int)(@S@count % @AW@);\n"
     "        @S@highs[pos] = @HIGH@;\n        @S@lows[pos] = @LOW@;\n"
     "        @S@count = @S@count + 1;\n"
     "        if (@S@count >= @AW@) {\n"
     "            int centre = (int)((@S@count - 1 - @A0@) % @AW@);\n"
     "            double ch = @S@highs[centre];\n            double cl = @S@lows[centre];\n"
     "            int is_up = 1;\n            int is_down = 1;\n            int j;\n"
     "            for (j = 0; j < @AW@; j++) {\n"
     "                if (j != centre) {\n"
     "                    if (!(ch > @S@highs[j]))\n                        is_up = 0;\n"
     "                    if (!(cl < @S@lows[j]))\n                        is_down = 0;\n"
     "                }\n"
     "            }\n"
     "            if (is_up)\n                @S@up = ch;\n"
     "            if (is_down)\n                @S@down = cl;\n"
     "        }\n"
     "        @OUT0@ = @S@up;\n        @OUT1@ = @S@down;\n"
     "    }\n", 0},
    /* ---- detrended price, percentage price, Coppock (thirteenth session) ---- */
    /* sma.c dpo_run: sma.h's step, its values through a lag ring of
     * n/2 + 2 (step.h bc_lag_step), the close minus the lagged value */
    {"dpo", SMA_DECL("@S@m_", "@A0@") RING_DECL("@AHP2@"),
     SMA_RESET("@S@m_", "@A0@") RING_RESET,
     "    {\n"
     "        double m = @NAN@;\n        double then = @NAN@;\n        int ok = 0;\n"
     SMA_INLINE("@S@m_", "@A0@", "@CLOSE@", "m", "ok", "        ")
     RING_SET("@S@ring", "@S@pos", "ok ? m : @NAN@", "        ")
     RING_ADVANCE("@S@pos", "@AHP2@", "        ")
     RING_COUNT("@S@filled", "@AHP2@ - 1", "        ")
     "        else\n            then = @S@ring[@S@pos];\n"
     "        @OUT0@ = @CLOSE@ - then;\n"
     "    }\n", 0},
    /* macd.c ppo_run: two ema.h EMAs from bar 0, TA-Lib INT_PO's percentage */
    {"ppo", EMA_DECL_P("@S@f_") EMA_DECL_P("@S@s_"),
     EMA_RESET_P("@S@f_", "@A0@") EMA_RESET_P("@S@s_", "@A1@"),
     "    {\n"
     "        double fe = 0.0;\n        double se = 0.0;\n        int ok_f = 0;\n"
     "        int ok_s = 0;\n"
     EMA_INLINE("@S@f_", "@A0@", "@CLOSE@", "fe", "ok_f", "        ")
     EMA_INLINE("@S@s_", "@A1@", "@CLOSE@", "se", "ok_s", "        ")
     "        if (!ok_f || !ok_s)\n            @OUT0@ = @NAN@;\n"
     "        else if (se > -0.00000000000001 && se < 0.00000000000001)\n            @OUT0@ = 0.0;\n"
     "        else\n            @OUT0@ = ((fe - se) / se) * 100.0;\n"
     "    }\n", 0},
    /* macd.c pvo_run: ppo's two ema.h EMAs from bar 0 on the volume, its
     * percentage (NaN, not 0, where the slow EMA is 0), the signal EMA of
     * the finite lines; both NaN until the signal exists */
    {"pvo", EMA_DECL_P("@S@f_") EMA_DECL_P("@S@s_") EMA_DECL_P("@S@g_"),
     EMA_RESET_P("@S@f_", "@A0@") EMA_RESET_P("@S@s_", "@A1@") EMA_RESET_P("@S@g_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        double fe = 0.0;\n        double se = 0.0;\n        int ok_f = 0;\n"
     "        int ok_s = 0;\n"
     EMA_INLINE("@S@f_", "@A0@", "@VOLUME@", "fe", "ok_f", "        ")
     EMA_INLINE("@S@s_", "@A1@", "@VOLUME@", "se", "ok_s", "        ")
     "        if (ok_f && ok_s && !(se > -0.00000000000001 && se < 0.00000000000001)) {\n"
     "            double line = ((fe - se) / se) * 100.0;\n"
     "            double g = 0.0;\n            int ok_g = 0;\n"
     LINE_SIGNAL("            ")
     "        }\n"
     "    }\n", 0},
    /* macd.c vwmacd_run: four ema.h EMAs from bar 0, of close x volume and
     * of the volume over fast and slow; the line (NaN where a volume EMA is
     * 0), the signal EMA of the finite lines, the histogram; all three NaN
     * until the signal exists */
    {"vwmacd", EMA_DECL_P("@S@fp_") EMA_DECL_P("@S@fv_") EMA_DECL_P("@S@sp_")
     EMA_DECL_P("@S@sv_") EMA_DECL_P("@S@g_"),
     EMA_RESET_P("@S@fp_", "@A0@") EMA_RESET_P("@S@fv_", "@A0@") EMA_RESET_P("@S@sp_", "@A1@")
     EMA_RESET_P("@S@sv_", "@A1@") EMA_RESET_P("@S@g_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n    @OUT2@ = @NAN@;\n"
     "    {\n"
     "        double pv = @CLOSE@ * @VOLUME@;\n"
     "        double fpe = 0.0;\n        double fve = 0.0;\n        double spe = 0.0;\n"
     "        double sve = 0.0;\n        int ok_fp = 0;\n        int ok_fv = 0;\n"
     "        int ok_sp = 0;\n        int ok_sv = 0;\n"
     EMA_INLINE("@S@fp_", "@A0@", "pv", "fpe", "ok_fp", "        ")
     EMA_INLINE("@S@fv_", "@A0@", "@VOLUME@", "fve", "ok_fv", "        ")
     EMA_INLINE("@S@sp_", "@A1@", "pv", "spe", "ok_sp", "        ")
     EMA_INLINE("@S@sv_", "@A1@", "@VOLUME@", "sve", "ok_sv", "        ")
     "        if (ok_fp && ok_fv && ok_sp && ok_sv\n"
     "            && !(fve > -0.00000000000001 && fve < 0.00000000000001)\n"
     "            && !(sve > -0.00000000000001 && sve < 0.00000000000001)) {\n"
     "            double line = fpe / fve - spe / sve;\n"
     "            double g = 0.0;\n            int ok_g = 0;\n"
     LINE_SIGNAL("            ")
     "            if (ok_g)\n                @OUT2@ = line - g;\n"
     "        }\n"
     "    }\n", 0},
    /* macd.c macdv_run: ema.h's EMAs of the close from bar 0 (fast "f_",
     * slow "s_"), atr.h's step (the "a_" members, period @A2@), the line
     * 100 (fast - slow) / atr (NaN where the ATR is within 1e-14 of 0) and
     * the signal EMA(@A3@) of the finite lines; both NaN until the signal
     * exists */
    {"macdv", EMA_DECL_P("@S@f_") EMA_DECL_P("@S@s_") EMA_DECL_P("@S@g_")
     "@G@int @S@a_count;\n@G@double @S@a_c1;\n@G@double @S@a_inv_n;\n"
     "@G@double @S@a_prev_close;\n@G@double @S@a_value;\n",
     EMA_RESET_P("@S@f_", "@A0@") EMA_RESET_P("@S@s_", "@A1@") EMA_RESET_P("@S@g_", "@A3@")
     "    @S@a_count = 0;\n    @S@a_c1 = (double)(@A2@ - 1) / @A2@;\n"
     "    @S@a_inv_n = 1.0 / @A2@;\n    @S@a_prev_close = 0.0;\n    @S@a_value = 0.0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        double fe = 0.0;\n        double se = 0.0;\n        int ok_f = 0;\n"
     "        int ok_s = 0;\n        double tr = @HIGH@ - @LOW@;\n        double t;\n"
     "        double atr = 0.0;\n        int a_ok = 0;\n"
     EMA_INLINE("@S@f_", "@A0@", "@CLOSE@", "fe", "ok_f", "        ")
     EMA_INLINE("@S@s_", "@A1@", "@CLOSE@", "se", "ok_s", "        ")
     ATR_A_STEP_N("@A2@")
     "        if (ok_f && ok_s && a_ok && !(atr > -0.00000000000001 && atr < 0.00000000000001)) {\n"
     "            double line = 100.0 * (fe - se) / atr;\n"
     "            double g = 0.0;\n            int ok_g = 0;\n"
     EMA_INLINE("@S@g_", "@A3@", "line", "g", "ok_g", "            ")
     "            if (ok_g) {\n"
     "                @OUT0@ = line;\n                @OUT1@ = g;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ---- WaveTrend and the cyber cycle (twenty-sixth session) ---- */
    /* wavetrend.c wavetrend_step: ema.h's esa ("e_") of hlc3, its ema of
     * |ap - esa| ("d_"), ci (0 on a flat stretch), wt1 = ema(ci) ("w_"),
     * wt2 = sma.h's mean of wt1 ("m_"); both NaN until wt2 exists */
    {"wavetrend", EMA_DECL_P("@S@e_") EMA_DECL_P("@S@d_") EMA_DECL_P("@S@w_")
     SMA_DECL("@S@m_", "@A2@"),
     EMA_RESET_P("@S@e_", "@A0@") EMA_RESET_P("@S@d_", "@A0@") EMA_RESET_P("@S@w_", "@A1@")
     SMA_RESET("@S@m_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        double ap = (@HIGH@ + @LOW@ + @CLOSE@) / 3.0;\n"
     "        double esa = 0.0;\n        double dist = 0.0;\n        double ad = 0.0;\n"
     "        double dv = 0.0;\n        double ci = 0.0;\n        double w1 = 0.0;\n"
     "        double w2 = 0.0;\n"
     "        int ok_e = 0;\n        int ok_d = 0;\n        int ok_w = 0;\n        int ok_m = 0;\n"
     EMA_INLINE("@S@e_", "@A0@", "ap", "esa", "ok_e", "        ")
     "        if (ok_e) {\n"
     "            dist = ap - esa;\n            ad = @FABS@(dist);\n"
     EMA_INLINE("@S@d_", "@A0@", "ad", "dv", "ok_d", "            ")
     "            if (ok_d) {\n"
     "                if (@FABS@(dv) <= 2e-14 * @FABS@(esa))\n"
     "                    ci = 0.0;\n"
     "                else\n"
     "                    ci = dist / (0.015 * dv);\n"
     EMA_INLINE("@S@w_", "@A1@", "ci", "w1", "ok_w", "                ")
     "                if (ok_w) {\n"
     SMA_INLINE("@S@m_", "@A2@", "w1", "w2", "ok_m", "                    ")
     "                    if (ok_m) {\n"
     "                        @OUT0@ = w1;\n                        @OUT1@ = w2;\n"
     "                    }\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* wavetrend.c cyber_step (@D@ the alpha): the midpoint's 4-bar smoothing
     * from bar 3, the cycle's recursion from bar 7, Ehlers' start-up rule on
     * bars 2..6; NaN on bars 0 and 1 */
    {"cybercycle", "@G@int @S@seen;\n@G@double @S@p1;\n@G@double @S@p2;\n@G@double @S@p3;\n"
                   "@G@double @S@s1;\n@G@double @S@s2;\n@G@double @S@c1;\n@G@double @S@c2;\n"
                   "@G@double @S@a;\n@G@double @S@b;\n@G@double @S@k2;\n",
     "    @S@seen = 0;\n    @S@p1 = 0.0;\n    @S@p2 = 0.0;\n    @S@p3 = 0.0;\n"
     "    @S@s1 = 0.0;\n    @S@s2 = 0.0;\n    @S@c1 = 0.0;\n    @S@c2 = 0.0;\n"
     "    @S@a = (1.0 - @D@ / 2.0) * (1.0 - @D@ / 2.0);\n"
     "    @S@b = 2.0 * (1.0 - @D@);\n"
     "    @S@k2 = (1.0 - @D@) * (1.0 - @D@);\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double p = (@HIGH@ + @LOW@) / 2.0;\n"
     "        double smooth = 0.0;\n        double cycle = 0.0;\n"
     "        if (@S@seen >= 3)\n"
     "            smooth = (p + 2.0 * @S@p1 + 2.0 * @S@p2 + @S@p3) / 6.0;\n"
     "        if (@S@seen >= 7)\n"
     "            cycle = @S@a * (smooth - 2.0 * @S@s1 + @S@s2) + @S@b * @S@c1 - @S@k2 * @S@c2;\n"
     "        else if (@S@seen >= 2)\n"
     "            cycle = (p - 2.0 * @S@p1 + @S@p2) / 4.0;\n"
     "        if (@S@seen >= 2)\n            @OUT0@ = cycle;\n"
     "        @S@p3 = @S@p2;\n        @S@p2 = @S@p1;\n        @S@p1 = p;\n"
     "        @S@s2 = @S@s1;\n        @S@s1 = smooth;\n"
     "        @S@c2 = @S@c1;\n        @S@c1 = cycle;\n"
     "        if (@S@seen < 7)\n            @S@seen++;\n"
     "    }\n", 0},
    /* wma.c coppock_run: a ring of max(a,b)+1 closes, TA-Lib's two ROCs,
     * wma_step of their sum */
    {"coppock", WMA_DECL("@S@w_", "@A2@") RING_DECL("@MP1@"),
     WMA_RESET("@S@w_") RING_RESET,
     "    {\n"
     "        int at = @S@pos;\n"
     "        @S@ring[at] = @CLOSE@;\n"
     RING_ADVANCE("@S@pos", "@MP1@", "        ")
     "        if (@S@filled < @MP1@ - 1) {\n"
     "            @S@filled++;\n            @OUT0@ = @NAN@;\n"
     "        } else {\n"
     "            double then_a = @S@ring[at >= @A0@ ? at - @A0@ : at - @A0@ + @MP1@];\n"
     "            double then_b = @S@ring[at >= @A1@ ? at - @A1@ : at - @A1@ + @MP1@];\n"
     "            double ra = then_a != 0.0 ? (@CLOSE@ / then_a - 1.0) * 100.0 : 0.0;\n"
     "            double rb = then_b != 0.0 ? (@CLOSE@ / then_b - 1.0) * 100.0 : 0.0;\n"
     "            double sum = ra + rb;\n"
     WMA_STEP("@S@w_", "@A2@", "sum", "@OUT0@", "            ")
     "        }\n"
     "    }\n", 0},
    /* ---- money flow, choppiness, Fisher (thirteenth session) ---- */
    /* volume_flow.c cmf_step with ad_flow: TA-Lib SUM's running sums */
    {"cmf", "@G@@I64@ @S@seen;\n@G@int @S@pos;\n@G@double @S@flow_sum;\n"
            "@G@double @S@volume_sum;\n@G@double @S@flows[@A0@];\n@G@double @S@volumes[@A0@];\n",
     "    @S@seen = 0;\n    @S@pos = 0;\n    @S@flow_sum = 0.0;\n    @S@volume_sum = 0.0;\n",
     "    {\n"
     "        double flow = 0.0;\n"
     "        if (@HIGH@ - @LOW@ > 0.0)\n"
     "            flow = (@CLOSE@ - @LOW@ - (@HIGH@ - @CLOSE@)) / (@HIGH@ - @LOW@) * @VOLUME@;\n"
     RING_SET("@S@flows", "@S@pos", "flow", "        ")
     RING_SET("@S@volumes", "@S@pos", "@VOLUME@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     "        @S@flow_sum += flow;\n        @S@volume_sum += @VOLUME@;\n"
     "        if (@S@seen++ < @A0@ - 1)\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            @OUT0@ = @S@volume_sum > 0.0 ? @S@flow_sum / @S@volume_sum : 0.0;\n"
     "            @S@flow_sum -= @S@flows[@S@pos];\n"
     "            @S@volume_sum -= @S@volumes[@S@pos];\n"
     "        }\n"
     "    }\n", 0},
    /* volume_flow.c vwma: cmf_step's running sums over close x volume, NaN
     * where the volume sum is not above 0 */
    {"vwma", "@G@@I64@ @S@seen;\n@G@int @S@pos;\n@G@double @S@pv_sum;\n"
             "@G@double @S@volume_sum;\n@G@double @S@pvs[@A0@];\n@G@double @S@volumes[@A0@];\n",
     "    @S@seen = 0;\n    @S@pos = 0;\n    @S@pv_sum = 0.0;\n    @S@volume_sum = 0.0;\n",
     "    {\n"
     "        double pv = @CLOSE@ * @VOLUME@;\n"
     "        @S@pvs[@S@pos] = pv;\n        @S@volumes[@S@pos] = @VOLUME@;\n"
     "        if (++@S@pos == @A0@)\n            @S@pos = 0;\n"
     "        @S@pv_sum += pv;\n        @S@volume_sum += @VOLUME@;\n"
     "        if (@S@seen++ < @A0@ - 1)\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            @OUT0@ = @S@volume_sum > 0.0 ? @S@pv_sum / @S@volume_sum : @NAN@;\n"
     "            @S@pv_sum -= @S@pvs[@S@pos];\n"
     "            @S@volume_sum -= @S@volumes[@S@pos];\n"
     "        }\n"
     "    }\n", 0},
    /* stoch.c chop_step: the window scanned for its extremes, the true
     * ranges' running sum */
    {"chop", "@G@@I64@ @S@seen;\n@G@int @S@today;\n@G@int @S@pos;\n@G@int @S@tr_pos;\n"
             "@G@double @S@prev_close;\n@G@double @S@tr_sum;\n@G@double @S@highs[@A0@];\n"
             "@G@double @S@lows[@A0@];\n@G@double @S@tr[@A0@];\n",
     "    @S@seen = 0;\n    @S@today = 0;\n    @S@pos = 0;\n    @S@tr_pos = 0;\n"
     "    @S@prev_close = 0.0;\n    @S@tr_sum = 0.0;\n",
     "    {\n"
     "        double lowest = 0.0;\n        double highest = 0.0;\n"
     "        @I64@ t = @S@seen;\n"
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "        ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     RING_COUNT("@S@today", "@A0@ - 1", "        ")
     "        else {\n"
     "            int i;\n"
     "            lowest = @S@lows[0];\n            highest = @S@highs[0];\n"
     "            for (i = 1; i < @A0@; i++) {\n"
     "                if (@S@lows[i] < lowest)\n                    lowest = @S@lows[i];\n"
     "                if (@S@highs[i] > highest)\n                    highest = @S@highs[i];\n"
     "            }\n"
     "        }\n"
     "        @S@seen = t + 1;\n"
     "        @OUT0@ = @NAN@;\n"
     "        if (t == 0)\n            @S@prev_close = @CLOSE@;\n"
     "        else {\n"
     "            double tr = @HIGH@ - @LOW@;\n"
     "            double d = @FABS@(@HIGH@ - @S@prev_close);\n"
     "            if (d > tr)\n                tr = d;\n"
     "            d = @FABS@(@LOW@ - @S@prev_close);\n"
     "            if (d > tr)\n                tr = d;\n"
     "            @S@prev_close = @CLOSE@;\n"
     RING_SET("@S@tr", "@S@tr_pos", "tr", "            ")
     RING_ADVANCE("@S@tr_pos", "@A0@", "            ")
     "            @S@tr_sum += tr;\n"
     "            if (t >= @A0@) {\n"
     "                double range = highest - lowest;\n"
     "                if (range > 0.0)\n"
     "                    @OUT0@ = 100.0 * @LOG@(@S@tr_sum / range) / @LOG@((double)@A0@);\n"
     "                @S@tr_sum -= @S@tr[@S@tr_pos];\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* stoch.c fisher_step: the midpoints' window scanned, Ehlers' recursion
     * one product per statement */
    {"fisher", "@G@int @S@today;\n@G@int @S@pos;\n@G@double @S@v;\n@G@double @S@fisher;\n"
               "@G@double @S@mids[@A0@];\n",
     "    @S@today = 0;\n    @S@pos = 0;\n    @S@v = 0.0;\n    @S@fisher = 0.0;\n",
     "    {\n"
     "        double mid = (@HIGH@ + @LOW@) / 2.0;\n"
     RING_SET("@S@mids", "@S@pos", "mid", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     "        if (@S@today < @A0@ - 1) {\n"
     "            @S@today++;\n            @OUT0@ = @NAN@;\n"
     "        } else {\n"
     "            double lowest = @S@mids[0];\n            double highest = @S@mids[0];\n"
     "            double span;\n            double x = 0.0;\n"
     "            double now;\n            double before;\n            double v;\n"
     "            double transform;\n            double carried;\n"
     "            int i;\n"
     "            for (i = 1; i < @A0@; i++) {\n"
     "                if (@S@mids[i] < lowest)\n                    lowest = @S@mids[i];\n"
     "                if (@S@mids[i] > highest)\n                    highest = @S@mids[i];\n"
     "            }\n"
     "            span = highest - lowest;\n"
     "            if (span > 0.0)\n                x = (mid - lowest) / span - 0.5;\n"
     "            now = 0.66 * x;\n            before = 0.67 * @S@v;\n"
     "            v = now + before;\n"
     "            if (v > 0.999)\n                v = 0.999;\n"
     "            if (v < -0.999)\n                v = -0.999;\n"
     "            @S@v = v;\n"
     "            transform = 0.5 * @LOG@((1.0 + v) / (1.0 - v));\n"
     "            carried = 0.5 * @S@fisher;\n"
     "            @S@fisher = transform + carried;\n"
     "            @OUT0@ = @S@fisher;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- runs of rises / falls (eleventh session) ---- */
    /* streak.c streak_step */
    {"streak", "@G@double @S@prev;\n@G@double @S@run;\n",
     "    @S@prev = @NAN@;\n    @S@run = 0.0;\n",
     "    {\n"
     "        double x = @SRC0@;\n"
     "        double p = @S@prev;\n"
     "        @S@prev = x;\n"
     "        if (@ISNAN@(x) || @ISNAN@(p)) {\n"
     "            @S@run = 0.0;\n            @OUT0@ = @NAN@;\n"
     "        } else {\n"
     "            if (x > p)\n                @S@run = @S@run > 0.0 ? @S@run + 1.0 : 1.0;\n"
     "            else if (x < p)\n                @S@run = @S@run < 0.0 ? @S@run - 1.0 : -1.0;\n"
     "            else\n                @S@run = 0.0;\n"
     "            @OUT0@ = @S@run;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- MetaTrader 5 families (mt5.c) ---- */
    /* mt5.c smma_step */
    {"smma", "@G@int @S@count;\n@G@double @S@sum;\n@G@double @S@value;\n",
     "    @S@count = 0;\n    @S@sum = 0.0;\n    @S@value = 0.0;\n",
     "    if (@S@count >= @A0@) {\n"
     "        @S@value = (@S@value * (double)(@A0@ - 1) + @CLOSE@) / (double)@A0@;\n"
     "        @OUT0@ = @S@value;\n"
     "    } else {\n"
     "        @S@sum += @CLOSE@;\n"
     "        if (++@S@count < @A0@)\n            @OUT0@ = @NAN@;\n"
     "        else {\n"
     "            @S@value = @S@sum / (double)@A0@;\n            @OUT0@ = @S@value;\n"
     "        }\n"
     "    }\n", 0},
    /* mt5.c medprice_run, typprice_run */
    {"medprice", "", "", "    @OUT0@ = (@HIGH@ + @LOW@) / 2.0;\n", 0},
    {"typprice", "", "", "    @OUT0@ = (@HIGH@ + @LOW@ + @CLOSE@) / 3.0;\n", 0},
    /* mt5.c demarker_step: sma.h's step on DeMax (@S@u_) and DeMin (@S@d_) */
    {"demarker", "@G@int @S@seen;\n@G@double @S@prev_high;\n@G@double @S@prev_low;\n"
                 SMA_DECL("@S@u_", "@A0@") SMA_DECL("@S@d_", "@A0@"),
     "    @S@seen = 0;\n    @S@prev_high = 0.0;\n    @S@prev_low = 0.0;\n"
     SMA_RESET("@S@u_", "@A0@") SMA_RESET("@S@d_", "@A0@"),
     "    @OUT0@ = @NAN@;\n"
     "    if (@S@seen == 0) {\n"
     "        @S@seen = 1;\n        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     "    } else {\n"
     "        double de_max = @HIGH@ > @S@prev_high ? @HIGH@ - @S@prev_high : 0.0;\n"
     "        double de_min = @LOW@ < @S@prev_low ? @S@prev_low - @LOW@ : 0.0;\n"
     "        double up = 0.0;\n        double down = 0.0;\n"
     "        int up_ok = 0;\n        int down_ok = 0;\n"
     "        @S@prev_high = @HIGH@;\n        @S@prev_low = @LOW@;\n"
     SMA_INLINE("@S@u_", "@A0@", "de_max", "up", "up_ok", "        ")
     SMA_INLINE("@S@d_", "@A0@", "de_min", "down", "down_ok", "        ")
     "        if (up_ok && down_ok) {\n"
     "            double total = up + down;\n"
     "            @OUT0@ = total != 0.0 ? up / total : 0.0;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- accelerator oscillator, mass index (fourteenth session) ---- */
    /* mt5.c ac_step: sma.h's step on the median price at 5 and 34, and on
     * their difference (the AO) at 5 */
    {"ac", SMA_DECL("@S@f_", "5") SMA_DECL("@S@s_", "34") SMA_DECL("@S@g_", "5"),
     SMA_RESET("@S@f_", "5") SMA_RESET("@S@s_", "34") SMA_RESET("@S@g_", "5"),
     "    {\n"
     "        double mid = (@HIGH@ + @LOW@) / 2.0;\n"
     "        double fast = 0.0;\n        double slow = 0.0;\n        double sig = 0.0;\n"
     "        int ok_f = 0;\n        int ok_s = 0;\n        int ok_g = 0;\n"
     "        @OUT0@ = @NAN@;\n"
     SMA_INLINE("@S@f_", "5", "mid", "fast", "ok_f", "        ")
     SMA_INLINE("@S@s_", "34", "mid", "slow", "ok_s", "        ")
     "        if (ok_f && ok_s) {\n"
     "            double ao = fast - slow;\n"
     SMA_INLINE("@S@g_", "5", "ao", "sig", "ok_g", "            ")
     "            if (ok_g)\n                @OUT0@ = ao - sig;\n"
     "        }\n"
     "    }\n", 0},
    /* mass.c mass_step: ema.h's step on high - low and on its values, their
     * ratio (1 where the double EMA is 0) summed as TA-Lib SUM over @A1@ */
    {"mass", EMA_DECL_P("@S@a_") EMA_DECL_P("@S@b_") "@G@double @S@sum;\n" RING_DECL("@A1@"),
     EMA_RESET_P("@S@a_", "@A0@") EMA_RESET_P("@S@b_", "@A0@") "    @S@sum = 0.0;\n" RING_RESET,
     "    {\n"
     "        double range = @HIGH@ - @LOW@;\n"
     "        double single = 0.0;\n        double twice = 0.0;\n"
     "        int ok_a = 0;\n        int ok_b = 0;\n"
     "        @OUT0@ = @NAN@;\n"
     EMA_INLINE("@S@a_", "@A0@", "range", "single", "ok_a", "        ")
     "        if (ok_a) {\n"
     EMA_INLINE("@S@b_", "@A0@", "single", "twice", "ok_b", "            ")
     "        }\n"
     "        if (ok_b) {\n"
     "            double ratio = twice != 0.0 ? single / twice : 1.0;\n"
     RING_SET("@S@ring", "@S@pos", "ratio", "            ")
     RING_ADVANCE("@S@pos", "@A1@", "            ")
     "            @S@sum += ratio;\n"
     "            if (@S@filled < @A1@ - 1)\n                @S@filled++;\n"
     "            else {\n"
     "                @OUT0@ = @S@sum;\n"
     "                @S@sum -= @S@ring[@S@pos];\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* mt5.c rvi_step: the last 4 bars' close - open and high - low, rings
     * of n weighted values, the window summed newest first, the last 4 lines */
    {"rvi", "@G@int @S@seen;\n@G@int @S@pos;\n@G@int @S@lines;\n@G@double @S@co[4];\n"
            "@G@double @S@hl[4];\n@G@double @S@line[4];\n@G@double @S@up[@A0@];\n"
            "@G@double @S@down[@A0@];\n",
     "    @S@seen = 0;\n    @S@pos = @A0@ - 1;\n    @S@lines = 0;\n"
     "    {\n        int k;\n        for (k = 0; k < 4; k++) {\n"
     "            @S@co[k] = 0.0;\n            @S@hl[k] = 0.0;\n            @S@line[k] = 0.0;\n"
     "        }\n    }\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        int k;\n        int j;\n        int at;\n"
     "        double num;\n        double den;\n        double line;\n"
     "        for (k = 3; k > 0; k--) {\n"
     "            @S@co[k] = @S@co[k - 1];\n            @S@hl[k] = @S@hl[k - 1];\n"
     "        }\n"
     "        @S@co[0] = @CLOSE@ - @OPEN@;\n        @S@hl[0] = @HIGH@ - @LOW@;\n"
     "        if (@S@seen < @A0@ + 3)\n            @S@seen++;\n"
     "        if (@S@seen >= 4) {\n"
     RING_ADVANCE("@S@pos", "@A0@", "            ")
     "            @S@up[@S@pos] = @S@co[0] + 2.0 * @S@co[1] + 2.0 * @S@co[2] + @S@co[3];\n"
     "            @S@down[@S@pos] = @S@hl[0] + 2.0 * @S@hl[1] + 2.0 * @S@hl[2] + @S@hl[3];\n"
     "            if (@S@seen >= @A0@ + 3) {\n"
     "                num = 0.0;\n                den = 0.0;\n                at = @S@pos;\n"
     "                for (j = 0; j < @A0@; j++) {\n"
     "                    num += @S@up[at];\n                    den += @S@down[at];\n"
     "                    if (--at < 0)\n                        at = @A0@ - 1;\n"
     "                }\n"
     "                line = den != 0.0 ? num / den : 0.0;\n"
     "                for (k = 3; k > 0; k--)\n                    @S@line[k] = @S@line[k - 1];\n"
     "                @S@line[0] = line;\n"
     "                if (@S@lines < 3)\n                    @S@lines++;\n"
     "                else {\n"
     "                    @OUT0@ = line;\n"
     "                    @OUT1@ = (@S@line[0] + 2.0 * @S@line[1] + 2.0 * @S@line[2] + @S@line[3]) / 6.0;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ---- appended block: the alligator and the impulse system (fourteenth
     * session) ---- */
    /* mt5.c alligator_step: smma_step on medprice three times (@S@j_, @S@t_,
     * @S@l_), each into a ring of 9 read 8, 5 and 3 bars back */
    {"alligator", SMMA_DECL_P("@S@j_") SMMA_DECL_P("@S@t_") SMMA_DECL_P("@S@l_")
                  "@G@int @S@pos;\n",
     "    {\n        int r;\n"
     "        for (r = 0; r < 9; r++) {\n"
     "            @S@j_ring[r] = @NAN@;\n            @S@t_ring[r] = @NAN@;\n"
     "            @S@l_ring[r] = @NAN@;\n"
     "        }\n    }\n"
     "    @S@j_count = 0;\n    @S@j_sum = 0.0;\n    @S@j_value = 0.0;\n"
     "    @S@t_count = 0;\n    @S@t_sum = 0.0;\n    @S@t_value = 0.0;\n"
     "    @S@l_count = 0;\n    @S@l_sum = 0.0;\n    @S@l_value = 0.0;\n"
     "    @S@pos = 0;\n",
     "    {\n"
     "        double mid = (@HIGH@ + @LOW@) / 2.0;\n"
     "        double jaw = 0.0;\n        double teeth = 0.0;\n        double lips = 0.0;\n"
     "        @S@pos = (@S@pos + 1) % 9;\n"
     SMMA_INLINE_RING("@S@j_", "@A0@", "mid", "@S@pos")
     SMMA_INLINE_RING("@S@t_", "@A1@", "mid", "@S@pos")
     SMMA_INLINE_RING("@S@l_", "@A2@", "mid", "@S@pos")
     "        jaw = @S@j_ring[(@S@pos + 1) % 9];\n"
     "        teeth = @S@t_ring[(@S@pos + 4) % 9];\n"
     "        lips = @S@l_ring[(@S@pos + 6) % 9];\n"
     "        if (@ISNAN@(jaw) || @ISNAN@(teeth) || @ISNAN@(lips)) {\n"
     "            @OUT0@ = @NAN@;\n            @OUT1@ = @NAN@;\n            @OUT2@ = @NAN@;\n"
     "            @OUT3@ = @NAN@;\n"
     "        } else {\n"
     "            if (lips > teeth && teeth > jaw)\n                @OUT0@ = 1.0;\n"
     "            else if (lips < teeth && teeth < jaw)\n                @OUT0@ = -1.0;\n"
     "            else\n                @OUT0@ = 0.0;\n"
     "            @OUT1@ = jaw;\n            @OUT2@ = teeth;\n            @OUT3@ = lips;\n"
     "        }\n"
     "    }\n", 0},
    /* macd.c impulse_step: ema.h's step (@S@e_) and macd_step's three EMAs
     * (@S@f_ fast, @S@s_ slow from bar 0, @S@g_ signal), each bar's change */
    {"impulse", EMA_DECL_P("@S@e_") EMA_DECL_P("@S@f_") EMA_DECL_P("@S@s_")
                EMA_DECL_P("@S@g_")
                "@G@int @S@seen;\n@G@double @S@ema_prev;\n@G@double @S@hist_prev;\n",
     EMA_RESET_P("@S@e_", "@A0@") EMA_RESET_P("@S@f_", "@A1@") EMA_RESET_P("@S@s_", "@A2@")
     EMA_RESET_P("@S@g_", "@A3@")
     "    @S@seen = 0;\n    @S@ema_prev = @NAN@;\n    @S@hist_prev = @NAN@;\n",
     "    {\n"
     "        double e = 0.0;\n        double fast = 0.0;\n        double slow = 0.0;\n"
     "        double line = 0.0;\n        double sig = 0.0;\n        double hist = @NAN@;\n"
     "        double de = 0.0;\n        double dh = 0.0;\n"
     "        int oke = 0;\n        int okf = 0;\n        int oks = 0;\n        int okg = 0;\n"
     EMA_INLINE("@S@e_", "@A0@", "@CLOSE@", "e", "oke", "        ")
     "        if (!oke)\n            e = @NAN@;\n"
     EMA_INLINE("@S@s_", "@A2@", "@CLOSE@", "slow", "oks", "        ")
     "        if (@S@seen < @A2@ - @A1@) {\n"
     "            @S@seen++;\n"
     "        } else {\n"
     EMA_INLINE("@S@f_", "@A1@", "@CLOSE@", "fast", "okf", "            ")
     "            if (oks && okf) {\n" /* both seed on bar slow-1 */
     "                line = fast - slow;\n"
     EMA_INLINE("@S@g_", "@A3@", "line", "sig", "okg", "                ")
     "                if (okg)\n                    hist = line - sig;\n"
     "            }\n"
     "        }\n"
     "        de = e - @S@ema_prev;\n        dh = hist - @S@hist_prev;\n"
     "        @S@ema_prev = e;\n        @S@hist_prev = hist;\n"
     "        if (@ISNAN@(de) || @ISNAN@(dh))\n            @OUT0@ = @NAN@;\n"
     "        else if (de > 0.0 && dh > 0.0)\n            @OUT0@ = 1.0;\n"
     "        else if (de < 0.0 && dh < 0.0)\n            @OUT0@ = -1.0;\n"
     "        else\n            @OUT0@ = 0.0;\n"
     "    }\n", 0},
    /* ---- end of the appended block ---- */
    /* ---- Know Sure Thing and ease of movement (fourteenth session) ---- */
    /* kst.c kst_step: a ring of 31 closes, TA-Lib's roc(10/15/20/30), sma.h
     * of each from its roc's first bar, their 1/2/3/4-weighted sum, sma(9) */
    {"kst", "@G@int @S@seen;\n@G@int @S@pos;\n@G@double @S@closes[31];\n"
            SMA_DECL("@S@p0_", "10") SMA_DECL("@S@p1_", "10") SMA_DECL("@S@p2_", "10")
            SMA_DECL("@S@p3_", "15") SMA_DECL("@S@g_", "9"),
     "    @S@seen = 0;\n    @S@pos = 0;\n" SMA_RESET("@S@p0_", "10") SMA_RESET("@S@p1_", "10")
     SMA_RESET("@S@p2_", "10") SMA_RESET("@S@p3_", "15") SMA_RESET("@S@g_", "9"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        int at = @S@pos;\n        int full = 1;\n"
     "        double line = 0.0;\n        double g = 0.0;\n        int ok_g = 0;\n"
     "        @S@closes[at] = @CLOSE@;\n"
     RING_ADVANCE("@S@pos", "31", "        ")
     RING_COUNT("@S@seen", "31", "        ")
     KST_PART("@S@p0_", "10", "10", "1.0") KST_PART("@S@p1_", "15", "10", "2.0")
     KST_PART("@S@p2_", "20", "10", "3.0") KST_PART("@S@p3_", "30", "15", "4.0")
     "        if (full) {\n"
     SMA_INLINE("@S@g_", "9", "line", "g", "ok_g", "            ")
     "            if (ok_g) {\n"
     "                @OUT0@ = line;\n                @OUT1@ = g;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* kst.c emv_run: the one-bar ease of movement (volume in 1e8), sma.h */
    {"emv", "@G@int @S@seen;\n@G@double @S@prev_mid;\n" SMA_DECL("@S@m_", "@A0@"),
     "    @S@seen = 0;\n    @S@prev_mid = 0.0;\n" SMA_RESET("@S@m_", "@A0@"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double mid = (@HIGH@ + @LOW@) / 2.0;\n"
     "        double range = @HIGH@ - @LOW@;\n"
     "        if (@S@seen > 0) {\n"
     "            double one = 0.0;\n            double e = 0.0;\n            int ok = 0;\n"
     "            if (range > 0.0 && @VOLUME@ > 0.0)\n"
     "                one = (mid - @S@prev_mid) * range / (@VOLUME@ / 100000000.0);\n"
     SMA_INLINE("@S@m_", "@A0@", "one", "e", "ok", "            ")
     "            if (ok)\n                @OUT0@ = e;\n"
     "        } else\n"
     "            @S@seen = 1;\n"
     "        @S@prev_mid = mid;\n"
     "    }\n", 0},
    /* ---- Schaff's trend cycle and Ehlers' Laguerre RSI (fifteenth session) ---- */
    /* stc.c stc_step: ema.h's two EMAs from bar 0, their difference's
     * smoothed %K line, that line's; the EMA steps multiply and add */
    {"stc", EMA_DECL_P("@S@f_") EMA_DECL_P("@S@s_") STC_LINE_DECL("@S@k1_")
            STC_LINE_DECL("@S@k2_"),
     EMA_RESET_P("@S@f_", "@A0@") EMA_RESET_P("@S@s_", "@A1@") STC_LINE_RESET("@S@k1_")
     STC_LINE_RESET("@S@k2_"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double fast = 0.0;\n        double slow = 0.0;\n"
     "        int ok_f = 0;\n        int ok_s = 0;\n"
     EMA_INLINE("@S@f_", "@A0@", "@CLOSE@", "fast", "ok_f", "        ")
     EMA_INLINE("@S@s_", "@A1@", "@CLOSE@", "slow", "ok_s", "        ")
     "        if (ok_f && ok_s) {\n"
     "            double m = fast - slow;\n            double pf = 0.0;\n            int ok1 = 0;\n"
     STC_LINE("@S@k1_", "m", "pf", "ok1", "            ")
     "            if (ok1) {\n"
     "                double v = 0.0;\n                int ok2 = 0;\n"
     STC_LINE("@S@k2_", "pf", "v", "ok2", "                ")
     "                if (ok2)\n                    @OUT0@ = v;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* stc.c laguerre_step (@D@ the gamma) */
    {"laguerre", "@G@int @S@seen;\n@G@double @S@l0;\n@G@double @S@l1;\n@G@double @S@l2;\n"
                 "@G@double @S@l3;\n",
     "    @S@seen = 0;\n    @S@l0 = 0.0;\n    @S@l1 = 0.0;\n    @S@l2 = 0.0;\n    @S@l3 = 0.0;\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double g = @D@;\n"
     "        double p0;\n        double p1;\n        double p2;\n"
     "        double d[3];\n        double cu = 0.0;\n        double down = 0.0;\n"
     "        double cd;\n        int j;\n"
     "        if (@S@seen == 0) {\n"
     "            @S@l0 = @CLOSE@;\n            @S@l1 = @CLOSE@;\n"
     "            @S@l2 = @CLOSE@;\n            @S@l3 = @CLOSE@;\n"
     "        }\n"
     "        p0 = @S@l0;\n        p1 = @S@l1;\n        p2 = @S@l2;\n"
     "        @S@l0 = (1.0 - g) * @CLOSE@ + g * @S@l0;\n"
     "        @S@l1 = -g * @S@l0 + p0 + g * @S@l1;\n"
     "        @S@l2 = -g * @S@l1 + p1 + g * @S@l2;\n"
     "        @S@l3 = -g * @S@l2 + p2 + g * @S@l3;\n"
     "        d[0] = @S@l0 - @S@l1;\n        d[1] = @S@l1 - @S@l2;\n        d[2] = @S@l2 - @S@l3;\n"
     "        for (j = 0; j < 3; j++) {\n"
     "            if (d[j] > 0.0)\n                cu += d[j];\n"
     "            else if (d[j] < 0.0)\n                down += d[j];\n"
     "        }\n"
     "        cd = -down;\n"
     "        if (@S@seen <= 3)\n            @S@seen++;\n"
     "        if (@S@seen > 3 && cu + cd != 0.0)\n            @OUT0@ = cu / (cu + cd);\n"
     "    }\n", 0},
    /* ---- the Supertrend and the day's open (fifteenth session) ---- */
    /* supertrend.c supertrend_step: atr.h's step (the atr template's), the
     * basic bands hl2 -/+ @D@ x atr, the ratcheting final bands, the turn on
     * the previous final band */
    {"supertrend", "@G@int @S@count;\n@G@double @S@c1;\n@G@double @S@inv_n;\n"
                   "@G@double @S@prev_close;\n@G@double @S@value;\n@G@int @S@started;\n"
                   "@G@double @S@trend;\n@G@double @S@lower;\n@G@double @S@upper;\n"
                   "@G@double @S@last_close;\n",
     "    @S@count = 0;\n    @S@c1 = (double)(@A0@ - 1) / @A0@;\n    @S@inv_n = 1.0 / @A0@;\n"
     "    @S@prev_close = 0.0;\n    @S@value = 0.0;\n    @S@started = 0;\n"
     "    @S@trend = 1.0;\n    @S@lower = 0.0;\n    @S@upper = 0.0;\n    @S@last_close = 0.0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        int ok = 0;\n"
     "        double tr = @HIGH@ - @LOW@;\n"
     "        double t = @FABS@(@HIGH@ - @S@prev_close);\n"
     "        tr = t > tr ? t : tr;\n"
     "        t = @FABS@(@LOW@ - @S@prev_close);\n"
     "        tr = t > tr ? t : tr;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "        if (@S@count > @A0@) {\n"
     "            @S@value = @S@value * @S@c1 + tr * @S@inv_n;\n"
     "            ok = 1;\n"
     "        } else if (@S@count++ > 0) {\n"
     "            @S@value += tr;\n"
     "            if (@S@count > @A0@) {\n"
     "                @S@value /= @A0@;\n                ok = 1;\n"
     "            }\n"
     "        }\n"
     "        if (ok) {\n"
     "            double mid = (@HIGH@ + @LOW@) / 2.0;\n"
     "            double w = @D@ * @S@value;\n"
     "            double lower = mid - w;\n"
     "            double upper = mid + w;\n"
     "            if (!@S@started) {\n"
     "                @S@started = 1;\n                @S@trend = 1.0;\n"
     "            } else {\n"
     "                if (@S@last_close > @S@lower && @S@lower > lower)\n"
     "                    lower = @S@lower;\n"
     "                if (@S@last_close < @S@upper && @S@upper < upper)\n"
     "                    upper = @S@upper;\n"
     "                if (@S@trend < 0.0 && @CLOSE@ > @S@upper)\n"
     "                    @S@trend = 1.0;\n"
     "                else if (@S@trend > 0.0 && @CLOSE@ < @S@lower)\n"
     "                    @S@trend = -1.0;\n"
     "            }\n"
     "            @S@lower = lower;\n            @S@upper = upper;\n"
     "            @S@last_close = @CLOSE@;\n"
     "            @OUT0@ = @S@trend > 0.0 ? lower : upper;\n"
     "            @OUT1@ = @S@trend;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- Nison's line break (twenty-eighth session) ---- */
    /* linebreak.c linebreak_step: the first line on the first close unlike
     * the first close, a line added past the last line, the colour turned
     * past the last @A0@ lines' extreme (a ring of at most 10 lines) */
    {"linebreak", "@G@int @S@seen;\n@G@int @S@count;\n@G@int @S@pos;\n@G@double @S@first;\n"
                  "@G@double @S@trend;\n@G@double @S@bottom[10];\n@G@double @S@top[10];\n",
     "    @S@seen = 0;\n    @S@count = 0;\n    @S@pos = 0;\n    @S@first = 0.0;\n"
     "    @S@trend = 1.0;\n"
     "    {\n        int k;\n        for (k = 0; k < 10; k++) {\n"
     "            @S@bottom[k] = 0.0;\n            @S@top[k] = 0.0;\n        }\n    }\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        int k;\n"
     "        int j;\n"
     "        int drawn = 0;\n"
     "        double turn;\n"
     "        double nb = 0.0;\n"
     "        double nt = 0.0;\n"
     "        if (!@S@seen) {\n"
     "            @S@seen = 1;\n            @S@first = @CLOSE@;\n"
     "        } else if (@S@count == 0) {\n"
     "            if (@CLOSE@ != @S@first) {\n"
     "                @S@trend = @CLOSE@ > @S@first ? 1.0 : -1.0;\n"
     "                nb = @CLOSE@ > @S@first ? @S@first : @CLOSE@;\n"
     "                nt = @CLOSE@ > @S@first ? @CLOSE@ : @S@first;\n"
     "                drawn = 2;\n"
     "            }\n"
     "        } else {\n"
     "            drawn = 1;\n"
     "            turn = @S@trend > 0.0 ? @S@bottom[@S@pos] : @S@top[@S@pos];\n"
     "            for (k = 1; k < @S@count; k++) {\n"
     "                j = (@S@pos - k + @A0@) % @A0@;\n"
     "                if (@S@trend > 0.0 ? @S@bottom[j] < turn : @S@top[j] > turn)\n"
     "                    turn = @S@trend > 0.0 ? @S@bottom[j] : @S@top[j];\n"
     "            }\n"
     "            if (@S@trend > 0.0) {\n"
     "                if (@CLOSE@ > @S@top[@S@pos]) {\n"
     "                    nb = @S@top[@S@pos];\n                    nt = @CLOSE@;\n"
     "                    drawn = 2;\n"
     "                } else if (@CLOSE@ < turn) {\n"
     "                    @S@trend = -1.0;\n"
     "                    nb = @CLOSE@;\n                    nt = @S@bottom[@S@pos];\n"
     "                    drawn = 2;\n"
     "                }\n"
     "            } else {\n"
     "                if (@CLOSE@ < @S@bottom[@S@pos]) {\n"
     "                    nb = @CLOSE@;\n                    nt = @S@bottom[@S@pos];\n"
     "                    drawn = 2;\n"
     "                } else if (@CLOSE@ > turn) {\n"
     "                    @S@trend = 1.0;\n"
     "                    nb = @S@top[@S@pos];\n                    nt = @CLOSE@;\n"
     "                    drawn = 2;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "        if (drawn == 2) {\n"
     "            @S@pos = (@S@pos + 1) % @A0@;\n"
     "            @S@bottom[@S@pos] = nb;\n            @S@top[@S@pos] = nt;\n"
     "            if (@S@count < @A0@)\n                @S@count++;\n"
     "        }\n"
     "        if (drawn) {\n"
     "            turn = @S@trend > 0.0 ? @S@bottom[@S@pos] : @S@top[@S@pos];\n"
     "            for (k = 1; k < @S@count; k++) {\n"
     "                j = (@S@pos - k + @A0@) % @A0@;\n"
     "                if (@S@trend > 0.0 ? @S@bottom[j] < turn : @S@top[j] > turn)\n"
     "                    turn = @S@trend > 0.0 ? @S@bottom[j] : @S@top[j];\n"
     "            }\n"
     "            @OUT0@ = @S@trend;\n            @OUT1@ = turn;\n"
     "        }\n"
     "    }\n", 0},
    /* day_extreme.c dayopen_step: the UTC day's first open, NaN through the
     * first day seen */
    {"dayopen", "@G@@I64@ @S@day;\n@G@int @S@days;\n@G@double @S@open;\n",
     "    @S@day = 0;\n    @S@days = 0;\n    @S@open = @NAN@;\n",
     "    {\n"
     "        @I64@ t = @TIME@;\n"
     "        @I64@ sec = t % 86400;\n"
     "        @I64@ day;\n"
     "        if (sec < 0)\n            sec += 86400;\n"
     "        day = (t - sec) / 86400;\n"
     "        if (@S@days == 0 || day != @S@day) {\n"
     "            if (@S@days < 2)\n                @S@days++;\n"
     "            @S@day = day;\n"
     "            @S@open = @S@days == 2 ? @OPEN@ : @NAN@;\n"
     "        }\n"
     "        @OUT0@ = @S@open;\n"
     "    }\n", 0},
    /* ---- the MESA adaptive moving average (fifteenth session) ---- */
    /* mama.c mama_step (@D@ the fast limit, @D1@ the slow one): hilbert.h's
     * smoother and Hilbert steps (HT_*), phase, alpha */
    {"mama", "@G@int @S@seen;\n" HT_DECL "@G@double @S@prev_phase;\n"
             "@G@double @S@mama;\n@G@double @S@fama;\n",
     "    @S@seen = 0;\n" HT_RESET
     "    @S@prev_phase = 0.0;\n    @S@mama = 0.0;\n    @S@fama = 0.0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        int k = @S@seen;\n        double smooth;\n"
     "        double i1;\n        double q1;\n"
     "        double phase;\n        double alpha;\n"
     "        if (k < 32)\n            @S@seen++;\n"
     HT_SMOOTH
     "        if (k >= 12) {\n"
     HT_STEP
     "            phase = i1 != 0.0 ? @ATAN@(q1 / i1) * @S@rad2deg : 0.0;\n"
     "            alpha = @S@prev_phase - phase;\n"
     "            @S@prev_phase = phase;\n"
     "            if (alpha < 1.0)\n                alpha = 1.0;\n"
     "            if (alpha > 1.0) {\n"
     "                alpha = @D@ / alpha;\n"
     "                if (alpha < @D1@)\n                    alpha = @D1@;\n"
     "            } else\n                alpha = @D@;\n"
     "            @S@mama = alpha * @CLOSE@ + (1 - alpha) * @S@mama;\n"
     "            alpha *= 0.5;\n"
     "            @S@fama = alpha * @S@mama + (1 - alpha) * @S@fama;\n"
     "            if (k >= 32) {\n"
     "                @OUT0@ = @S@mama;\n                @OUT1@ = @S@fama;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ---- Ehlers' Hilbert-transform cycle items (sixteenth session) ---- */
    /* ht.c htdcperiod_run: the smoothed period from bar 12, NaN before 32 */
    {"htdcperiod", "@G@int @S@seen;\n" HT_DECL "@G@double @S@sp;\n",
     "    @S@seen = 0;\n" HT_RESET "    @S@sp = 0.0;\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        int k = @S@seen;\n        double smooth;\n"
     "        double i1;\n        double q1;\n"
     "        if (k < 32)\n            @S@seen++;\n"
     HT_SMOOTH
     "        if (k >= 12) {\n"
     HT_STEP
     "            @S@sp = 0.33 * @S@period + 0.67 * @S@sp;\n"
     "            if (k >= 32)\n                @OUT0@ = @S@sp;\n"
     "        }\n"
     "    }\n", 0},
    /* ht.c htsine_run: the Hilbert steps from bar 37, ht_phase, NaN before 63 */
    {"htsine", "@G@int @S@seen;\n" HT_DECL HT_CYCLE_DECL,
     "    @S@seen = 0;\n" HT_RESET HT_CYCLE_RESET,
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        int k = @S@seen;\n        double smooth;\n"
     "        double i1;\n        double q1;\n"
     "        int n;\n"
     "        if (k < 63)\n            @S@seen++;\n"
     HT_SMOOTH
     "        if (k >= 37) {\n"
     HT_STEP
     "            @S@sp = 0.33 * @S@period + 0.67 * @S@sp;\n"
     HT_PHASE
     RING_ADVANCE("@S@pos", "50", "            ")
     "            if (k >= 63) {\n"
     "                @OUT0@ = @SIN@(@S@phase * @S@deg2rad);\n"
     "                @OUT1@ = @SIN@((@S@phase + 45) * @S@deg2rad);\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ht.c httrendmode_run and httrendmode_bar */
    {"httrendmode", "@G@int @S@seen;\n" HT_DECL HT_CYCLE_DECL
                    "@G@double @S@closes[50];\n@G@double @S@sine;\n@G@double @S@lead;\n"
                    "@G@double @S@trend1;\n@G@double @S@trend2;\n@G@double @S@trend3;\n"
                    "@G@int @S@days;\n",
     "    @S@seen = 0;\n" HT_RESET HT_CYCLE_RESET
     "    {\n        int k;\n"
     "        for (k = 0; k < 50; k++)\n            @S@closes[k] = 0.0;\n    }\n"
     "    @S@sine = 0.0;\n    @S@lead = 0.0;\n"
     "    @S@trend1 = 0.0;\n    @S@trend2 = 0.0;\n    @S@trend3 = 0.0;\n"
     "    @S@days = 0;\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        int k = @S@seen;\n        double smooth;\n"
     "        double i1;\n        double q1;\n"
     "        int n;\n"
     "        @S@closes[@S@pos] = @CLOSE@;\n"
     "        if (k < 63)\n            @S@seen++;\n"
     HT_SMOOTH
     "        if (k >= 37) {\n"
     "            double prev_phase = @S@phase;\n"
     "            double prev_sine = @S@sine;\n            double prev_lead = @S@lead;\n"
     "            double m = 0.0;\n            double trendline;\n"
     "            double trend = 1.0;\n            double dphase;\n"
     HT_STEP
     "            @S@sp = 0.33 * @S@period + 0.67 * @S@sp;\n"
     HT_PHASE
     "            @S@sine = @SIN@(@S@phase * @S@deg2rad);\n"
     "            @S@lead = @SIN@((@S@phase + 45) * @S@deg2rad);\n"
     "            {\n"
     "                int i;\n                int at = @S@pos;\n"
     "                for (i = 0; i < n; i++) {\n"
     "                    m += @S@closes[at];\n"
     "                    at = at == 0 ? 49 : at - 1;\n"
     "                }\n"
     "            }\n"
     "            if (n > 0)\n                m = m / (double)n;\n"
     "            trendline = (4.0 * m + 3.0 * @S@trend1 + 2.0 * @S@trend2 + @S@trend3) / 10.0;\n"
     "            @S@trend3 = @S@trend2;\n            @S@trend2 = @S@trend1;\n"
     "            @S@trend1 = m;\n"
     "            if ((@S@sine > @S@lead && prev_sine <= prev_lead) ||\n"
     "                (@S@sine < @S@lead && prev_sine >= prev_lead)) {\n"
     "                @S@days = 0;\n                trend = 0.0;\n"
     "            }\n"
     "            @S@days++;\n"
     "            if ((double)@S@days < 0.5 * @S@sp)\n                trend = 0.0;\n"
     "            dphase = @S@phase - prev_phase;\n"
     "            if (@S@sp != 0.0 && dphase > 0.67 * 360.0 / @S@sp &&\n"
     "                dphase < 1.5 * 360.0 / @S@sp)\n"
     "                trend = 0.0;\n"
     "            if (trendline != 0.0 && @FABS@((smooth - trendline) / trendline) >= 0.015)\n"
     "                trend = 1.0;\n"
     "            if (k >= 63)\n                @OUT0@ = trend;\n"
     "        }\n"
     RING_ADVANCE("@S@pos", "50", "        ")
     "    }\n", 0},
    /* ---- the stochastic momentum index and VIDYA (fifteenth session) ---- */
    /* stoch.c smi_step: the window of q highs and lows scanned (the same
     * extremes), ema.h's r-chains of the distance from the window's middle
     * and of its range, the line (0 on a zero smoothed range), ema(s) of it */
    {"smi", "@G@int @S@today;\n@G@int @S@pos;\n@G@double @S@highs[@A0@];\n"
            "@G@double @S@lows[@A0@];\n" EMA_DECL_P("@S@d1_") EMA_DECL_P("@S@d2_")
            EMA_DECL_P("@S@w1_") EMA_DECL_P("@S@w2_") EMA_DECL_P("@S@g_"),
     "    @S@today = 0;\n    @S@pos = 0;\n" EMA_RESET_P("@S@d1_", "@A1@")
     EMA_RESET_P("@S@d2_", "@A1@") EMA_RESET_P("@S@w1_", "@A1@") EMA_RESET_P("@S@w2_", "@A1@")
     EMA_RESET_P("@S@g_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     RING_COUNT("@S@today", "@A0@ - 1", "    ")
     "    else {\n"
     "        double lowest = @S@lows[0];\n        double highest = @S@highs[0];\n"
     "        double d;\n        double w;\n"
     "        double d1 = 0.0;\n        double w1 = 0.0;\n"
     "        double d2 = 0.0;\n        double w2 = 0.0;\n"
     "        double half;\n        double line = 0.0;\n        double g = 0.0;\n"
     "        int ok_d1 = 0;\n        int ok_w1 = 0;\n        int ok_d2 = 0;\n"
     "        int ok_w2 = 0;\n        int ok_g = 0;\n"
     "        int i;\n"
     "        for (i = 1; i < @A0@; i++) {\n"
     "            if (@S@lows[i] < lowest)\n                lowest = @S@lows[i];\n"
     "            if (@S@highs[i] > highest)\n                highest = @S@highs[i];\n"
     "        }\n"
     "        d = @CLOSE@ - (highest + lowest) / 2.0;\n"
     "        w = highest - lowest;\n"
     EMA_INLINE("@S@d1_", "@A1@", "d", "d1", "ok_d1", "        ")
     EMA_INLINE("@S@w1_", "@A1@", "w", "w1", "ok_w1", "        ")
     "        if (ok_d1 && ok_w1) {\n"
     EMA_INLINE("@S@d2_", "@A1@", "d1", "d2", "ok_d2", "            ")
     EMA_INLINE("@S@w2_", "@A1@", "w1", "w2", "ok_w2", "            ")
     "            if (ok_d2 && ok_w2) {\n"
     "                half = 0.5 * w2;\n"
     "                if (half != 0.0)\n                    line = (100.0 * d2) / half;\n"
     LINE_SIGNAL("                ")
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* rsi.c vidya_step: cmo(m) on rsi's smoothing (CMO_READ), the seed the
     * close of its first bar, then a x close + (1 - a) x vidya' */
    {"vidya", RSI_DECL("@S@c_") "@G@int @S@seeded;\n@G@double @S@k;\n@G@double @S@value;\n",
     RSI_RESET("@S@c_", "@A1@") "    @S@seeded = 0;\n"
     "    @S@k = 2.0 / ((double)(@A0@ + 1));\n    @S@value = 0.0;\n",
     "    {\n"
     "        double cmo = 0.0;\n"
     RSI_BLOCK_AS("@S@c_", "@A1@", "cmo", "        ", CMO_READ("@S@c_"))
     "        if (@ISNAN@(cmo))\n            @OUT0@ = @NAN@;\n"
     "        else if (!@S@seeded) {\n"
     "            @S@seeded = 1;\n            @S@value = @CLOSE@;\n"
     "            @OUT0@ = @CLOSE@;\n"
     "        } else {\n"
     "            double a = @S@k * @FABS@(cmo) / 100.0;\n"
     "            double now = a * @CLOSE@;\n"
     "            double kept = (1.0 - a) * @S@value;\n"
     "            @S@value = now + kept;\n"
     "            @OUT0@ = @S@value;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- the Klinger volume oscillator and the close's correlation with
     * time (sixteenth session, second helper) ---- */
    /* kvo.c kvo_force and kvo_run: the volume force from bar 1 (trend of
     * h+l+c, cm of the range), ema.h's EMAs of it and of their difference */
    {"kvo", "@G@int @S@seen;\n@G@int @S@trend;\n@G@double @S@prev_tp;\n@G@double @S@prev_dm;\n"
            "@G@double @S@cm;\n" EMA_DECL_P("@S@f_") EMA_DECL_P("@S@s_") EMA_DECL_P("@S@g_"),
     "    @S@seen = 0;\n    @S@trend = 0;\n    @S@prev_tp = 0.0;\n    @S@prev_dm = 0.0;\n"
     "    @S@cm = 0.0;\n"
     EMA_RESET_P("@S@f_", "@A0@") EMA_RESET_P("@S@s_", "@A1@") EMA_RESET_P("@S@g_", "@A2@"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    {\n"
     "        double tp = @HIGH@ + @LOW@ + @CLOSE@;\n"
     "        double dm = @HIGH@ - @LOW@;\n"
     "        if (@S@seen) {\n"
     "            int tr = tp > @S@prev_tp ? 1 : -1;\n"
     "            double vf = 0.0;\n            double fe = 0.0;\n            double se = 0.0;\n"
     "            int ok_f = 0;\n            int ok_s = 0;\n"
     "            if (tr == @S@trend)\n                @S@cm = @S@cm + dm;\n"
     "            else\n                @S@cm = @S@prev_dm + dm;\n"
     "            @S@trend = tr;\n"
     "            if (@S@cm != 0.0)\n"
     "                vf = @VOLUME@ * @FABS@(2.0 * (dm / @S@cm - 1.0)) * (double)tr * 100.0;\n"
     EMA_INLINE("@S@f_", "@A0@", "vf", "fe", "ok_f", "            ")
     EMA_INLINE("@S@s_", "@A1@", "vf", "se", "ok_s", "            ")
     "            if (ok_f && ok_s) {\n"
     "                double line = fe - se;\n"
     "                double g = 0.0;\n                int ok_g = 0;\n"
     LINE_SIGNAL("                ")
     "            }\n"
     "        }\n"
     "        @S@seen = 1;\n        @S@prev_tp = tp;\n        @S@prev_dm = dm;\n"
     "    }\n", 0},
    /* kvo.c correl_run: a ring of n closes, the window's mean and centred
     * sums against y = 0..n-1 oldest first, 0 below TA-Lib's 1e-14 */
    {"correl", RING_DECL("@A0@"), RING_RESET,
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     RING_PUSH("@CLOSE@", "@A0@")
     "        if (@S@filled >= @A0@) {\n"
     "            double nn = (double)@A0@;\n"
     "            double half = (double)(@A0@ - 1) / 2.0;\n"
     "            double sum = 0.0;\n            double mean = 0.0;\n"
     "            double sxx = 0.0;\n            double sxy = 0.0;\n"
     "            double q = 0.0;\n            double r = 0.0;\n"
     "            int k = @S@pos;\n            int j = 0;\n"
     "            for (j = 0; j < @A0@; j++) {\n"
     "                sum += @S@ring[k];\n"
     "                k = k + 1 == @A0@ ? 0 : k + 1;\n"
     "            }\n"
     "            mean = sum / nn;\n"
     "            k = @S@pos;\n"
     "            for (j = 0; j < @A0@; j++) {\n"
     "                double d = @S@ring[k] - mean;\n"
     "                sxx += d * d;\n"
     "                sxy += d * ((double)j - half);\n"
     "                k = k + 1 == @A0@ ? 0 : k + 1;\n"
     "            }\n"
     "            q = sxx * (nn * (nn * nn - 1.0) / 12.0);\n"
     "            if (q >= 0.00000000000001) {\n"
     "                r = sxy / @SQRT@(q);\n"
     "                if (r > 1.0)\n                    r = 1.0;\n"
     "                else if (r < -1.0)\n                    r = -1.0;\n"
     "            }\n"
     "            @OUT0@ = r;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- Chande's intraday momentum index (seventeenth session) ---- */
    /* imi.c imi_run: a ring of n bodies, TA-Lib's two sums afresh each bar,
     * oldest first, 50 on an all-flat window */
    {"imi", RING_DECL("@A0@"), RING_RESET,
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     RING_PUSH("@CLOSE@ - @OPEN@", "@A0@")
     "        if (@S@filled >= @A0@) {\n"
     "            double up = 0.0;\n            double down = 0.0;\n"
     "            double tot = 0.0;\n"
     "            int k = @S@pos;\n            int j = 0;\n"
     "            for (j = 0; j < @A0@; j++) {\n"
     "                if (@S@ring[k] > 0.0)\n                    up += @S@ring[k];\n"
     "                else\n                    down -= @S@ring[k];\n"
     "                k = k + 1 == @A0@ ? 0 : k + 1;\n"
     "            }\n"
     "            tot = up + down;\n"
     "            @OUT0@ = tot != 0.0 ? 100.0 * (up / tot) : 50.0;\n"
     "        }\n"
     "    }\n", 0},
    /* imi.c relvol_run: TA-Lib STDDEV's running sums over a ring of n
     * closes (means, then the oldest dropped), ema.h of the up / down
     * deviations from bar n - 1, 50 where both are 0 */
    {"relvol", RING_DECL("@A0@") "@G@double @S@sum1;\n@G@double @S@sum2;\n@G@double @S@prev;\n"
               EMA_DECL_P("@S@u_") EMA_DECL_P("@S@d_"),
     RING_RESET "    @S@sum1 = 0.0;\n    @S@sum2 = 0.0;\n    @S@prev = 0.0;\n"
     EMA_RESET_P("@S@u_", "@A1@") EMA_RESET_P("@S@d_", "@A1@"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double x = @CLOSE@;\n"
     "        @S@sum1 += x;\n        @S@sum2 += x * x;\n"
     RING_PUSH("x", "@A0@")
     "        if (@S@filled == @A0@) {\n"
     "            double mean1 = @S@sum1 / (double)@A0@;\n"
     "            double mean2 = @S@sum2 / (double)@A0@;\n"
     "            double old = @S@ring[@S@pos];\n"
     "            double var = 0.0;\n            double sd = 0.0;\n"
     "            double u = 0.0;\n            double d = 0.0;\n"
     "            double eu = 0.0;\n            double ed = 0.0;\n"
     "            int ok_u = 0;\n            int ok_d = 0;\n"
     "            @S@sum1 -= old;\n            @S@sum2 -= old * old;\n"
     "            var = mean2 - mean1 * mean1;\n"
     "            sd = var < 0.00000001 ? 0.0 : @SQRT@(var);\n"
     "            if (x > @S@prev)\n                u = sd;\n"
     "            if (x < @S@prev)\n                d = sd;\n"
     EMA_INLINE("@S@u_", "@A1@", "u", "eu", "ok_u", "            ")
     EMA_INLINE("@S@d_", "@A1@", "d", "ed", "ok_d", "            ")
     "            if (ok_u && ok_d) {\n"
     "                double tot = eu + ed;\n"
     "                @OUT0@ = tot != 0.0 ? 100.0 * eu / tot : 50.0;\n"
     "            }\n"
     "        }\n"
     "        @S@prev = x;\n"
     "    }\n", 0},
    /* ---- Connors RSI (eighteenth session) ---- */
    /* crsi.c crsi_step: the streak and the ring of the last c one-bar
     * returns (pr counts those strictly below today's), rsi.h's rsi of the
     * close (@S@p_) and of the streak (@S@s_), the three summed, / 3 */
    {"crsi", RING_DECL("@A2@") "@G@int @S@started;\n@G@double @S@prev;\n@G@double @S@run;\n"
             RSI_DECL("@S@p_") RSI_DECL("@S@s_"),
     RING_RESET "    @S@started = 0;\n    @S@prev = 0.0;\n    @S@run = 0.0;\n"
     RSI_RESET("@S@p_", "@A0@") RSI_RESET("@S@s_", "@A1@"),
     "    {\n"
     "        double pr = @NAN@;\n"
     "        double r1 = 0.0;\n        double r2 = 0.0;\n"
     "        double run = 0.0;\n"
     "        if (!@S@started) {\n"
     "            @S@started = 1;\n            @S@run = 0.0;\n"
     "        } else {\n"
     "            double p = @S@prev;\n"
     "            double ret = 0.0;\n"
     "            if (@CLOSE@ > p)\n                @S@run = @S@run > 0.0 ? @S@run + 1.0 : 1.0;\n"
     "            else if (@CLOSE@ < p)\n                @S@run = @S@run < 0.0 ? @S@run - 1.0 : -1.0;\n"
     "            else\n                @S@run = 0.0;\n"
     "            ret = @CLOSE@ / p - 1.0;\n"
     "            if (@S@filled == @A2@) {\n"
     "                int below = 0;\n                int j = 0;\n"
     "                for (j = 0; j < @A2@; j++)\n"
     "                    if (@S@ring[j] < ret)\n                        below++;\n"
     "                pr = 100.0 * (double)below / (double)@A2@;\n"
     "            }\n"
     RING_PUSH("ret", "@A2@")
     "        }\n"
     "        @S@prev = @CLOSE@;\n"
     "        run = @S@run;\n"
     RSI_BLOCK("@S@p_", "@A0@", "r1", "        ")
     RSI_BLOCK_ON("@S@s_", "@A1@", "run", "r2", "        ")
     "        @OUT0@ = (r1 + r2 + pr) / 3.0;\n"
     "    }\n", 0},
    /* ---- the instantaneous trendline and the ADX rating (eighteenth session) ---- */
    /* ht.c httrendline_run and ht_trendline: httrendmode's trendline, no phase */
    {"httrendline", "@G@int @S@seen;\n" HT_DECL "@G@double @S@sp;\n@G@int @S@pos;\n"
                    "@G@double @S@closes[50];\n"
                    "@G@double @S@trend1;\n@G@double @S@trend2;\n@G@double @S@trend3;\n",
     "    @S@seen = 0;\n" HT_RESET "    @S@sp = 0.0;\n    @S@pos = 0;\n"
     "    {\n        int k;\n"
     "        for (k = 0; k < 50; k++)\n            @S@closes[k] = 0.0;\n    }\n"
     "    @S@trend1 = 0.0;\n    @S@trend2 = 0.0;\n    @S@trend3 = 0.0;\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        int k = @S@seen;\n        double smooth;\n"
     "        double i1;\n        double q1;\n"
     "        @S@closes[@S@pos] = @CLOSE@;\n"
     "        if (k < 63)\n            @S@seen++;\n"
     HT_SMOOTH
     "        if (k >= 37) {\n"
     "            double m = 0.0;\n            double trendline;\n"
     "            int n;\n"
     HT_STEP
     "            @S@sp = 0.33 * @S@period + 0.67 * @S@sp;\n"
     "            n = (int)(@S@sp + 0.5);\n"
     "            {\n"
     "                int i;\n                int at = @S@pos;\n"
     "                for (i = 0; i < n; i++) {\n"
     "                    m += @S@closes[at];\n"
     "                    at = at == 0 ? 49 : at - 1;\n"
     "                }\n"
     "            }\n"
     "            if (n > 0)\n                m = m / (double)n;\n"
     "            trendline = (4.0 * m + 3.0 * @S@trend1 + 2.0 * @S@trend2 + @S@trend3) / 10.0;\n"
     "            @S@trend3 = @S@trend2;\n            @S@trend2 = @S@trend1;\n"
     "            @S@trend1 = m;\n"
     "            if (k >= 63)\n                @OUT0@ = trendline;\n"
     "        }\n"
     RING_ADVANCE("@S@pos", "50", "        ")
     "    }\n", 0},
    /* adx.c adxr_run: adx's step (as the adx template), then the mean of
     * this ADX and the one n-1 bars earlier: ring.h's ring of n-1 (of @A0@
     * slots), its oldest read once full, then this ADX pushed over it
     * (bc_ring_swap is that read and push) */
    {"adxr", DM_DECL "@G@int @S@dx_count;\n@G@double @S@sum_dx;\n@G@double @S@adx;\n"
             RING_DECL("@A0@"),
     DM_RESET "    @S@dx_count = 0;\n    @S@sum_dx = 0.0;\n    @S@adx = 0.0;\n" RING_RESET,
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        int smoothed = 0;\n"
     "        int has = 0;\n"
     DM_STEP("smoothed")
     "        if (smoothed) {\n"
     ADX_SMOOTH
     "            has = has_adx;\n"
     "        }\n"
     "        if (has && @S@filled == @A0@ - 1)\n"
     "            @OUT0@ = (@S@adx + @S@ring[@S@pos]) / 2.0;\n"
     "        if (has) {\n"
     RING_PUSH("@S@adx", "@A0@ - 1")
     "        }\n"
     "    }\n", 0},    /* ---- the dual-thrust range (nineteenth session) ---- */
    /* dtrange.c dtrange_step: the last n highs, lows and closes in rings,
     * scanned from slot 0 once n bars have come; max(HH - LC, HC - LL) */
    {"dtrange", "@G@int @S@pos;\n@G@int @S@filled;\n@G@double @S@hs[@A0@];\n"
                "@G@double @S@ls[@A0@];\n@G@double @S@cs[@A0@];\n",
     "    @S@pos = 0;\n    @S@filled = 0;\n",
     "    @OUT0@ = @NAN@;\n"
     RING_SET("@S@hs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@ls", "@S@pos", "@LOW@", "    ")
     RING_SET("@S@cs", "@S@pos", "@CLOSE@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     RING_COUNT("@S@filled", "@A0@", "    ")
     "    if (@S@filled == @A0@) {\n"
     "        double hh = @S@hs[0];\n        double ll = @S@ls[0];\n"
     "        double hc = @S@cs[0];\n        double lc = @S@cs[0];\n"
     "        double a;\n        double b;\n        int k;\n"
     "        for (k = 1; k < @A0@; k++) {\n"
     "            if (@S@hs[k] > hh)\n                hh = @S@hs[k];\n"
     "            if (@S@ls[k] < ll)\n                ll = @S@ls[k];\n"
     "            if (@S@cs[k] > hc)\n                hc = @S@cs[k];\n"
     "            if (@S@cs[k] < lc)\n                lc = @S@cs[k];\n"
     "        }\n"
     "        a = hh - lc;\n        b = hc - ll;\n"
     "        @OUT0@ = a > b ? a : b;\n"
     "    }\n", 0},
    /* ---- appended: wad.c wad_run (a NaN high, low or close skipped) ---- */
    {"wad", "@G@@I64@ @S@seen;\n@G@double @S@prev_close;\n@G@double @S@wad;\n",
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n    @S@wad = 0.0;\n",
     "    if (@ISNAN@(@HIGH@) || @ISNAN@(@LOW@) || @ISNAN@(@CLOSE@))\n        @OUT0@ = @NAN@;\n"
     "    else {\n"
     "        if (@S@seen > 0) {\n"
     "            double pc = @S@prev_close;\n"
     "            if (@CLOSE@ > pc)\n"
     "                @S@wad += @CLOSE@ - (@LOW@ < pc ? @LOW@ : pc);\n"
     "            else if (@CLOSE@ < pc)\n"
     "                @S@wad += @CLOSE@ - (@HIGH@ > pc ? @HIGH@ : pc);\n"
     "        }\n"
     "        @S@seen = @S@seen + 1;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "        @OUT0@ = @S@wad;\n"
     "    }\n", 0},
    /* rwi.c rwi_step: atr.h's step (as the squeeze template's "a_"), then
     * the last n highs and lows (two rings of @A0@, their oldest read before
     * this bar's goes over it) */
    {"rwi", "@G@int @S@a_count;\n@G@double @S@a_c1;\n@G@double @S@a_inv_n;\n"
            "@G@double @S@a_prev_close;\n@G@double @S@a_value;\n@G@double @S@root;\n"
            "@G@int @S@filled;\n@G@int @S@pos;\n@G@double @S@highs[@A0@];\n"
            "@G@double @S@lows[@A0@];\n",
     "    @S@a_count = 0;\n    @S@a_c1 = (double)(@A0@ - 1) / @A0@;\n"
     "    @S@a_inv_n = 1.0 / @A0@;\n    @S@a_prev_close = 0.0;\n    @S@a_value = 0.0;\n"
     "    @S@root = @SQRT@((double)@A0@);\n    @S@filled = 0;\n    @S@pos = 0;\n",
     "    {\n"
     "        double tr = @HIGH@ - @LOW@;\n        double t;\n"
     "        double atr = 0.0;\n        int a_ok = 0;\n"
     "        int full = @S@filled == @A0@;\n"
     "        double high_then = @S@highs[@S@pos];\n"
     "        double low_then = @S@lows[@S@pos];\n"
     ATR_A_STEP
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "        ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     RING_COUNT("@S@filled", "@A0@", "        ")
     "        if (!full || !a_ok) {\n"
     "            @OUT0@ = @NAN@;\n            @OUT1@ = @NAN@;\n"
     "        } else if (atr == 0.0) {\n"
     "            @OUT0@ = 0.0;\n            @OUT1@ = 0.0;\n"
     "        } else {\n"
     "            double scale = atr * @S@root;\n"
     "            @OUT0@ = (@HIGH@ - low_then) / scale;\n"
     "            @OUT1@ = (high_then - @LOW@) / scale;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- Ehlers' center of gravity (nineteenth session) ---- */
    /* cog.c cog_run: the window of the last n closes summed afresh, k bars
     * ago for k = 0 .. n-1 (the newest first), weights k + 1 */
    {"cog", RING_DECL("@A0@"), RING_RESET,
     "    if (@ISNAN@(@CLOSE@))\n        @OUT0@ = @NAN@;\n"
     "    else {\n"
     "        int at = @S@pos;\n        int k = 0;\n"
     "        double num = 0.0;\n        double den = 0.0;\n        double v = 0.0;\n"
     RING_PUSH("@CLOSE@", "@A0@")
     "        @OUT0@ = @NAN@;\n"
     "        if (@S@filled == @A0@) {\n"
     "            for (k = 0; k < @A0@; k++) {\n"
     "                v = @S@ring[at >= k ? at - k : at - k + @A0@];\n"
     "                num += (double)(k + 1) * v;\n"
     "                den += v;\n"
     "            }\n"
     "            if (den != 0.0)\n                @OUT0@ = -num / den;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- the learned moving average (twentieth session) ---- */
    /* fir.c: bc_feature_fir_weights at reset (the cubic of u = k / (n-1)
     * by Horner, summed in order, each divided by the sum), fir_run per
     * bar (the newest close first, multiplies and adds apart) */
    {"fir", RING_DECL("@A0@") "@G@double @S@w[@A0@];\n",
     RING_RESET
     "    {\n"
     "        int k;\n        double total = 0.0;\n        double u = 0.0;\n        double p = 0.0;\n"
     "        for (k = 0; k < @A0@; k++) {\n"
     "            u = (double)k / (double)(@A0@ - 1);\n"
     "            p = ((@D3@ * u + @D2@) * u + @D1@) * u + @D@;\n"
     "            @S@w[k] = p;\n"
     "            total += p;\n"
     "        }\n"
     "        for (k = 0; k < @A0@; k++)\n            @S@w[k] = @S@w[k] / total;\n"
     "    }\n",
     "    if (@ISNAN@(@CLOSE@))\n        @OUT0@ = @NAN@;\n"
     "    else {\n"
     "        int at = @S@pos;\n        int k = 0;\n        double acc = 0.0;\n"
     RING_PUSH("@CLOSE@", "@A0@")
     "        @OUT0@ = @NAN@;\n"
     "        if (@S@filled == @A0@) {\n"
     "            for (k = 0; k < @A0@; k++) {\n"
     "                acc += @S@w[k] * @S@ring[at];\n"
     "                if (--at < 0)\n                    at = @A0@ - 1;\n"
     "            }\n"
     "            @OUT0@ = acc;\n"
     "        }\n"
     "    }\n", 0},
    /* trima.c trima_step: sma.h's step of (n+1)/2 on the close, then of
     * n/2 + 1 on that mean (rings sized n, enough for both) */
    {"trima", SMA_DECL("@S@a_", "@A0@") SMA_DECL("@S@b_", "@A0@"),
     SMA_RESET("@S@a_", "((@A0@ + 1) / 2)") SMA_RESET("@S@b_", "(@A0@ / 2 + 1)"),
     "    {\n"
     "        double m = @NAN@;\n        double v = @NAN@;\n"
     "        int ok1 = 0;\n        int ok2 = 0;\n"
     SMA_INLINE("@S@a_", "((@A0@ + 1) / 2)", "@CLOSE@", "m", "ok1", "        ")
     "        if (ok1) {\n"
     SMA_INLINE("@S@b_", "(@A0@ / 2 + 1)", "m", "v", "ok2", "            ")
     "        }\n"
     "        @OUT0@ = ok2 ? v : @NAN@;\n"
     "    }\n", 0},
    /* trima.c ssf_step: Ehlers' two-pole super smoother, the close on the
     * first two bars as the seed (no value), then c1 (x + x@1) / 2 + c2 f@1
     * + c3 f@2 in that order; the coefficients as ssf_reset computes them */
    {"ssf",
     "@G@double @S@c1;\n@G@double @S@c2;\n@G@double @S@c3;\n@G@double @S@prev;\n"
     "@G@double @S@f1;\n@G@double @S@f2;\n@G@int @S@seen;\n",
     "    {\n"
     "        double a1 = @EXP@(-1.414 * 3.14159265358979323846 / (double)@A0@);\n"
     "        @S@c2 = 2.0 * a1 * @COS@(1.414 * 3.14159265358979323846 / (double)@A0@);\n"
     "        @S@c3 = -a1 * a1;\n"
     "        @S@c1 = 1.0 - @S@c2 - @S@c3;\n"
     "    }\n"
     "    @S@prev = 0.0;\n    @S@f1 = 0.0;\n    @S@f2 = 0.0;\n    @S@seen = 0;\n",
     "    if (@S@seen < 2) {\n"
     "        @S@f2 = @S@f1;\n        @S@f1 = @CLOSE@;\n        @S@prev = @CLOSE@;\n"
     "        @S@seen++;\n"
     "        @OUT0@ = @NAN@;\n"
     "    } else {\n"
     "        double f = @S@c1 * (@CLOSE@ + @S@prev) / 2.0 + @S@c2 * @S@f1 + @S@c3 * @S@f2;\n"
     "        @S@f2 = @S@f1;\n        @S@f1 = f;\n        @S@prev = @CLOSE@;\n"
     "        @OUT0@ = f;\n"
     "    }\n", 0},
    /* trima.c us_step: Ehlers' UltimateSmoother, the close on the first two
     * bars as the seed (no value), then (1 - c1) x + (2 c1 - c2) x@1
     * - (c1 + c3) x@2 + c2 us@1 + c3 us@2 in that order; the coefficients
     * as us_core_reset computes them */
#define US_DECL \
    "@G@double @S@c1;\n@G@double @S@c2;\n@G@double @S@c3;\n@G@double @S@x1;\n" \
    "@G@double @S@x2;\n@G@double @S@u1;\n@G@double @S@u2;\n@G@int @S@seen;\n"
#define US_RESET \
    "    {\n" \
    "        double a1 = @EXP@(-1.414 * 3.14159265358979323846 / (double)@A0@);\n" \
    "        @S@c2 = 2.0 * a1 * @COS@(1.414 * 3.14159265358979323846 / (double)@A0@);\n" \
    "        @S@c3 = -a1 * a1;\n" \
    "        @S@c1 = (1.0 + @S@c2 - @S@c3) / 4.0;\n" \
    "    }\n" \
    "    @S@x1 = 0.0;\n    @S@x2 = 0.0;\n    @S@u1 = 0.0;\n    @S@u2 = 0.0;\n    @S@seen = 0;\n"
/* u: the smoother's value or NaN in the seed; I the indent */
#define US_STEP(U, I) \
    I "if (@S@seen < 2) {\n" \
    I "    @S@seen++;\n" \
    I "    " U " = @NAN@;\n" \
    I "    @S@x2 = @S@x1;\n" I "    @S@x1 = @CLOSE@;\n" \
    I "    @S@u2 = @S@u1;\n" I "    @S@u1 = @CLOSE@;\n" \
    I "} else {\n" \
    I "    " U " = (1.0 - @S@c1) * @CLOSE@ + (2.0 * @S@c1 - @S@c2) * @S@x1" \
    " - (@S@c1 + @S@c3) * @S@x2 + @S@c2 * @S@u1 + @S@c3 * @S@u2;\n" \
    I "    @S@x2 = @S@x1;\n" I "    @S@x1 = @CLOSE@;\n" \
    I "    @S@u2 = @S@u1;\n" I "    @S@u1 = " U ";\n" \
    I "}\n"
    {"usmooth", US_DECL, US_RESET,
     "    {\n        double u = 0.0;\n" US_STEP("u", "        ") "        @OUT0@ = u;\n    }\n", 0},
    /* trima.c uband_step: the smoother, then sma.h's mean of (close - us)^2
     * over n, (close - us) / its square root, NaN while it is 0 */
    {"uband", US_DECL SMA_DECL("@S@v_", "@A0@"), US_RESET SMA_RESET("@S@v_", "@A0@"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n        double u = 0.0;\n" US_STEP("u", "        ")
     "        if (!@ISNAN@(u)) {\n"
     "            double d = @CLOSE@ - u;\n"
     "            double sq = d * d;\n"
     "            double m = 0.0;\n            int ok = 0;\n"
     SMA_INLINE("@S@v_", "@A0@", "sq", "m", "ok", "            ")
     "            if (ok && m > 0.0)\n                @OUT0@ = d / @SQRT@(m);\n"
     "        }\n"
     "    }\n", 0},
    /* trima.c decycler_step: Ehlers' simple decycler, the close less his
     * two-pole high-pass, hp = 0 on the first two bars (the seed, no
     * value), then (1 - a1/2)^2 (x - 2 x@1 + x@2) + 2 (1 - a1) hp@1
     * - (1 - a1)^2 hp@2 in that order; the coefficients as decycler_reset
     * computes them */
    {"decycler",
     "@G@double @S@k0;\n@G@double @S@k1;\n@G@double @S@k2;\n@G@double @S@x1;\n"
     "@G@double @S@x2;\n@G@double @S@h1;\n@G@double @S@h2;\n@G@int @S@seen;\n",
     "    {\n"
     "        double w = 0.707 * 2.0 * 3.14159265358979323846 / (double)@A0@;\n"
     "        double a1 = (@COS@(w) + @SIN@(w) - 1.0) / @COS@(w);\n"
     "        @S@k0 = (1.0 - a1 / 2.0) * (1.0 - a1 / 2.0);\n"
     "        @S@k1 = 2.0 * (1.0 - a1);\n"
     "        @S@k2 = (1.0 - a1) * (1.0 - a1);\n"
     "    }\n"
     "    @S@x1 = 0.0;\n    @S@x2 = 0.0;\n    @S@h1 = 0.0;\n    @S@h2 = 0.0;\n    @S@seen = 0;\n",
     "    {\n"
     "        double hp = 0.0;\n"
     "        @OUT0@ = @NAN@;\n"
     "        if (@S@seen < 2)\n            @S@seen++;\n"
     "        else {\n"
     "            hp = @S@k0 * (@CLOSE@ - 2.0 * @S@x1 + @S@x2) + @S@k1 * @S@h1 - @S@k2 * @S@h2;\n"
     "            @OUT0@ = @CLOSE@ - hp;\n"
     "        }\n"
     "        @S@x2 = @S@x1;\n        @S@x1 = @CLOSE@;\n"
     "        @S@h2 = @S@h1;\n        @S@h1 = hp;\n"
     "    }\n", 0},
    /* ---- appended: Pee's trend intensity index (twentieth session) ---- */
    /* tii.c tii_step: sma.h of the close, its deviations in a ring of m,
     * summed in slot order once m have come; 100 x (up / all), 50 on 0 */
    {"tii", SMA_DECL("@S@m_", "@A0@") "@G@int @S@pos;\n@G@int @S@filled;\n"
            "@G@double @S@devs[@A1@];\n",
     SMA_RESET("@S@m_", "@A0@") "    @S@pos = 0;\n    @S@filled = 0;\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double mean = 0.0;\n        int ok = 0;\n"
     SMA_INLINE("@S@m_", "@A0@", "@CLOSE@", "mean", "ok", "        ")
     "        if (ok) {\n"
     RING_PUSH_IN("@S@devs", "@S@pos", "@S@filled", "@CLOSE@ - mean", "@A1@", "            ")
     "            if (@S@filled == @A1@) {\n"
     "                double up = 0.0;\n                double all = 0.0;\n                int k;\n"
     "                for (k = 0; k < @A1@; k++) {\n"
     "                    double d = @S@devs[k];\n"
     "                    if (d > 0.0)\n                        up += d;\n"
     "                    all += @FABS@(d);\n"
     "                }\n"
     "                @OUT0@ = all > 0.0 ? 100.0 * (up / all) : 50.0;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* tii.c rangepos_step: the n bars before this one in rings, scanned from
     * slot 0; (close - LL) / (HH - LL), NaN on a flat window */
    {"rangepos", "@G@int @S@pos;\n@G@int @S@filled;\n@G@double @S@hs[@A0@];\n"
                 "@G@double @S@ls[@A0@];\n",
     "    @S@pos = 0;\n    @S@filled = 0;\n",
     "    @OUT0@ = @NAN@;\n"
     "    if (@S@filled == @A0@) {\n"
     "        double hh = @S@hs[0];\n        double ll = @S@ls[0];\n"
     "        double width;\n        int k;\n"
     "        for (k = 1; k < @A0@; k++) {\n"
     "            if (@S@hs[k] > hh)\n                hh = @S@hs[k];\n"
     "            if (@S@ls[k] < ll)\n                ll = @S@ls[k];\n"
     "        }\n"
     "        width = hh - ll;\n"
     "        if (width != 0.0)\n            @OUT0@ = (@CLOSE@ - ll) / width;\n"
     "    }\n"
     RING_SET("@S@hs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@ls", "@S@pos", "@LOW@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     "    if (@S@filled < @A0@)\n        @S@filled++;\n", 0},
    /* tii.c tdi_step: the closes, the last n moms and the n before them in
     * three rings of n (the moms' evicted oldest into the before ring); once
     * that is full, direction = the moms' sum, tdi = |direction| - the sum of
     * the before ring's |mom|, both summed in slot order */
    {"tdi", "@G@int @S@cpos;\n@G@int @S@cfill;\n@G@double @S@closes[@A0@];\n"
            "@G@int @S@mpos;\n@G@int @S@mfill;\n@G@double @S@moms[@A0@];\n"
            "@G@int @S@bpos;\n@G@int @S@bfill;\n@G@double @S@before[@A0@];\n",
     "    @S@cpos = 0;\n    @S@cfill = 0;\n    @S@mpos = 0;\n    @S@mfill = 0;\n"
     "    @S@bpos = 0;\n    @S@bfill = 0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    if (@S@cfill < @A0@) {\n"
     RING_PUSH_IN("@S@closes", "@S@cpos", "@S@cfill", "@CLOSE@", "@A0@", "        ")
     "    } else {\n"
     "        double mom = @CLOSE@ - @S@closes[@S@cpos];\n"
     RING_SET("@S@closes", "@S@cpos", "@CLOSE@", "        ")
     RING_ADVANCE("@S@cpos", "@A0@", "        ")
     "        if (@S@mfill < @A0@) {\n"
     RING_PUSH_IN("@S@moms", "@S@mpos", "@S@mfill", "mom", "@A0@", "            ")
     "        } else {\n"
     "            double gone = @S@moms[@S@mpos];\n"
     RING_SET("@S@moms", "@S@mpos", "mom", "            ")
     RING_ADVANCE("@S@mpos", "@A0@", "            ")
     RING_PUSH_IN("@S@before", "@S@bpos", "@S@bfill", "gone", "@A0@", "            ")
     "            if (@S@bfill == @A0@) {\n"
     "                double dir = 0.0;\n                double noise = 0.0;\n"
     "                int k;\n"
     "                for (k = 0; k < @A0@; k++) {\n"
     "                    dir += @S@moms[k];\n"
     "                    noise += @FABS@(@S@before[k]);\n"
     "                }\n"
     "                @OUT1@ = dir;\n"
     "                @OUT0@ = @FABS@(dir) - noise;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* rainbow.c rainbow_step: the closes in a ring of r (pushed first), the
     * n averages of the previous bar in m; m(i+1) = 0.5 (m(i) + m(i)@1) while
     * bar t >= i + 1, summed in order; once t >= n and the ring is full,
     * 100 (close - sum / n) / (the ring's max - min), NaN on a flat range */
    {"rainbow", "@G@int @S@seen;\n@G@double @S@prev;\n@G@double @S@m[@A0@];\n"
                "@G@int @S@cpos;\n@G@int @S@cfill;\n@G@double @S@closes[@A1@];\n",
     "    @S@seen = 0;\n    @S@prev = 0.0;\n    @S@cpos = 0;\n    @S@cfill = 0;\n",
     "    @OUT0@ = @NAN@;\n"
     RING_PUSH_IN("@S@closes", "@S@cpos", "@S@cfill", "@CLOSE@", "@A1@", "    ")
     "    {\n"
     "        int t = @S@seen;\n"
     "        if (@S@seen <= @A0@)\n            @S@seen++;\n"
     "        if (t == 0) {\n"
     "            @S@prev = @CLOSE@;\n"
     "        } else {\n"
     "            double a = @CLOSE@;\n            double b = @S@prev;\n"
     "            double sum = 0.0;\n            int i;\n"
     "            @S@prev = @CLOSE@;\n"
     "            for (i = 0; i < @A0@ && i < t; i++) {\n"
     "                double mi = 0.5 * (a + b);\n"
     "                b = @S@m[i];\n"
     "                @S@m[i] = mi;\n"
     "                a = mi;\n"
     "                sum += mi;\n"
     "            }\n"
     "            if (t >= @A0@ && @S@cfill == @A1@) {\n"
     "                double hi = @S@closes[0];\n                double lo = @S@closes[0];\n"
     "                double width;\n                int k;\n"
     "                for (k = 1; k < @A1@; k++) {\n"
     "                    if (@S@closes[k] > hi)\n                        hi = @S@closes[k];\n"
     "                    if (@S@closes[k] < lo)\n                        lo = @S@closes[k];\n"
     "                }\n"
     "                width = hi - lo;\n"
     "                if (width != 0.0)\n"
     "                    @OUT0@ = 100.0 * (@CLOSE@ - sum / @A0@) / width;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* tdrei.c tdrei_step: the last 9 bars' prices in three rings (slot bar
     * - 1 - k holds k bars back), from the ninth bar the qualified term and
     * its size, TA-Lib SUM's running sums of both (two rings of n terms),
     * 100 x their ratio where the sizes' sum is above 0 */
    {"tdrei", SUMS_DECL "@G@int @S@seen;\n@G@int @S@bar;\n"
              "@G@double @S@v_sum;\n@G@double @S@a_sum;\n"
              "@G@double @S@hi[9];\n@G@double @S@lo[9];\n@G@double @S@cl[9];\n"
              "@G@double @S@vr[@A0@];\n@G@double @S@ar[@A0@];\n",
     SUMS_RESET "    @S@seen = 0;\n    @S@bar = 0;\n"
     "    @S@v_sum = 0.0;\n    @S@a_sum = 0.0;\n",
     "    @OUT0@ = @NAN@;\n"
     RING_SET("@S@hi", "@S@bar", "@HIGH@", "    ")
     RING_SET("@S@lo", "@S@bar", "@LOW@", "    ")
     RING_SET("@S@cl", "@S@bar", "@CLOSE@", "    ")
     RING_ADVANCE("@S@bar", "9", "    ")
     "    if (@S@seen < 9)\n        @S@seen++;\n"
     "    if (@S@seen == 9) {\n"
     "        int i2 = (@S@bar + 6) % 9;\n        int i5 = (@S@bar + 3) % 9;\n"
     "        int i6 = (@S@bar + 2) % 9;\n        int i7 = (@S@bar + 1) % 9;\n"
     "        int i8 = @S@bar;\n"
     "        double h2 = @S@hi[i2];\n        double l2 = @S@lo[i2];\n"
     "        double c7 = @S@cl[i7];\n        double c8 = @S@cl[i8];\n"
     "        double dh = @HIGH@ - h2;\n        double dl = @LOW@ - l2;\n"
     "        int up = h2 >= c7 || h2 >= c8 || @HIGH@ >= @S@lo[i5] || @HIGH@ >= @S@lo[i6];\n"
     "        int down = l2 <= c7 || l2 <= c8 || @LOW@ <= @S@hi[i5] || @LOW@ <= @S@hi[i6];\n"
     "        double v = (up && down) ? dh + dl : 0.0;\n"
     "        double a = @FABS@(dh) + @FABS@(dl);\n"
     SUMS_STEP(SUMS_IN("@S@vr", "v") SUMS_IN("@S@ar", "a"),
               SUMS_ADD("@S@v_sum", "v") SUMS_ADD("@S@a_sum", "a"),
               "            if (@S@a_sum > 0.0)\n"
               "                @OUT0@ = 100.0 * @S@v_sum / @S@a_sum;\n",
               SUMS_DROP("@S@v_sum", "@S@vr") SUMS_DROP("@S@a_sum", "@S@ar"))
     "    }\n", 0},
    /* tcf.c tcf_step: the runs' continuation factors, then TA-Lib SUM's
     * running sums of plus - cf- and minus - cf+ (two rings of n terms) */
    {"tcf", SUMS_DECL "@G@int @S@seen_bar;\n"
            "@G@double @S@prev_close;\n@G@double @S@cf_plus;\n@G@double @S@cf_minus;\n"
            "@G@double @S@plus_sum;\n@G@double @S@minus_sum;\n"
            "@G@double @S@up[@A0@];\n@G@double @S@down[@A0@];\n",
     SUMS_RESET "    @S@seen_bar = 0;\n"
     "    @S@prev_close = 0.0;\n    @S@cf_plus = 0.0;\n    @S@cf_minus = 0.0;\n"
     "    @S@plus_sum = 0.0;\n    @S@minus_sum = 0.0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    if (!@S@seen_bar) {\n"
     "        @S@seen_bar = 1;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "    } else {\n"
     "        double change = @CLOSE@ - @S@prev_close;\n"
     "        double plus = change > 0.0 ? change : 0.0;\n"
     "        double minus = change < 0.0 ? -change : 0.0;\n"
     "        double up;\n        double down;\n"
     "        @S@prev_close = @CLOSE@;\n"
     "        @S@cf_plus = plus > 0.0 ? @S@cf_plus + plus : 0.0;\n"
     "        @S@cf_minus = minus > 0.0 ? @S@cf_minus + minus : 0.0;\n"
     "        up = plus - @S@cf_minus;\n        down = minus - @S@cf_plus;\n"
     SUMS_STEP(SUMS_IN("@S@up", "up") SUMS_IN("@S@down", "down"),
               SUMS_ADD("@S@plus_sum", "up") SUMS_ADD("@S@minus_sum", "down"),
               "            @OUT0@ = @S@plus_sum;\n            @OUT1@ = @S@minus_sum;\n",
               SUMS_DROP("@S@plus_sum", "@S@up") SUMS_DROP("@S@minus_sum", "@S@down"))
     "    }\n", 0},
    /* ---- the learned oscillator (twenty-first session) ---- */
    /* firosc.c: bc_feature_firosc_weights at reset (the cubic of u = k /
     * (n-1) by Horner, each divided by the sum of their sizes), firosc_run
     * per bar (a ring of n + 1 closes, the newest change first, multiplies
     * and adds apart, 100 * (sum / close)) */
    {"firosc", RING_DECL("@NP1@") "@G@double @S@w[@A0@];\n",
     RING_RESET
     "    {\n"
     "        int k;\n        double mass = 0.0;\n        double u = 0.0;\n        double p = 0.0;\n"
     "        for (k = 0; k < @A0@; k++) {\n"
     "            u = (double)k / (double)(@A0@ - 1);\n"
     "            p = ((@D3@ * u + @D2@) * u + @D1@) * u + @D@;\n"
     "            @S@w[k] = p;\n"
     "            mass += @FABS@(p);\n"
     "        }\n"
     "        for (k = 0; k < @A0@; k++)\n            @S@w[k] = @S@w[k] / mass;\n"
     "    }\n",
     "    if (@ISNAN@(@CLOSE@))\n        @OUT0@ = @NAN@;\n"
     "    else {\n"
     "        int at = @S@pos;\n        int k = 0;\n        int before = 0;\n        double acc = 0.0;\n"
     RING_PUSH("@CLOSE@", "@NP1@")
     "        @OUT0@ = @NAN@;\n"
     "        if (@S@filled == @NP1@ && @CLOSE@ != 0.0) {\n"
     "            for (k = 0; k < @A0@; k++) {\n"
     "                before = at == 0 ? @A0@ : at - 1;\n"
     "                acc += @S@w[k] * (@S@ring[at] - @S@ring[before]);\n"
     "                at = before;\n"
     "            }\n"
     "            @OUT0@ = 100.0 * (acc / @CLOSE@);\n"
     "        }\n"
     "    }\n", 0},
    /* ---- Bressert's DSS and Chande's dynamic momentum (twenty-first session) ---- */
    /* dss.c dss_step: rings of @A0@ highs and lows, k (0.5 on a flat range),
     * ema.h of it, a ring of @A0@ of those, their k2, ema.h, x 100 */
    {"dss", "@G@int @S@today;\n@G@int @S@pos;\n@G@int @S@etoday;\n@G@int @S@epos;\n"
            "@G@double @S@highs[@A0@];\n@G@double @S@lows[@A0@];\n@G@double @S@es[@A0@];\n"
            EMA_DECL_P("@S@a_") EMA_DECL_P("@S@b_"),
     "    @S@today = 0;\n    @S@pos = 0;\n    @S@etoday = 0;\n    @S@epos = 0;\n"
     EMA_RESET_P("@S@a_", "@A1@") EMA_RESET_P("@S@b_", "@A1@"),
     "    @OUT0@ = @NAN@;\n"
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     RING_COUNT("@S@today", "@A0@ - 1", "    ")
     "    else {\n"
     "        double lowest = @S@lows[0];\n        double highest = @S@highs[0];\n"
     "        double k;\n        double k2;\n        double e1 = 0.0;\n        double d = 0.0;\n"
     "        int ok_a = 0;\n        int ok_b = 0;\n        int i;\n"
     "        for (i = 1; i < @A0@; i++) {\n"
     "            if (@S@lows[i] < lowest)\n                lowest = @S@lows[i];\n"
     "            if (@S@highs[i] > highest)\n                highest = @S@highs[i];\n"
     "        }\n"
     "        k = highest > lowest ? (@CLOSE@ - lowest) / (highest - lowest) : 0.5;\n"
     EMA_INLINE("@S@a_", "@A1@", "k", "e1", "ok_a", "        ")
     "        if (ok_a) {\n"
     RING_SET("@S@es", "@S@epos", "e1", "            ")
     RING_ADVANCE("@S@epos", "@A0@", "            ")
     RING_COUNT("@S@etoday", "@A0@ - 1", "            ")
     "            else {\n"
     "                lowest = @S@es[0];\n                highest = @S@es[0];\n"
     "                for (i = 1; i < @A0@; i++) {\n"
     "                    if (@S@es[i] < lowest)\n                        lowest = @S@es[i];\n"
     "                    if (@S@es[i] > highest)\n                        highest = @S@es[i];\n"
     "                }\n"
     "                k2 = highest > lowest ? (e1 - lowest) / (highest - lowest) : 0.5;\n"
     EMA_INLINE("@S@b_", "@A1@", "k2", "d", "ok_b", "                ")
     "                if (ok_b)\n                    @OUT0@ = 100.0 * d;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* dss.c dynmom_step: a ring of 5 closes (their population std afresh),
     * sma.h(10) of it, a ring of 30 changes, td = trunc(@A0@ / vi) in 5..30
     * (30 where vi is not above 0), Cutler's RSI of the td newest */
    {"dynmom", "@G@int @S@seen;\n@G@int @S@cpos;\n@G@int @S@dpos;\n@G@double @S@prev;\n"
               "@G@double @S@closes[5];\n@G@double @S@changes[30];\n" SMA_DECL("@S@m_", "10"),
     "    @S@seen = 0;\n    @S@cpos = 0;\n    @S@dpos = 0;\n    @S@prev = 0.0;\n"
     SMA_RESET("@S@m_", "10"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double sum = 0.0;\n        double sum2 = 0.0;\n        double mean;\n"
     "        double var;\n        double sd;\n        double avg = 0.0;\n        int ok = 0;\n"
     "        int i;\n"
     "        if (@S@seen > 0) {\n"
     RING_SET("@S@changes", "@S@dpos", "@CLOSE@ - @S@prev", "            ")
     RING_ADVANCE("@S@dpos", "30", "            ")
     "        }\n"
     "        @S@prev = @CLOSE@;\n"
     RING_SET("@S@closes", "@S@cpos", "@CLOSE@", "        ")
     RING_ADVANCE("@S@cpos", "5", "        ")
     "        if (@S@seen <= 30)\n            @S@seen++;\n"
     "        if (@S@seen >= 5) {\n"
     "            for (i = 0; i < 5; i++) {\n"
     "                sum += @S@closes[i];\n"
     "                sum2 += @S@closes[i] * @S@closes[i];\n"
     "            }\n"
     "            mean = sum / 5;\n"
     "            var = sum2 / 5 - mean * mean;\n"
     "            sd = var > 0.0 ? @SQRT@(var) : 0.0;\n"
     SMA_INLINE("@S@m_", "10", "sd", "avg", "ok", "            ")
     "            if (ok && @S@seen > 30) {\n"
     "                double vi = sd / avg;\n"
     "                double q;\n"
     "                double up = 0.0;\n                double all = 0.0;\n"
     "                double ch;\n"
     "                int td = 30;\n                int at = @S@dpos;\n"
     "                if (vi > 0.0) {\n"
     "                    q = (double)@A0@ / vi;\n"
     "                    td = q >= 30 ? 30 : q < 5 ? 5 : (int)q;\n"
     "                }\n"
     "                for (i = 0; i < td; i++) {\n"
     "                    at = at == 0 ? 29 : at - 1;\n"
     "                    ch = @S@changes[at];\n"
     "                    if (ch > 0.0)\n                        up += ch;\n"
     "                    all += @FABS@(ch);\n"
     "                }\n"
     "                @OUT0@ = all > 0.0 ? 100.0 * (up / all) : 50.0;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ---- DecisionPoint's price momentum oscillator (twenty-first session) ---- */
    /* pmo.c pmo_step: the one-bar percent change from bar 1, ema.h EMAs of
     * periods a-1 and b-1 (10 x the first into the second), the signal
     * ema(10) of the line; both NaN until the signal exists */
    {"pmo", "@G@int @S@seen;\n@G@double @S@prev_close;\n" EMA_DECL_P("@S@e1_")
     EMA_DECL_P("@S@e2_") EMA_DECL_P("@S@g_"),
     "    @S@seen = 0;\n    @S@prev_close = 0.0;\n" EMA_RESET_P("@S@e1_", "(@A0@ - 1)")
     EMA_RESET_P("@S@e2_", "(@A1@ - 1)") EMA_RESET_P("@S@g_", "10"),
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n"
     "    if (@S@seen == 0) {\n"
     "        @S@seen = 1;\n        @S@prev_close = @CLOSE@;\n"
     "    } else {\n"
     "        double roc = 100.0 * (@CLOSE@ / @S@prev_close - 1.0);\n"
     "        double e = 0.0;\n        double x = 0.0;\n        double line = 0.0;\n"
     "        double g = 0.0;\n        int ok_e = 0;\n        int ok_l = 0;\n"
     "        int ok_g = 0;\n"
     "        @S@prev_close = @CLOSE@;\n"
     EMA_INLINE("@S@e1_", "(@A0@ - 1)", "roc", "e", "ok_e", "        ")
     "        if (ok_e) {\n"
     "            x = e * 10.0;\n"
     EMA_INLINE("@S@e2_", "(@A1@ - 1)", "x", "line", "ok_l", "            ")
     "            if (ok_l) {\n"
     EMA_INLINE("@S@g_", "10", "line", "g", "ok_g", "                ")
     "                if (ok_g) {\n"
     "                    @OUT0@ = line;\n                    @OUT1@ = g;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* ---- appended: the Ichimoku cloud and the polarized fractal efficiency
     * (twenty-first session) ---- */
    /* cloud.c ichimoku_run: three midprice windows scanned from slot 0, the
     * spans waiting d bars in rings that start NaN; top / bottom NaN while
     * either displaced span is */
    {"ichimoku", CLOUD_DECL("0", "@A0@") CLOUD_DECL("1", "@A1@") CLOUD_DECL("2", "@A2@")
                 "@G@int @S@dpos;\n@G@double @S@da[@A3@];\n@G@double @S@db[@A3@];\n",
     "    @S@p0 = 0;\n    @S@f0 = 0;\n    @S@p1 = 0;\n    @S@f1 = 0;\n"
     "    @S@p2 = 0;\n    @S@f2 = 0;\n    @S@dpos = 0;\n"
     "    {\n"
     "        int k;\n"
     "        for (k = 0; k < @A3@; k++) {\n"
     "            @S@da[k] = @NAN@;\n            @S@db[k] = @NAN@;\n"
     "        }\n"
     "    }\n",
     "    {\n"
     "        double tenkan = 0.0;\n        double kijun = 0.0;\n        double span_b = 0.0;\n"
     "        double hh = 0.0;\n        double ll = 0.0;\n"
     "        double a = 0.0;\n        double b = 0.0;\n        int k;\n"
     CLOUD_MID("0", "@A0@", "tenkan") CLOUD_MID("1", "@A1@", "kijun")
     CLOUD_MID("2", "@A2@", "span_b")
     "        a = @S@da[@S@dpos];\n        b = @S@db[@S@dpos];\n"
     RING_SET("@S@da", "@S@dpos", "(tenkan + kijun) / 2.0", "        ")
     RING_SET("@S@db", "@S@dpos", "span_b", "        ")
     RING_ADVANCE("@S@dpos", "@A3@", "        ")
     "        if (!@ISNAN@(a) && !@ISNAN@(b)) {\n"
     "            @OUT0@ = a > b ? a : b;\n            @OUT1@ = a < b ? a : b;\n"
     "        } else {\n"
     "            @OUT0@ = @NAN@;\n            @OUT1@ = @NAN@;\n"
     "        }\n"
     "        @OUT2@ = a;\n        @OUT3@ = b;\n"
     "    }\n", 0},
    /* cloud.c pfe_step: n closes in a ring, the path summed oldest step first,
     * ema.h's EMA(m) of the raw efficiency */
    {"pfe", RING_DECL("@A0@") EMA_DECL_P("@S@e_"),
     RING_RESET EMA_RESET_P("@S@e_", "@A1@"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        int at = 0;\n        int k;\n        int ok = 0;\n"
     "        double first = 0.0;\n        double prev = 0.0;\n        double path = 0.0;\n"
     "        double step = 0.0;\n        double d = 0.0;\n        double sign = 0.0;\n"
     "        double raw = 0.0;\n        double v = 0.0;\n"
     RING_PUSH("@CLOSE@", "@A0@")
     "        if (@S@filled == @A0@) {\n"
     "            at = @S@pos;\n"
     "            first = @S@ring[at];\n            prev = first;\n"
     "            for (k = 1; k < @A0@; k++) {\n"
     RING_ADVANCE("at", "@A0@", "                ")
     "                step = @S@ring[at] - prev;\n"
     "                path += @SQRT@(step * step + 1.0);\n"
     "                prev = @S@ring[at];\n"
     "            }\n"
     "            d = @CLOSE@ - first;\n"
     "            sign = d > 0.0 ? 1.0 : (d < 0.0 ? -1.0 : 0.0);\n"
     "            raw = 100.0 * sign * @SQRT@(d * d + (double)@A0@ * (double)@A0@) / path;\n"
     EMA_INLINE("@S@e_", "@A1@", "raw", "v", "ok", "            ")
     "            if (ok)\n                @OUT0@ = v;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- appended: the t-statistic of returns and Johnson's pretty good
     * oscillator (twenty-first session) ---- */
    /* tstat_pgo.c tstat_step: the n one-bar returns in a ring, their mean and
     * squared deviations summed in slot order; mean / sd x sqrt(n), 0 on sd 0 */
    {"tstat", RET_WINDOW_DECL, RET_WINDOW_RESET,
     "    @OUT0@ = @NAN@;\n"
     RET_WINDOW_MEAN("            double ss = 0.0;\n            double sd = 0.0;\n",
                     "            for (k = 0; k < @A0@; k++) {\n"
                     "                double d = @S@ring[k] - mean;\n"
                     "                ss += d * d;\n"
                     "            }\n"
                     "            sd = @SQRT@(ss / (@A0@ - 1));\n"
                     "            @OUT0@ = sd > 0.0 ? mean / sd * @SQRT@((double)@A0@) : 0.0;\n"), 0},
    /* tstat_pgo.c pgo_step: sma.h of the close, ema.h of the true range from
     * bar 1; (close - sma) / ema, NaN on an ema of 0 */
    {"pgo", SMA_DECL("@S@m_", "@A0@") EMA_DECL_P("@S@e_") "@G@int @S@seen;\n@G@double @S@prev;\n",
     SMA_RESET("@S@m_", "@A0@") EMA_RESET_P("@S@e_", "@A0@")
     "    @S@seen = 0;\n    @S@prev = 0.0;\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double mean = 0.0;\n        int ok = 0;\n"
     "        double range = 0.0;\n        int ok_e = 0;\n"
     SMA_INLINE("@S@m_", "@A0@", "@CLOSE@", "mean", "ok", "        ")
     "        if (!@S@seen) {\n            @S@seen = 1;\n            @S@prev = @CLOSE@;\n"
     "        } else {\n"
     "            double tr = @HIGH@ - @LOW@;\n"
     "            double t = @FABS@(@HIGH@ - @S@prev);\n"
     "            tr = t > tr ? t : tr;\n"
     "            t = @FABS@(@LOW@ - @S@prev);\n"
     "            tr = t > tr ? t : tr;\n"
     "            @S@prev = @CLOSE@;\n"
     EMA_INLINE("@S@e_", "@A0@", "tr", "range", "ok_e", "            ")
     "            if (ok && ok_e && range != 0.0)\n"
     "                @OUT0@ = (@CLOSE@ - mean) / range;\n"
     "        }\n"
     "    }\n", 0},
    /* ---- FRAMA and the Chande-Kroll stop (twenty-second session) ---- */
    /* frama.c frama_step: rings of @A0@ highs and lows, the halves' and the
     * window's ranges (exact scans), the fractal dimension's alpha held to
     * 0.01..1, seeded with the close (again after a NaN value) */
    {"frama", "@G@int @S@pos;\n@G@int @S@seen;\n@G@double @S@pv;\n"
              "@G@double @S@highs[@A0@];\n@G@double @S@lows[@A0@];\n",
     "    @S@pos = 0;\n    @S@seen = 0;\n    @S@pv = @NAN@;\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        int k;\n        int at;\n        int nan = 0;\n"
     "        double h1;\n        double l1;\n        double h2;\n        double l2;\n"
     "        double h;\n        double l;\n        double n1;\n        double n2;\n"
     "        double n3;\n        double d = 1.0;\n        double a;\n        double pv;\n"
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "        ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     RING_COUNT("@S@seen", "@A0@", "        ")
     "        if (@S@seen < @A0@ || @ISNAN@(@CLOSE@))\n            @S@pv = @NAN@;\n"
     "        else {\n"
     "            h2 = @S@highs[@S@pos];\n            l2 = @S@lows[@S@pos];\n"
     "            at = @S@pos + @AH@;\n            if (at >= @A0@)\n                at -= @A0@;\n"
     "            h1 = @S@highs[at];\n            l1 = @S@lows[at];\n"
     "            for (k = 0; k < @A0@; k++) {\n"
     "                at = @S@pos + k;\n                if (at >= @A0@)\n                    at -= @A0@;\n"
     "                h = @S@highs[at];\n                l = @S@lows[at];\n"
     "                if (@ISNAN@(h) || @ISNAN@(l))\n                    nan = 1;\n"
     "                if (k < @AH@) {\n"
     "                    h2 = h > h2 ? h : h2;\n                    l2 = l < l2 ? l : l2;\n"
     "                } else {\n"
     "                    h1 = h > h1 ? h : h1;\n                    l1 = l < l1 ? l : l1;\n"
     "                }\n"
     "            }\n"
     "            if (nan)\n                @S@pv = @NAN@;\n"
     "            else {\n"
     "                n1 = (h1 - l1) / (double)@AH@;\n                n2 = (h2 - l2) / (double)@AH@;\n"
     "                n3 = ((h1 > h2 ? h1 : h2) - (l1 < l2 ? l1 : l2)) / (double)@A0@;\n"
     "                if (n1 > 0.0 && n2 > 0.0 && n3 > 0.0)\n"
     "                    d = (@LOG@(n1 + n2) - @LOG@(n3)) / @LOG@(2.0);\n"
     "                a = @EXP@(-4.6 * (d - 1.0));\n"
     "                a = a > 0.01 ? a : 0.01;\n                a = a < 1.0 ? a : 1.0;\n"
     "                pv = @ISNAN@(@S@pv) ? @CLOSE@ : @S@pv;\n"
     "                @S@pv = a * @CLOSE@ + (1.0 - a) * pv;\n"
     "                @OUT0@ = @S@pv;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* frama.c ckstop_step: atr.h's step (the "a_" members, ATR_A_STEP), rings
     * of @A0@ highs and lows and of @A1@ first stops, exact scans */
    {"ckstop", "@G@int @S@pos;\n@G@int @S@spos;\n@G@int @S@sseen;\n"
               "@G@double @S@highs[@A0@];\n@G@double @S@lows[@A0@];\n"
               "@G@double @S@hstop[@A1@];\n@G@double @S@lstop[@A1@];\n"
               "@G@int @S@a_count;\n@G@double @S@a_c1;\n@G@double @S@a_inv_n;\n"
               "@G@double @S@a_prev_close;\n@G@double @S@a_value;\n",
     "    @S@pos = 0;\n    @S@spos = 0;\n    @S@sseen = 0;\n"
     "    @S@a_count = 0;\n    @S@a_c1 = (double)(@A0@ - 1) / @A0@;\n"
     "    @S@a_inv_n = 1.0 / @A0@;\n    @S@a_prev_close = 0.0;\n    @S@a_value = 0.0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n    @OUT2@ = @NAN@;\n    @OUT3@ = @NAN@;\n"
     "    {\n"
     "        int a_ok = 0;\n        int k;\n        int nan = 0;\n"
     "        double tr = @HIGH@ - @LOW@;\n        double t;\n        double atr = 0.0;\n"
     "        double hh;\n        double ll;\n        double a;\n        double b;\n"
     "        double u;\n        double v;\n"
     ATR_A_STEP
     RING_SET("@S@highs", "@S@pos", "@HIGH@", "        ")
     RING_SET("@S@lows", "@S@pos", "@LOW@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     "        if (a_ok) {\n"
     "            hh = @S@highs[0];\n            ll = @S@lows[0];\n"
     "            for (k = 1; k < @A0@; k++) {\n"
     "                hh = @S@highs[k] > hh ? @S@highs[k] : hh;\n"
     "                ll = @S@lows[k] < ll ? @S@lows[k] : ll;\n"
     "            }\n"
     RING_SET("@S@hstop", "@S@spos", "hh - @D@ * atr", "            ")
     RING_SET("@S@lstop", "@S@spos", "ll + @D@ * atr", "            ")
     RING_ADVANCE("@S@spos", "@A1@", "            ")
     RING_COUNT("@S@sseen", "@A1@", "            ")
     "            if (@S@sseen == @A1@) {\n"
     "                a = @S@hstop[0];\n                b = @S@lstop[0];\n"
     "                if (@ISNAN@(a) || @ISNAN@(b))\n                    nan = 1;\n"
     "                for (k = 1; k < @A1@; k++) {\n"
     "                    u = @S@hstop[k];\n                    v = @S@lstop[k];\n"
     "                    if (@ISNAN@(u) || @ISNAN@(v))\n                        nan = 1;\n"
     "                    a = u > a ? u : a;\n                    b = v < b ? v : b;\n"
     "                }\n"
     "                if (!nan) {\n"
     "                    @OUT0@ = a;\n                    @OUT1@ = b;\n"
     "                    @OUT2@ = a > b ? a : b;\n                    @OUT3@ = a < b ? a : b;\n"
     "                }\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* wma.c iftrsi_run: rsi.h's rsi (@S@r_), wma_core of 0.1 (rsi - 50)
     * (@S@w_) from the rsi's first value, tanh */
    {"iftrsi", RSI_DECL("@S@r_") WMA_DECL("@S@w_", "@A1@"),
     RSI_RESET("@S@r_", "@A0@") WMA_RESET("@S@w_"),
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double rsi_value = 0.0;\n"
     RSI_BLOCK("@S@r_", "@A0@", "rsi_value", "        ")
     "        if (!(@ISNAN@(rsi_value))) {\n"
     "            double v = 0.1 * (rsi_value - 50.0);\n"
     "            double w = 0.0;\n"
     WMA_STEP("@S@w_", "@A1@", "v", "w", "            ")
     "            if (!(@ISNAN@(w)))\n"
     "                @OUT0@ = @TANH@(w);\n"
     "        }\n"
     "    }\n", 0},
    /* volume_flow.c bwmfi_run: (high - low) / volume, NaN without volume */
    {"bwmfi", "", "",
     "    @OUT0@ = @VOLUME@ > 0.0 ? (@HIGH@ - @LOW@) / @VOLUME@ : @NAN@;\n", 0},
    /* ---- appended: the skewness of returns (twenty-second session) ---- */
    /* skew.c skew_step: the n one-bar returns in a ring, their mean, then the
     * second and third central moments summed in slot order; m3 / (m2 x
     * sqrt(m2)), 0 on m2 0 */
    {"skew", RET_WINDOW_DECL, RET_WINDOW_RESET,
     "    @OUT0@ = @NAN@;\n"
     RET_WINDOW_MEAN("            double s2 = 0.0;\n            double s3 = 0.0;\n"
                     "            double m2 = 0.0;\n            double m3 = 0.0;\n",
                     "            for (k = 0; k < @A0@; k++) {\n"
                     "                double d = @S@ring[k] - mean;\n"
                     "                double d2 = d * d;\n"
                     "                s2 += d2;\n"
                     "                s3 += d2 * d;\n"
                     "            }\n"
                     "            m2 = s2 / @A0@;\n            m3 = s3 / @A0@;\n"
                     "            @OUT0@ = m2 > 0.0 ? m3 / (m2 * @SQRT@(m2)) : 0.0;\n"), 0},
    /* ---- appended: the zone oscillators (twenty-third session) ---- */
    /* zone.c zone_step: ema.h of sign(change) x SRC and of SRC from bar 1,
     * 100 x their ratio once seeded, 0 where the second is 0 */
    {"pzo", ZONE_DECL, ZONE_RESET, ZONE_STEP("@CLOSE@"), 0},
    {"vzo", ZONE_DECL, ZONE_RESET, ZONE_STEP("@VOLUME@"), 0},
    /* ---- the relative momentum index and the trend trigger factor
     * (twenty-third session) ---- */
    /* rmi_ttf.c rmi_step: a ring of the last @A1@ closes (the oldest is the
     * close @A1@ bars ago), Wilder's smoothing of the momentum's ups and
     * downs over @A0@ (the mean of the first @A0@, then (avg (n-1) + x) / n) */
    {"rmi", "@G@int @S@seen;\n@G@int @S@count;\n@G@int @S@pos;\n@G@double @S@up;\n"
            "@G@double @S@down;\n@G@double @S@closes[@A1@];\n",
     "    @S@seen = 0;\n    @S@count = 0;\n    @S@pos = 0;\n    @S@up = 0.0;\n    @S@down = 0.0;\n"
     "    {\n        int k;\n        for (k = 0; k < @A1@; k++)\n            @S@closes[k] = 0.0;\n"
     "    }\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        double then = @S@closes[@S@pos];\n"
     RING_PUSH_IN("@S@closes", "@S@pos", "@S@seen", "@CLOSE@", "@A1@", "        ")
     "        else {\n"
     "            double mom = @CLOSE@ - then;\n"
     "            double u = mom > 0.0 ? mom : 0.0;\n"
     "            double d = mom < 0.0 ? -mom : 0.0;\n"
     "            int ready = 1;\n"
     "            if (@S@count < @A0@) {\n"
     "                @S@up += u;\n                @S@down += d;\n"
     "                if (++@S@count < @A0@)\n                    ready = 0;\n"
     "                else {\n"
     "                    @S@up /= @A0@;\n                    @S@down /= @A0@;\n"
     "                }\n"
     "            } else {\n"
     "                @S@up = (@S@up * (@A0@ - 1) + u) / @A0@;\n"
     "                @S@down = (@S@down * (@A0@ - 1) + d) / @A0@;\n"
     "            }\n"
     "            if (ready) {\n"
     "                double sum = @S@up + @S@down;\n"
     "                @OUT0@ = sum > 0.0 ? 100.0 * @S@up / sum : 50.0;\n"
     "            }\n"
     "        }\n"
     "    }\n", 0},
    /* rmi_ttf.c ttf_step: two rings of @A0@ highs and lows moving together
     * (the bar a push evicts from the last @A0@ goes into the same slot of
     * the @A0@ before them), the four extremes by a scan */
    {"ttf", "@G@int @S@seen;\n@G@int @S@pos;\n@G@double @S@hi[@A0@];\n@G@double @S@hi_b[@A0@];\n"
            "@G@double @S@lo[@A0@];\n@G@double @S@lo_b[@A0@];\n",
     "    @S@seen = 0;\n    @S@pos = 0;\n"
     "    {\n        int k;\n        for (k = 0; k < @A0@; k++) {\n"
     "            @S@hi[k] = 0.0;\n            @S@hi_b[k] = 0.0;\n"
     "            @S@lo[k] = 0.0;\n            @S@lo_b[k] = 0.0;\n"
     "        }\n    }\n",
     "    @OUT0@ = @NAN@;\n"
     "    {\n"
     "        int at = @S@pos;\n"
     RING_SET("@S@hi_b", "at", "@S@hi[at]", "        ")
     RING_SET("@S@lo_b", "at", "@S@lo[at]", "        ")
     RING_SET("@S@hi", "at", "@HIGH@", "        ")
     RING_SET("@S@lo", "at", "@LOW@", "        ")
     RING_ADVANCE("@S@pos", "@A0@", "        ")
     RING_COUNT("@S@seen", "2 * @A0@", "        ")
     "        if (@S@seen == 2 * @A0@) {\n"
     "            double hh = @S@hi[0];\n            double ll = @S@lo[0];\n"
     "            double hhb = @S@hi_b[0];\n            double llb = @S@lo_b[0];\n"
     "            double buy = 0.0;\n            double sell = 0.0;\n            double den = 0.0;\n"
     "            int k;\n"
     "            for (k = 1; k < @A0@; k++) {\n"
     "                if (@S@hi[k] > hh)\n                    hh = @S@hi[k];\n"
     "                if (@S@lo[k] < ll)\n                    ll = @S@lo[k];\n"
     "                if (@S@hi_b[k] > hhb)\n                    hhb = @S@hi_b[k];\n"
     "                if (@S@lo_b[k] < llb)\n                    llb = @S@lo_b[k];\n"
     "            }\n"
     "            buy = hh - llb;\n            sell = hhb - ll;\n"
     "            den = 0.5 * (buy + sell);\n"
     "            @OUT0@ = den != 0.0 ? 100.0 * (buy - sell) / den : 0.0;\n"
     "        }\n"
     "    }\n", 0},    /* ---- appended: Widner's projection bands and Crabel's stretch
     * (twenty-sixth session) ---- */
    /* kama.c pbands_run: the last n highs and lows in rings moving
     * together; once full, each ring's linreg_slope (TA-Lib's sums, the
     * oldest first) and its values k bars ago moved k bars on, their
     * maximum (highs) / minimum (lows); po where upper > lower */
    {"pbands", "@G@int @S@pos;\n@G@int @S@filled;\n@G@double @S@hs[@A0@];\n"
               "@G@double @S@ls[@A0@];\n",
     "    @S@pos = 0;\n    @S@filled = 0;\n",
     "    @OUT0@ = @NAN@;\n    @OUT1@ = @NAN@;\n    @OUT2@ = @NAN@;\n"
     RING_SET("@S@hs", "@S@pos", "@HIGH@", "    ")
     RING_SET("@S@ls", "@S@pos", "@LOW@", "    ")
     RING_ADVANCE("@S@pos", "@A0@", "    ")
     RING_COUNT("@S@filled", "@A0@", "    ")
     "    if (@S@filled == @A0@) {\n"
     "        double u = 0.0;\n        double d = 0.0;\n"
     PBANDS_BAND("@S@hs", ">", "u")
     PBANDS_BAND("@S@ls", "<", "d")
     "        @OUT0@ = u;\n        @OUT1@ = d;\n"
     "        if (u > d)\n            @OUT2@ = 100.0 * ((@CLOSE@ - d) / (u - d));\n"
     "    }\n", 0},
    /* dtrange.c stretch_run: sma.h's window of min(high - open, open -
     * low); a NaN open skipped */
    {"stretch", SMA_DECL("@S@m_", "@A0@"), SMA_RESET("@S@m_", "@A0@"),
     "    @OUT0@ = @NAN@;\n"
     "    if (!@ISNAN@(@OPEN@)) {\n"
     "        double up = @HIGH@ - @OPEN@;\n        double down = @OPEN@ - @LOW@;\n"
     "        double x = up < down ? up : down;\n"
     "        double v = 0.0;\n        int ok = 0;\n"
     SMA_INLINE("@S@m_", "@A0@", "x", "v", "ok", "        ")
     "        if (ok)\n            @OUT0@ = v;\n"
     "    }\n", 0},
};

typedef struct node_context {
    const source_flavour *fl;
    const char *prefix;
    const bc_feature_node *node;
    char state[64], a[4][16], as[3][16], np1[16], aw[16], ah[16], aq[16], ahp2[16], mp1[16], d[40], d1[40], d2[40], d3[40], src[2][64], out[8][64], nan[64];
    char macd[3][4096]; /* the expanded EMA steps of a macd */
    const char *ema_prefix, *ema_period, *ema_in, *ema_out;
    char ema_prefix_buf[80];
} node_context;

static const char *lookup(const char *name, void *user)
{
    node_context *c = user;
    const source_flavour *fl = c->fl;
    static const struct { const char *name; const char *var; } bar[] = {
        {"OPEN", "bar_open"}, {"HIGH", "bar_high"}, {"LOW", "bar_low"},
        {"CLOSE", "bar_close"}, {"VOLUME", "bar_volume"}, {"TIME", "bar_time"},
        {"BID", "book_bid_volume"}, {"ASK", "book_ask_volume"}};
    for (size_t i = 0; i < sizeof bar / sizeof bar[0]; i++)
        if (strcmp(name, bar[i].name) == 0)
            return bar[i].var;
    if (strcmp(name, "S") == 0) return c->state;
    if (strcmp(name, "P") == 0) return c->prefix;
    if (strcmp(name, "G") == 0) return fl->global_storage;
    if (strcmp(name, "A0") == 0) return c->a[0];
    if (strcmp(name, "A1") == 0) return c->a[1];
    if (strcmp(name, "A2") == 0) return c->a[2];
    if (strcmp(name, "A3") == 0) return c->a[3];
    if (strncmp(name, "AS", 2) == 0 && name[2] >= '0' && name[2] <= '2' && !name[3])
        return c->as[name[2] - '0'];
    if (strcmp(name, "NP1") == 0) return c->np1;
    if (strcmp(name, "AW") == 0) return c->aw;
    if (strcmp(name, "AH") == 0) return c->ah;
    if (strcmp(name, "AQ") == 0) return c->aq;
    if (strcmp(name, "AHP2") == 0) return c->ahp2;
    if (strcmp(name, "MP1") == 0) return c->mp1;
    if (strcmp(name, "D") == 0) return c->d;
    if (strcmp(name, "D1") == 0) return c->d1;
    if (strcmp(name, "D2") == 0) return c->d2;
    if (strcmp(name, "D3") == 0) return c->d3;
    if (strcmp(name, "SRC0") == 0) return c->src[0];
    if (strcmp(name, "SRC1") == 0) return c->src[1];
    if (strncmp(name, "OUT", 3) == 0 && name[3] >= '0' && name[3] <= '7' && !name[4])
        return c->out[name[3] - '0'];
    if (strcmp(name, "NAN") == 0) return c->nan;
    if (strcmp(name, "FABS") == 0) return fl->fabs_fn;
    if (strcmp(name, "SQRT") == 0) return fl->sqrt_fn;
    if (strcmp(name, "LOG") == 0) return fl->log_fn;
    if (strcmp(name, "ATAN") == 0) return fl->atan_fn;
    if (strcmp(name, "SIN") == 0) return fl->sin_fn;
    if (strcmp(name, "COS") == 0) return fl->cos_fn;
    if (strcmp(name, "EXP") == 0) return fl->exp_fn;
    if (strcmp(name, "TANH") == 0) return fl->tanh_fn;
    if (strcmp(name, "ISNAN") == 0) return fl->isnan_fn;
    if (strcmp(name, "I64") == 0) return fl->int64_type;
    if (strcmp(name, "E") == 0) return c->ema_prefix;
    if (strcmp(name, "EN") == 0) return c->ema_period;
    if (strcmp(name, "EIN") == 0) return c->ema_in;
    if (strcmp(name, "EOUT") == 0) return c->ema_out;
    if (strcmp(name, "SLOW") == 0) return c->macd[0];
    if (strcmp(name, "FAST") == 0) return c->macd[1];
    if (strcmp(name, "SIGNAL") == 0) return c->macd[2];
    return NULL;
}

static const kind_template *find_template(const char *kind)
{
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
        if (strcmp(templates[i].name, kind) == 0)
            return &templates[i];
    return NULL;
}

static void context_init(node_context *c, const source_flavour *fl,
                         const char *prefix, const bc_feature_node *node,
                         int32_t index)
{
    memset(c, 0, sizeof *c);
    c->fl = fl;
    c->prefix = prefix;
    c->node = node;
    snprintf(c->state, sizeof c->state, "%s_f%d_", prefix, (int)index);
    for (int k = 0; k < 4; k++)
        snprintf(c->a[k], sizeof c->a[k], "%d", (int)node->iarg[k]);
    {
        int32_t p[3] = {node->iarg[0], node->iarg[1], node->iarg[2]};
        for (int i = 1; i < 3; i++) /* ultosc.c ultosc_reset's order */
            for (int j = i; j > 0 && p[j - 1] > p[j]; j--) {
                int32_t x = p[j];
                p[j] = p[j - 1];
                p[j - 1] = x;
            }
        for (int k = 0; k < 3; k++)
            snprintf(c->as[k], sizeof c->as[k], "%d", (int)p[k]);
    }
    snprintf(c->np1, sizeof c->np1, "%d", (int)node->iarg[0] + 1);
    snprintf(c->aw, sizeof c->aw, "%d", 2 * (int)node->iarg[0] + 1);
    snprintf(c->ah, sizeof c->ah, "%d", (int)(node->iarg[0] / 2));
    snprintf(c->aq, sizeof c->aq, "%d", (int)bc_feature_hma_sqrt_period(node->iarg[0]));
    snprintf(c->ahp2, sizeof c->ahp2, "%d", (int)bc_feature_dpo_shift(node->iarg[0]) + 1);
    snprintf(c->mp1, sizeof c->mp1, "%d",
             (int)(node->iarg[0] > node->iarg[1] ? node->iarg[0] : node->iarg[1]) + 1);
    snprintf(c->d, sizeof c->d, "%.17g", node->darg);
    snprintf(c->d1, sizeof c->d1, "%.17g", node->darg2);
    snprintf(c->d2, sizeof c->d2, "%.17g", node->darg3);
    snprintf(c->d3, sizeof c->d3, "%.17g", node->darg4);
    for (int k = 0; k < 2; k++)
        snprintf(c->src[k], sizeof c->src[k], "%s_v[%d]", prefix,
                 (int)(node->source[k] >= 0 ? node->source[k] : 0));
    for (int k = 0; k < 8; k++)
        snprintf(c->out[k], sizeof c->out[k], "%s_v[%d]", prefix,
                 (int)(node->slot + (k < node->kind->n_outputs ? k : 0)));
    snprintf(c->nan, sizeof c->nan, "%s_NAN", prefix);
    /* The ema kind is the EMA sub-template on the close, ema(x,n) on its
     * x, chvol on the bar's range into its r. */
    c->ema_prefix = c->state;
    c->ema_period = c->a[0];
    c->ema_in = "bar_close";
    c->ema_out = c->out[0];
    if (node->kind == &bc_feature_kind_ema_of)
        c->ema_in = "x";
    if (node->kind == &bc_feature_kind_chvol) {
        c->ema_in = "rng";
        c->ema_out = "r";
    }
}

/* The macd's EMAs in macd_step order: slow and fast on the close, signal on
 * the line; indent is where each step sits in the macd template. */
static const struct {
    const char *name, *in, *out;
    int period_arg, indent;
} macd_emas[3] = {
    {"slow", "bar_close", "slow", 1, 0},
    {"fast", "bar_close", "fast", 0, 4},
    {"signal", "line", "sig", 2, 8},
};

static void select_macd_ema(node_context *c, int k)
{
    snprintf(c->ema_prefix_buf, sizeof c->ema_prefix_buf, "%s%s_", c->state,
             macd_emas[k].name);
    c->ema_prefix = c->ema_prefix_buf;
    c->ema_period = c->a[macd_emas[k].period_arg];
    c->ema_in = macd_emas[k].in;
    c->ema_out = macd_emas[k].out;
}

/* The three EMA declarations or resets of a macd. */
static void put_macd_emas(source_text *t, node_context *c, const char *part)
{
    for (int k = 0; k < 3; k++) {
        select_macd_ema(c, k);
        bc_source_template(t, part, lookup, c);
    }
}

/* Expands each EMA step into c->macd[k], indented for its place. */
static int prepare_macd_steps(node_context *c)
{
    for (int k = 0; k < 3; k++) {
        source_text step = {0};
        select_macd_ema(c, k);
        bc_source_template(&step, EMA_STEP, lookup, c);
        if (step.failed) {
            free(step.buf);
            return 0;
        }
        size_t w = 0;
        const char *p = step.buf;
        while (*p && w + 64 < sizeof c->macd[k]) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
            w += (size_t)snprintf(c->macd[k] + w, sizeof c->macd[k] - w, "%*s%.*s",
                                  macd_emas[k].indent, "", (int)n, p);
            p += n;
        }
        int complete = *p == '\0'; /* else the step did not fit in c->macd[k] */
        free(step.buf);
        if (!complete)
            return 0;
    }
    return 1;
}

/* Bit k of the result: output k of node is read by a column or another
 * node (outputs nothing reads get no code). */
static uint32_t outputs_read(const bc_feature_graph *g, const bc_feature_node *node)
{
    uint32_t read = 0;
    for (int32_t k = 0; k < node->kind->n_outputs; k++) {
        int32_t slot = node->slot + k;
        for (int32_t col = 0; col < g->n_cols; col++)
            read |= (uint32_t)(g->col_slot[col] == slot) << k;
        for (int32_t i = 0; i < g->n_nodes; i++)
            for (int s = 0; s < 2; s++)
                read |= (uint32_t)(g->nodes[i].source[s] == slot) << k;
    }
    return read;
}

/* The time node's tables, one per output read: the engine's values. */
static void put_time_tables(source_text *t, const source_flavour *fl, const char *prefix,
                            uint32_t read)
{
    const bc_time_tables *tables = bc_feature_time_tables();
    const double(*const values[3])[2] = {tables->hour, tables->dow, tables->month};
    double column[1440];
    for (int part = 0; part < 3; part++)
        for (int sc = 0; sc < 2; sc++) {
            if (!((read >> (TIME_PARTS[part].first_output + sc)) & 1u))
                continue;
            char name[32];
            snprintf(name, sizeof name, "time_%s_%s", TIME_PARTS[part].table,
                     sc ? "cos" : "sin");
            for (int32_t i = 0; i < TIME_PARTS[part].size; i++)
                column[i] = values[part][i][sc];
            bc_source_double_array(t, fl, prefix, name, TIME_PARTS[part].size, NULL, column);
        }
}

/* The time node's step: the day split, the index of each part read, and
 * the table reads. */
static void put_time_step(source_text *t, node_context *c, uint32_t read)
{
    bc_source_template(t, TIME_DAY_SPLIT, lookup, c);
    for (int part = 0; part < 3; part++)
        if ((read >> TIME_PARTS[part].first_output) & 3u)
            bc_source_template(t, TIME_PARTS[part].decl, lookup, c);
    bc_source_template(t, "        if (sec < 0) {\n            sec += 86400;\n"
                       "            days -= 1;\n        }\n", lookup, c);
    for (int part = 0; part < 3; part++)
        if ((read >> TIME_PARTS[part].first_output) & 3u)
            bc_source_template(t, TIME_PARTS[part].index, lookup, c);
    for (int part = 0; part < 3; part++) {
        if ((read >> TIME_PARTS[part].first_output) & 1u)
            bc_source_template(t, TIME_PARTS[part].read_sin, lookup, c);
        if ((read >> (TIME_PARTS[part].first_output + 1)) & 1u)
            bc_source_template(t, TIME_PARTS[part].read_cos, lookup, c);
    }
    bc_source_put(t, "    }\n");
}

int32_t bc_source_features(source_text *t, const source_flavour *fl,
                           const char *prefix, const char *spec,
                           int32_t *n_columns, int32_t *book, char *missing,
                           size_t cap)
{
    *n_columns = 0;
    *book = 0;
    if (cap)
        missing[0] = '\0';
    bc_feature_graph g;
    memset(&g, 0, sizeof g);
    int32_t rc = bc_feature_graph_parse(spec, &g);
    if (rc != BC_OK) {
        snprintf(missing, cap, "the spec does not parse: %s", bc_last_error());
        return rc;
    }
    for (int32_t i = 0; i < g.n_nodes; i++)
        if (!find_template(g.nodes[i].kind->name)) {
            snprintf(missing, cap, "%s (no MQL5 template yet)", g.nodes[i].kind->name);
            rc = bc_fail(BC_E_UNSUPPORTED,
                         "export source: feature kind '%s' has no MQL5 template",
                         g.nodes[i].kind->name);
            bc_feature_graph_free(&g);
            return rc;
        }
    const char *P = prefix;
    node_context *c = malloc(sizeof *c);
    if (!c) {
        bc_feature_graph_free(&g);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export source: out of memory");
    }
    bc_source_put(t, "\n/* ---- features: ");
    bc_source_put_comment(t, g.spec);
    bc_source_put(t, "\n * Computed bar by bar as the library's feature engine does "
                  "(TA-Lib seeding and\n * lookbacks); call %s_features_reset() once, "
                  "then %s_features_update()\n * for every closed bar in time order. */\n",
                  P, P);
    bc_source_put(t, "#define %s_N_COLUMNS %d\n%sdouble %s_NAN;\n%sdouble %s_v[%d];\n",
                  P, (int)g.n_cols, fl->global_storage, P, fl->global_storage, P,
                  (int)(g.n_slots > 0 ? g.n_slots : 1));
    for (int32_t i = 0; i < g.n_nodes; i++) {
        const kind_template *k = find_template(g.nodes[i].kind->name);
        context_init(c, fl, P, &g.nodes[i], i);
        bc_source_template(t, k->decl, lookup, c);
        if (k->special == SPECIAL_MACD)
            put_macd_emas(t, c, EMA_DECL);
        if (k->special == SPECIAL_TIME)
            put_time_tables(t, fl, P, outputs_read(&g, &g.nodes[i]));
    }
    bc_source_put(t, "\nvoid %s_features_reset()\n{\n    %s_NAN = %s;\n", P, P,
                  fl->nan_expr);
    for (int32_t i = 0; i < g.n_nodes; i++) {
        const kind_template *k = find_template(g.nodes[i].kind->name);
        context_init(c, fl, P, &g.nodes[i], i);
        bc_source_template(t, k->reset, lookup, c);
        if (k->special == SPECIAL_MACD)
            put_macd_emas(t, c, EMA_RESET);
    }
    bc_source_put(t, "}\n");
    /* sym_emb(j) columns: one setter for the symbol's whole vector. */
    int32_t n_emb = 0;
    for (int32_t i = 0; i < g.n_nodes; i++)
        n_emb += g.nodes[i].kind == &bc_feature_kind_sym_emb;
    if (n_emb > 0) {
        bc_source_put(t, "\n/* The traded symbol's embedding (model.json \"symbol_embeddings\"):\n"
                      " * value of component j, as bc_features_set_symbol_embedding. */\n"
                      "void %s_set_symbol_embedding(int j, double value)\n{\n", P);
        for (int32_t i = 0; i < g.n_nodes; i++)
            if (g.nodes[i].kind == &bc_feature_kind_sym_emb)
                bc_source_put(t, "    if (j == %d) {\n        %s_sym_emb_%d = value;\n"
                              "        %s_sym_emb_set_%d = 1;\n    }\n", (int)g.nodes[i].iarg[0],
                              P, (int)g.nodes[i].iarg[0], P, (int)g.nodes[i].iarg[0]);
        bc_source_put(t, "}\n");
    }
    bc_source_put(t, "\ndouble %s_clean(double v)\n{\n    if (", P);
    bc_source_put(t, fl->nonfinite_fmt, "v");
    bc_source_put(t, ")\n        return %s_NAN;\n    return v;\n}\n\n", P);
    int needs_book = (g.needs & BC_FEATURE_IN_BOOK) != 0;
    bc_source_put(t, "/* Returns 1, or 0 for a missing bar (a price or volume the spec\n"
                  " * reads is not finite): then out is all NaN and no state moves.%s */\n"
                  "int %s_features_update(%s bar_time, double bar_open, double bar_high,\n"
                  "    double bar_low, double bar_close, double bar_volume, %s",
                  needs_book ? "\n * The book volumes of the bar are NaN when it has none." : "",
                  P, fl->int64_type,
                  needs_book ? "double book_bid_volume,\n    double book_ask_volume, " : "");
    bc_source_put(t, fl->out_array, "out");
    static const struct { uint32_t bit; const char *var; } inputs[] = {
        {BC_FEATURE_IN_OPEN, "bar_open"}, {BC_FEATURE_IN_HIGH, "bar_high"},
        {BC_FEATURE_IN_LOW, "bar_low"}, {BC_FEATURE_IN_CLOSE, "bar_close"},
        {BC_FEATURE_IN_VOLUME, "bar_volume"}};
    int reads_prices = 0; /* else (only time items) no missing-bar check, no c */
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        reads_prices |= (g.needs & inputs[i].bit) != 0;
    bc_source_put(t, ")\n{\n%s", reads_prices ? "    int c;\n" : "");
    static const char *const params[] = {"bar_time", "bar_open", "bar_high", "bar_low",
                                         "bar_close", "bar_volume"};
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        bc_source_put(t, fl->unused_fmt, params[i]);
    int any = 0;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        if (g.needs & inputs[i].bit) {
            bc_source_put(t, "%s", any ? " ||\n        " : "    if (");
            bc_source_put(t, fl->nonfinite_fmt, inputs[i].var);
            any = 1;
        }
    if (any)
        bc_source_put(t, ") {\n        for (c = 0; c < %d; c++)\n            out[c] = %s_NAN;\n"
                      "        return 0;\n    }\n", (int)g.n_cols, P);
    for (int32_t i = 0; i < g.n_nodes && !t->failed; i++) {
        const bc_feature_node *node = &g.nodes[i];
        const kind_template *k = find_template(node->kind->name);
        context_init(c, fl, P, node, i);
        bc_source_put(t, "    /* ");
        bc_source_put_comment(t, g.node_key ? g.node_key[i] : node->kind->name);
        bc_source_put(t, " */\n");
        if (k->special == SPECIAL_MACD && !prepare_macd_steps(c))
            t->failed = 1;
        if (k->special == SPECIAL_TIME)
            put_time_step(t, c, outputs_read(&g, node));
        else
            bc_source_template(t, k->step, lookup, c);
        for (int32_t j = 0; j < node->kind->n_outputs; j++)
            bc_source_put(t, "    %s_v[%d] = %s_clean(%s_v[%d]);\n", P,
                          (int)(node->slot + j), P, P, (int)(node->slot + j));
    }
    for (int32_t col = 0; col < g.n_cols; col++) {
        bc_source_put(t, "    out[%d] = %s_v[%d]; /* ", (int)col, P, (int)g.col_slot[col]);
        bc_source_put_comment(t, g.col_name[col]);
        bc_source_put(t, " */\n");
    }
    bc_source_put(t, "    return 1;\n}\n");
    *n_columns = g.n_cols;
    *book = needs_book;
    free(c);
    bc_feature_graph_free(&g);
    return BC_OK;
}
