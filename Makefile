# libbotcopier - build, test, install.
#
#   make            library (shared + static) and the botcopier CLI
#   make check      install missing dependencies, build, run every test
#   make demo       install missing dependencies, build, run the main job
#   make check-asan the Check suite under AddressSanitizer + UBSan
#   make valgrind   the Check suite under valgrind (no leaks, no errors)
#   make bench      benchmarks against peers (prints ratios)
#   make dll        build-win/botcopier.dll for MQL5 (mingw-w64 cross build)
#   make check-dll  DLL export/import checks and the wine harness tests/win/
#   make install PREFIX=/usr/local DESTDIR=   /   make uninstall
#
# Options: BUILD=dir (default build), CC=clang, CUDA=1 (also build the CUDA
# plugin), NO_DEPS=1 (never run scripts/install-deps.sh), V=1 (show commands).

VERSION_MAJOR := $(shell sed -n 's/^\#define BC_VERSION_MAJOR \([0-9]*\)/\1/p' include/botcopier.h)
VERSION_MINOR := $(shell sed -n 's/^\#define BC_VERSION_MINOR \([0-9]*\)/\1/p' include/botcopier.h)
VERSION_PATCH := $(shell sed -n 's/^\#define BC_VERSION_PATCH \([0-9]*\)/\1/p' include/botcopier.h)
ABI := $(shell sed -n 's/^\#define BC_ABI_VERSION \([0-9]*\)/\1/p' include/botcopier.h)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

BUILD ?= build
PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
PYTHON ?= python3

SONAME := libbotcopier.so.$(ABI)
SHARED := $(BUILD)/$(SONAME).$(VERSION_MINOR).$(VERSION_PATCH)
STATIC := $(BUILD)/libbotcopier.a
CLI := $(BUILD)/botcopier
RUNNER := $(BUILD)/tests/check_runner

PKGS := openblas libzstd jansson liblbfgs
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
SANITIZE ?=
OPT ?= -O2
CFLAGS ?= $(OPT) -g
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -fPIC -fvisibility=hidden $(WARN) $(SANITIZE) \
    -Iinclude -Ilib -I. -DBC_BUILDING_LIBRARY \
    -DBC_HAVE_OPENBLAS -DBC_HAVE_ZSTD -DBC_HAVE_JANSSON -DBC_HAVE_LBFGS $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm -lpthread -ldl
LDFLAGS ?=

