.PHONY: run test bench setup

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

setup:
	scripts/setup.sh
