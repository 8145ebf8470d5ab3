# Folio: one YAML manuscript in, a print PDF and an EPUB 3 out.
#
#   make          build the bundled report (or MANUSCRIPT=dir) into out/
#   make test     install what the tests need (make test-deps), then run them

GO          ?= go
MANUSCRIPT  ?=
OUT         ?= out
BIN         := bin/folio
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck
STATICCHECK_VERSION := v0.8.2

.PHONY: all pdf print epub check stats charts test test-deps lint bench clean tools

all: $(BIN)
	$(BIN) build -o $(OUT) $(MANUSCRIPT)

# The draft PDF editors build after every edit.
pdf: $(BIN)
	$(BIN) build --pdf --edition draft -o $(OUT) $(MANUSCRIPT)

# The print edition: trim, bleed and crop marks for the print shop.
print: $(BIN)
	$(BIN) build --pdf --edition print -o $(OUT) $(MANUSCRIPT)

epub: $(BIN)
	$(BIN) build --epub -o $(OUT) $(MANUSCRIPT)

check: $(BIN)
	$(BIN) check $(MANUSCRIPT)

stats: $(BIN)
	$(BIN) stats $(MANUSCRIPT)

charts: $(BIN)
	$(BIN) charts --svg -o $(OUT)/charts $(MANUSCRIPT)

# Rebuild the draft PDF and the EPUB into $(OUT) on every change to the
# manuscript (the bundled report's folder by default); Ctrl-C stops.
WATCHED = $(if $(MANUSCRIPT),$(MANUSCRIPT),manuscript/report)
PORT ?= 8080

.PHONY: watch preview
watch: $(BIN)
	$(BIN) watch -o $(OUT) $(WATCHED)

# A live preview of the book on http://127.0.0.1:$(PORT)/, rebuilt on
# every change.
preview: $(BIN)
	$(BIN) serve --addr 127.0.0.1:$(PORT) $(WATCHED)

# -buildvcs=auto records the commit in the binary (folio version) where
# git can tell it, whatever GOFLAGS says.
$(BIN): FORCE
	@mkdir -p bin
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/folio

FORCE:

# The tests run real checkers on real books: epubcheck, poppler, qpdf,
# mutool, Ghostscript, Chromium and Ace by DAISY (Node.js 20 or later).
# test-deps asks apt and npm for whichever of them is missing.
test: test-deps
	PUPPETEER_EXECUTABLE_PATH=$${PUPPETEER_EXECUTABLE_PATH:-$$(command -v chromium)} \
		$(GO) test -count=1 -timeout 25m ./...

test-deps:
	@tools/test-deps.sh

tools:
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

lint: tools
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

# Every fuzz target for FUZZTIME each (CI: 30s). A target passes unless it
# fails on an input; with Go 1.26 a duration-limited run can also end in a
# bare "context deadline exceeded" with no failing input, a race in Go's
# fuzz coordinator (go.dev/issue/75804, fixed in Go 1.27), which is not
# counted as a failure.
FUZZTIME ?= 30s
FUZZ_TARGETS := manuscript:FuzzLoad epub:FuzzInlineXHTML layout/linebreak:FuzzBreak \
	layout/hyphen:FuzzPoints charts:FuzzSVG publish:FuzzBuild

.PHONY: fuzz
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "== $$name in ./$$pkg for $(FUZZTIME)"; \
		out=$$($(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) ./$$pkg 2>&1); status=$$?; \
		echo "$$out" | grep -v '^fuzz: elapsed' ; echo "$$out" | grep '^fuzz: elapsed' | tail -1; \
		if [ $$status -ne 0 ]; then \
			if echo "$$out" | grep -q 'context deadline exceeded' && ! echo "$$out" | grep -q 'Failing input written'; then \
				echo "(go.dev/issue/75804: the fuzz coordinator's shutdown race, not a failing input)"; \
			else exit 1; fi; \
		fi; \
	done

# Go benchmarks: every stage (manuscript, charts, layout/linebreak,
# layout, epub), the end-to-end builds of the report and of the
# generated 10x manuscript (cmd/folio, bench/tenfold) and a watch rebuild.
# BENCH selects benchmarks by name. bench/targets.sh times the folio binary
# against the targets, bench/peers.sh beside Pandoc, WeasyPrint and Typst
# (docs/performance.md).
BENCH ?= .
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem ./...

clean:
	rm -rf $(OUT) bin