LIB_SRCS := $(shell find lib -name '*.c' -not -path 'lib/backend/cuda/*' | LC_ALL=C sort)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
TOOL_SRCS := $(wildcard tools/*.c)
TOOL_OBJS := $(TOOL_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS := $(wildcard tests/*.c)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/%.o)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)
EXAMPLE_SRCS := $(wildcard examples/*.c)
EXAMPLE_BINS := $(EXAMPLE_SRCS:examples/%.c=$(BUILD)/examples/%)

.PHONY: check-install header-check all lib deps check check-run check-c check-python check-asan valgrind \
    demo demo-run bench bench-run install uninstall clean examples dll dll-build check-dll check-cpp

ifeq ($(NO_DEPS),1)
DEPS_STAMP :=
else
DEPS_STAMP := deps
endif

all: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory lib

lib: $(SHARED) $(BUILD)/libbotcopier.so $(STATIC) $(CLI)

deps:
	@sh scripts/install-deps.sh $(DEPS_ARGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# The feature kernels are hot loops: -O3 (no fast-math: results stay exact IEEE).
$(BUILD)/lib/features/%.o: CFLAGS_ALL += -O3 -ffp-contract=off

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(SHARED): $(LIB_OBJS) lib/botcopier.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/botcopier.map \
	    -Wl,--no-undefined $(SANITIZE) $(LDFLAGS) -o $@ $(LIB_OBJS) $(LDLIBS_ALL)

$(BUILD)/libbotcopier.so: $(SHARED)
	ln -sf $(notdir $(SHARED)) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

$(STATIC): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(CLI): $(TOOL_OBJS) $(STATIC)
	$(CC) $(SANITIZE) $(LDFLAGS) -o $@ $(TOOL_OBJS) $(STATIC) $(LDLIBS_ALL)

# ---- tests ---------------------------------------------------------------
# Every tests/*.c that defines `Suite *suite_<name>(void)` joins the runner.
$(BUILD)/tests/suites.inc: $(TEST_SRCS)
	@mkdir -p $(dir $@)
	@sed -n 's/^Suite \*\(suite_[a-z0-9_]*\)(void)$$/BC_SUITE(\1)/p' $(TEST_SRCS) | LC_ALL=C sort > $@.tmp
	@mv $@.tmp $@

$(BUILD)/tests/check_main.o: $(BUILD)/tests/suites.inc
$(BUILD)/tests/%.o: CFLAGS_ALL += $(CHECK_CFLAGS) -I$(BUILD)/tests -Itests -DBC_TEST_SOURCE_DIR='"$(CURDIR)"'

$(RUNNER): $(TEST_OBJS) $(STATIC)
	$(CC) $(SANITIZE) $(LDFLAGS) -o $@ $(TEST_OBJS) $(STATIC) $(CHECK_LIBS) $(LDLIBS_ALL)

check: DEPS_ARGS = --python --dll
check: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory check-run

check-run: check-c check-install check-python check-cpp check-dll

check-install: lib
	@MAKE="$(MAKE)" sh scripts/test-install.sh

# The public header must compile alone as strict C99 and as C++.
header-check:
	$(Q)printf '#include "botcopier.h"\nint main(void){return (int)bc_abi_version()-BC_ABI_VERSION;}\n' > $(BUILD)/header_c99.c
	$(Q)$(CC) -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only $(BUILD)/header_c99.c
	$(Q)printf '#include "botcopier.h"\nint main(){return (int)bc_abi_version()-BC_ABI_VERSION;}\n' > $(BUILD)/header_cxx.cpp
	$(Q)$(CXX) -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only $(BUILD)/header_cxx.cpp
	@echo "header: compiles as C99 and C++11"

check-c: lib header-check $(RUNNER)
	BC_LIB_PATH=$(CURDIR)/$(SHARED) BC_CLI=$(CURDIR)/$(CLI) $(RUNNER)

check-python: lib
	@if [ -d tests/python ] && ls tests/python/test_*.py >/dev/null 2>&1; then \
	    BC_LIBRARY=$(CURDIR)/$(SHARED) PYTHONPATH=$(CURDIR)/bindings/python \
	    $(PYTHON) -m pytest -q tests/python; \
	else echo "python: no binding tests yet"; fi

check-asan: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    check-c

valgrind: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory lib $(RUNNER)
	CK_FORK=no BC_LIB_PATH=$(CURDIR)/$(SHARED) BC_CLI=$(CURDIR)/$(CLI) \
	    valgrind --quiet --error-exitcode=3 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect $(RUNNER)

# ---- demo, benchmarks, examples ------------------------------------------
demo: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory demo-run

demo-run: lib
	@sh scripts/demo.sh $(CLI)

$(BUILD)/bench/%: bench/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -O3 -o $@ $< $(STATIC) $(LDLIBS_ALL)

bench: DEPS_ARGS = --bench
bench: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory bench-run

bench-run: lib $(BENCH_BINS)
	@for b in $(BENCH_BINS); do echo "== $$b"; $$b || exit 1; done
	@if $(PYTHON) -c 'import sklearn, numpy' 2>/dev/null; then \
	    echo "== bench/bench_logistic.py"; \
	    BC_LIBRARY=$(CURDIR)/$(SHARED) $(PYTHON) bench/bench_logistic.py || exit 1; \
	else echo "== bench/bench_logistic.py skipped: scikit-learn is not installed"; fi
	@if $(PYTHON) -c "import talib, numpy" 2>/dev/null; then echo "== bench/bench_features.py"; \
	    $(PYTHON) bench/bench_features.py --lib $(CURDIR)/$(SHARED); \
	else echo "== bench/bench_features.py skipped: python ta-lib not installed"; fi

$(BUILD)/examples/%: examples/%.c $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 -Wall -Wextra -Werror -Iinclude -o $@ $< -L$(BUILD) -lbotcopier -Wl,-rpath,$(CURDIR)/$(BUILD)

examples: lib $(EXAMPLE_BINS)

# C++ bindings: the header-only RAII wrappers, compiled strictly and run.
CPP_EXAMPLE := $(BUILD)/examples/cpp_hello
$(CPP_EXAMPLE): examples/cpp_hello.cpp bindings/cpp/botcopier.hpp include/botcopier.h $(SHARED)
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -Ibindings/cpp -o $@ $< \
	    -L$(BUILD) -lbotcopier -Wl,-rpath,$(CURDIR)/$(BUILD)

check-cpp: lib $(CPP_EXAMPLE)
	$(CPP_EXAMPLE)

# ---- Windows DLL (mingw-w64 cross build, for MQL5) -------------------------
# Library directories compiled into botcopier.dll, each without recursion. A
# layer joins by adding its directory here (and DLL_EXCLUDE drops single
# files, e.g. training-only ones); everything in them must build without
# OpenBLAS, zstd and jansson, i.e. with BC_HAVE_* undefined.
DLL_DIRS := lib/core lib/backend lib/backend/cpu lib/data lib/features lib/model lib/clone lib/mql
DLL_EXCLUDE := lib/clone/cloner.c lib/clone/report.c
WIN_BUILD ?= build-win
WIN_CC ?= x86_64-w64-mingw32-gcc
WIN_OBJDUMP ?= x86_64-w64-mingw32-objdump
WINE ?= $(firstword $(wildcard /usr/lib/wine/wine64) $(shell command -v wine64 wine 2>/dev/null))
WINEPREFIX ?= $(CURDIR)/$(WIN_BUILD)/wineprefix
DLL := $(WIN_BUILD)/botcopier.dll
DLL_SRCS := $(filter-out $(DLL_EXCLUDE),$(sort $(foreach d,$(DLL_DIRS),$(wildcard $(d)/*.c))))
DLL_OBJS := $(DLL_SRCS:%.c=$(WIN_BUILD)/obj/%.o)
# xxhash.h is header-only (XXH_INLINE_ALL); the cross compiler does not search
# /usr/include, so the build dir gets a link to Debian's copy.
WIN_CFLAGS := -std=c11 -O2 $(WARN) -Iinclude -Ilib -I. -I$(WIN_BUILD)/include -DBC_BUILDING_LIBRARY \
    -D__USE_MINGW_ANSI_STDIO=1 -DWIN32_LEAN_AND_MEAN
# -static links libgcc and winpthreads in: the DLL needs only Windows' own
# DLLs. Only BC_API (dllexport) symbols leave it; nothing is auto-exported.
WIN_LDFLAGS := -shared -static -static-libgcc -s -Wl,--exclude-all-symbols \
    -Wl,--exclude-libs,ALL -Wl,--out-implib,$(WIN_BUILD)/libbotcopier.dll.a \
    -Wl,--output-def,$(WIN_BUILD)/botcopier.def

dll: DEPS_ARGS = --dll
dll: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory dll-build

dll-build: $(DLL)

$(WIN_BUILD)/include/xxhash.h:
	@mkdir -p $(dir $@)
	ln -sf /usr/include/xxhash.h $@

$(WIN_BUILD)/obj/%.o: %.c | $(WIN_BUILD)/include/xxhash.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  WINCC   $<")
	$(Q)$(WIN_CC) $(WIN_CFLAGS) -MMD -MP -c $< -o $@

$(DLL): $(DLL_OBJS)
	$(WIN_CC) $(WIN_LDFLAGS) -o $@ $(DLL_OBJS) -lpthread

# The harness calls the DLL the way MQL5 does (LoadLibraryW/GetProcAddress);
# win_reference writes what the Linux library computes, for it to match.
$(WIN_BUILD)/test_dll.exe: tests/win/test_dll.c include/botcopier.h
	@mkdir -p $(dir $@)
	$(WIN_CC) -std=c11 -O2 $(WARN) -Iinclude -D__USE_MINGW_ANSI_STDIO=1 -static -o $@ $<

$(BUILD)/tests/win_reference: tests/win/reference.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(STATIC) $(LDLIBS_ALL)

check-dll: $(BUILD)/tests/win_reference
	@if ! command -v $(WIN_CC) >/dev/null 2>&1; then \
	    echo "dll: SKIPPED: $(WIN_CC) not found (scripts/install-deps.sh --dll installs it)"; \
	else \
	    $(MAKE) --no-print-directory dll-build $(WIN_BUILD)/test_dll.exe && \
	    WIN_OBJDUMP=$(WIN_OBJDUMP) WINE="$(WINE)" WINEPREFIX="$(WINEPREFIX)" \
	    REFERENCE=$(CURDIR)/$(BUILD)/tests/win_reference sh scripts/check-dll.sh $(WIN_BUILD); \
	fi

# ---- install -------------------------------------------------------------
$(BUILD)/botcopier.pc: pkgconfig/botcopier.pc.in include/botcopier.h
	@mkdir -p $(BUILD)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

install: lib $(BUILD)/botcopier.pc
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR)
	install -m 644 include/botcopier.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHARED)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libbotcopier.so
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/
	install -m 644 $(BUILD)/botcopier.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/botcopier.h \
	    $(DESTDIR)$(LIBDIR)/$(notdir $(SHARED)) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libbotcopier.so $(DESTDIR)$(LIBDIR)/libbotcopier.a \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/botcopier.pc $(DESTDIR)$(BINDIR)/botcopier

clean:
	rm -rf build build-* 

-include $(LIB_OBJS:.o=.d) $(TOOL_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(DLL_OBJS:.o=.d)
