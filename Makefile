# Two commands do all set-up: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLES := $(filter-out %.jsonl %.md,$(wildcard samples/*))
# Rebuilt when the package's metadata changes; otherwise the venv is reused.
STAMP  := $(VENV)/.installed

.PHONY: demo test serve system system-test data venv clean

demo: system venv
	@# exit 1 means "the evidence fails", which is what several samples are for.
	$(BIN)/evidencecheck check $(SAMPLES) ; rc=$$?; [ $$rc -le 1 ]
	@# One work order: a complete "not received" set, judged against its rules, then one upload of it.
	$(BIN)/evidencecheck check --ticket not_received samples/waybill_yto.jpg samples/receipt_genuine.jpg
	$(BIN)/evidencecheck compose samples/waybill_yto.jpg samples/receipt_genuine.jpg -o demo-upload.jpg

test: system-test data venv
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# The merchant's web page at http://127.0.0.1:8000/ (SERVE_ARGS="--host 0.0.0.0" for phones on the same network).
serve: system venv
	$(BIN)/evidencecheck serve $(SERVE_ARGS)

system:
	@bash scripts/setup-system.sh

system-test:
	@bash scripts/setup-system.sh test

# Stroke data for the handwriting generator (npm package, Arphic Public License; not committed).
data:
	@bash scripts/fetch-hanzi-data.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[rapid,serve,cluster,dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache demo-upload.jpg
