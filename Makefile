# The two commands a newcomer needs (see README.md):
#   make demo   set up, build, and run the example application over schema.yaml
#   make test   set up, build, and run every test (what CI runs)
SWIFT ?= swift

.PHONY: setup demo test build clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build

demo: setup
	$(SWIFT) run TuskDemo

test: setup
	bash scripts/test.sh

clean:
	rm -rf .build .tusk
