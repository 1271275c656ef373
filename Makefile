# kinmuchi — the two commands a newcomer needs are `make run` and `make test`.

GO            ?= go
DEMO_PASSWORD ?= kinmuchi-demo-2026
PKGS          ?= ./...
# The suite runs against both databases; withpg starts a throwaway PostgreSQL
# cluster unless KINMUCHI_TEST_DATABASE_URL names one.
WITHPG        := $(GO) run ./internal/tools/withpg --

.PHONY: run test test-sqlite lint bench build docs clean

## run: the service on the embedded SQLite database with demo data, at http://localhost:8080
run:
	KINMUCHI_DEMO_PASSWORD=$(DEMO_PASSWORD) $(GO) run ./cmd/kinmuchi serve --demo

## test: every test (format, vet, both databases)
test: lint
	$(WITHPG) $(GO) test -count=1 -timeout 20m $(PKGS)

## test-sqlite: only the SQLite half, for a machine without PostgreSQL
test-sqlite: lint
	KINMUCHI_TEST_DIALECTS=sqlite $(GO) test -count=1 -timeout 20m $(PKGS)

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/node_modules/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)

## bench: the benchmarks whose figures docs/BENCHMARKS.md records
bench:
	$(WITHPG) $(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)

## build: the binary in bin/
build:
	$(GO) build -trimpath -o bin/kinmuchi ./cmd/kinmuchi

## docs: regenerate docs/policy-reference.md from the code
docs:
	$(GO) test ./policies -run TestReference -count=1 -update

clean:
	rm -rf bin data
