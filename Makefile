.PHONY: run test bench setup fuzz

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

setup:
	scripts/setup.sh

fuzz:
	scripts/fuzz.sh
