.PHONY: run test bench setup

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	@echo "make bench: there are no benchmarks yet; they arrive with a later milestone."

setup:
	scripts/setup.sh
