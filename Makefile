.PHONY: run test test-ejabberd bench setup fuzz

run:
	scripts/run.sh

test:
	scripts/test.sh

# Every end-to-end spec against ejabberd (specs that need Prosody say so and use it).
test-ejabberd:
	scripts/test.sh build e2e-ejabberd

bench:
	scripts/bench.sh

setup:
	scripts/setup.sh

fuzz:
	scripts/fuzz.sh
