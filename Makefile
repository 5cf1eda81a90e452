.PHONY: run test test-ejabberd bench soak setup fuzz

run:
	scripts/run.sh

test:
	scripts/test.sh

# Every end-to-end spec against ejabberd (specs that need Prosody say so and use it).
test-ejabberd:
	scripts/test.sh build e2e-ejabberd

bench:
	scripts/bench.sh

# The fault soak at full size (1,000 messages, 50+ cuts); `make test` runs it small.
soak:
	scripts/soak.sh

setup:
	scripts/setup.sh

fuzz:
	scripts/fuzz.sh
