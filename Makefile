# Folio: one YAML manuscript in, a print PDF and an EPUB 3 out.
#
#   make          build the bundled report (or MANUSCRIPT=dir) into out/
#   make test     run every test (needs epubcheck, poppler-utils, qpdf: see .ci/run)

GO          ?= go
MANUSCRIPT  ?=
OUT         ?= out
BIN         := bin/folio
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck
STATICCHECK_VERSION := v0.8.2

.PHONY: all pdf print epub check stats charts test lint bench clean tools

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

$(BIN): FORCE
	@mkdir -p bin
	$(GO) build -o $(BIN) ./cmd/folio

FORCE:

test:
	$(GO) test -count=1 -timeout 25m ./...

tools:
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

lint: tools
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(OUT) bin
