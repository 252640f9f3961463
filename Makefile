# cohortdb — make targets. Needs only Go (and git for version stamping).
#
#   make run     build, then serve ./cohortdb-data on 127.0.0.1:3306
#   make test    go vet + every test, end-to-end included
#   make build | test-short | fmt | lint | bench | demo | clean | help

# Go: from PATH, else Go's default install location.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
GOBIN_DIR := $(patsubst %/,%,$(dir $(GO)))
export PATH := $(GOBIN_DIR):$(PATH)

BIN        ?= bin/cohortdb
DATA_DIR   ?= ./cohortdb-data
LISTEN     ?= 127.0.0.1:3306
# Ceiling for the whole test run (a guard against hangs, not a target).
TEST_TIMEOUT ?= 15m
TEST_FLAGS   ?=
# Packages `make bench` measures; bench/ and packages extend this.
BENCH_PKGS   ?= ./...
BENCH_FLAGS  ?= -benchmem
# staticcheck version run by `make lint` (fetched through the module
# proxy); set STATICCHECK= to skip it.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Hook: the commands that load the demo data set into a fresh $(DATA_DIR).
# `make run` runs `make demo` when $(DATA_DIR) does not exist yet. Empty
# until `cohortdb gen` and `cohortdb import` land; then, for example:
#   DEMO_CMD = $(BIN) gen --out $(DEMO_DIR) && $(BIN) import --data-dir $(DATA_DIR) $(DEMO_DIR)
DEMO_DIR ?= ./cohortdb-demo-csv
DEMO_CMD ?=

.PHONY: all build run demo test test-short fmt lint bench clean help

all: build

help:
	@sed -n '1,8p' Makefile

build:
	$(GO) build -o $(BIN) ./cmd/cohortdb

run: build
	@if [ ! -d "$(DATA_DIR)" ]; then $(MAKE) --no-print-directory demo; fi
	@echo "cohortdb: serving $(DATA_DIR) on $(LISTEN); stop with Ctrl-C"
	@echo "cohortdb: connect with: mysql -h $(firstword $(subst :, ,$(LISTEN))) -P $(lastword $(subst :, ,$(LISTEN))) -u root"
	$(BIN) serve --data-dir "$(DATA_DIR)" --listen "$(LISTEN)"

demo: build
ifeq ($(strip $(DEMO_CMD)),)
	@echo "cohortdb: no demo data set yet (cohortdb gen/import not implemented); starting empty"
else
	$(DEMO_CMD)
endif

test:
	$(GO) vet ./...
	$(GO) test -timeout $(TEST_TIMEOUT) $(TEST_FLAGS) ./...

# Quick loop: unit tests only (end-to-end tests skip in -short mode).
test-short:
	$(GO) test -short -timeout $(TEST_TIMEOUT) $(TEST_FLAGS) ./...

fmt:
	$(GO) fmt ./...

lint:
	@unformatted="$$($(GOBIN_DIR)/gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
ifneq ($(strip $(STATICCHECK)),)
	$(GO) run $(STATICCHECK) ./...
endif

bench:
	$(GO) test -run '^$$' -bench . $(BENCH_FLAGS) $(BENCH_PKGS)

clean:
	rm -rf bin
	@echo "cohortdb: data is kept; remove $(DATA_DIR) yourself to start over"
