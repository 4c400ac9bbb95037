# Two commands on a fresh machine: `make maps` builds the maps, `make test` runs every test
# (ruff lint + format, mypy on geo/, then pytest: the tests and every doctest in geo/).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: maps test lint layers bench clean pack-head wasm

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

maps: $(STAMP)
	$(BIN)/frontline build --all --out build/maps --offline --format html,png,svg
	$(BIN)/frontline facts

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

layers: $(STAMP)
	$(BIN)/pip install --quiet -e '.[build-layers]'
	$(BIN)/python scripts/build_layers.py

# After editing geo/render/js or css: the shipped packed head (zopfli, ahead of time);
# a stale one is never used (pages fall back to zlib) and tests/test_render_assets.py fails.
pack-head: $(STAMP)
	$(BIN)/python scripts/pack_head.py

# After editing geo/render/js/base85.wat: boot.js's WASM line (wasmtime's wat2wasm);
# tests/test_render_assets.py fails on a stale one.
wasm: $(STAMP)
	$(BIN)/python scripts/build_wasm.py

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/measure.py
	$(BIN)/python benchmarks/timeline.py --memory
	$(BIN)/python benchmarks/maps.py
	$(BIN)/python benchmarks/timeline_page.py
	$(BIN)/python benchmarks/unpack.py
	$(BIN)/python benchmarks/animate.py
	$(BIN)/python benchmarks/io_limits.py

clean:
	rm -rf build $(VENV)
