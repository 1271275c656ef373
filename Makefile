# kinmuchi — the two commands a newcomer needs are `make run` and `make test`.

GO            ?= go
DEMO_PASSWORD ?= kinmuchi-demo-2026
PKGS          ?= ./...
# The suite runs against both databases; withpg starts a throwaway PostgreSQL
# cluster unless KINMUCHI_TEST_DATABASE_URL names one.
WITHPG        := $(GO) run ./internal/tools/withpg --

.PHONY: run test test-sqlite test-ui test-e2e lint bench bench-smoke bench-go bench-scale build docs clean ui proof

# The web UI: frontend/dist is rebuilt when a source is newer than the built
# index.html (or there is none), and node_modules is installed (npm ci) when missing.
UI_SOURCES := $(shell find frontend/src frontend/public -type f -not -name '*.test.*' 2>/dev/null) \
              frontend/index.html frontend/package.json frontend/package-lock.json \
              frontend/vite.config.ts frontend/tsconfig.json frontend/postcss.config.cjs
UI_STAMP   := frontend/dist/index.html

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

$(UI_STAMP): frontend/node_modules/.package-lock.json $(UI_SOURCES)
	cd frontend && npm run build
	@touch $@

ui: $(UI_STAMP)

## run: build the UI when its sources changed, then the service on the embedded SQLite database with demo data, at http://localhost:8080
run: ui
	KINMUCHI_DEMO_PASSWORD=$(DEMO_PASSWORD) $(GO) run ./cmd/kinmuchi serve --demo

## test: every test (format, vet, staticcheck, exhaustive switches, both databases, the load benchmark's smoke run, then the UI: generated types, typecheck, Vitest, Playwright in Chromium)
test: lint
	$(WITHPG) $(GO) test -count=1 -timeout 20m $(PKGS)
	$(MAKE) bench-smoke
	$(MAKE) test-ui test-e2e

## test-ui: the generated API types are current, the TypeScript typechecks, Vitest
test-ui: frontend/node_modules/.package-lock.json
	cd frontend && npm run gen:check && npm run typecheck && npm test

## test-e2e: Playwright drives Debian's chromium against the real server (built with the UI) on demo data
test-e2e: ui
	$(GO) build -o bin/kinmuchi-e2e ./cmd/kinmuchi
	cd frontend && KINMUCHI_BIN=../bin/kinmuchi-e2e npm run e2e

## test-sqlite: only the SQLite half, for a machine without PostgreSQL
test-sqlite: lint
	KINMUCHI_TEST_DIALECTS=sqlite $(GO) test -count=1 -timeout 20m $(PKGS)

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/node_modules/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)
	@# Switches over the states, actions and roles must name every value (or say default).
	$(GO) tool exhaustive -d -typeonly '\.(RequestState|RequestAction|TaskState|BookingState|Role|Outcome|Action|TaskDue)$$' $(PKGS)

## proof: the claims as one command (under 15 minutes): three processes on a durable PostgreSQL of its own through kill -9 and a database crash, the embedded database killed -9, every fuzz target, the authorization matrix; prints a summary table. Its short form (TestProof) runs in `make test`.
FUZZTIME ?= 45s
proof:
	$(GO) run ./internal/tools/proof -fuzztime $(FUZZTIME)

## bench: the load benchmark (under 10 minutes): a real kinmuchi process on a durable PostgreSQL of its own, driven over loopback; one table, profiles in bench-out/ (docs/BENCHMARKS.md, "make bench (#20)")
bench:
	$(GO) run ./internal/tools/loadgen -out bench-out

## bench-smoke: the same load benchmark for a few seconds per scenario (under a minute; part of make test)
bench-smoke:
	$(GO) run ./internal/tools/loadgen -smoke -out bench-out/smoke

## bench-go: the Go benchmarks of the rules, the booking use cases and SQLite commits (docs/BENCHMARKS.md)
bench-go:
	$(WITHPG) $(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)

# The scale benchmarks: gen-demo fills a PostgreSQL cluster that keeps its
# durability settings (fsync on), then the reports, the write path and the
# ledger export are measured on it, and the main queries explained.
GEN_DEMO_FLAGS ?= --employees 50000 --departments 500 --days 365

## bench-scale: gen-demo (50,000 staff, 500 departments, a year) on a durable PostgreSQL cluster, the Scale benchmarks and EXPLAIN ANALYZE on it
bench-scale:
	$(GO) build -o bin/kinmuchi-bench ./cmd/kinmuchi
	$(GO) run ./internal/tools/withpg --durable -- sh -c 'set -e; \
		bin/kinmuchi-bench gen-demo --database-url "$$KINMUCHI_TEST_DATABASE_URL" $(GEN_DEMO_FLAGS); \
		KINMUCHI_BENCH_SCALE_URL="$$KINMUCHI_TEST_DATABASE_URL" $(GO) test -run "^$$" -bench Scale -benchmem -count=1 -timeout 30m ./services/ ./api/; \
		psql "$$KINMUCHI_TEST_DATABASE_URL" -f internal/gendemo/explain.sql'

## build: the binary in bin/
build:
	$(GO) build -trimpath -o bin/kinmuchi ./cmd/kinmuchi

## docs: regenerate docs/policy-reference.md from the code
docs:
	$(GO) test ./policies -run TestReference -count=1 -update

clean:
	rm -rf bin data frontend/dist/assets frontend/dist/index.html $(UI_STAMP)
