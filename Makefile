# Campaign Chronology — one command per job. Each target creates .venv when it is missing
# and installs exactly the versions in requirements-lock.txt (what the stored notebook
# outputs and figures were made with).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help lock install figures build check explore test test-fast test-unit test-notebooks test-browser notebooks report lab basemap benchmark lint release clean-venv

help:
	@echo "make figures        build data/processed/ and figures/ (the main job)"
	@echo "make test           unit, data, CLI, notebook (nbval) and browser tests"
	@echo "make test-fast      the quick loop: no browser, no slow tests, fewer property examples"
	@echo "make lint           ruff check and ruff format --check"
	@echo "make lab            JupyterLab at the repository root, opened on notebooks/ (prints its URL)"
	@echo "make explore        the offline explorer page: explore/index.html (timeline, map, evidence)"
	@echo "make check          validate data/ (python -m analysis check)"
	@echo "make notebooks      re-execute every notebook in place"
	@echo "make report         export the executed notebooks to HTML in reports/"
	@echo "make test-browser   only the browser tests (JupyterLab, the explorer page) in Chromium"
	@echo "make basemap        rebuild data/external/ from npm packages (needs npm)"
	@echo "make benchmark      run the benchmarks in benchmarks/"
	@echo "make lock           re-resolve requirements-lock.txt from pyproject.toml"
	@echo "make release        versioned archive in dist/ (code, data, figures, exports, CITATION.cff, checksums; no publisher texts)"

install: $(STAMP)

$(STAMP): pyproject.toml requirements-lock.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements-lock.txt -e '.[test]'
	@touch $(STAMP)

# After a build that redrew a figure (its data or code changed), the notebooks, which print the
# same findings, are re-executed too: add a source, accept it, make figures, and make test is green.
figures: $(STAMP)
	@$(BIN)/python -m analysis figures | tee $(VENV)/figures.log; status=$${PIPESTATUS[0]}; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	if grep -q '\.png$$' $(VENV)/figures.log; then $(MAKE) --no-print-directory notebooks; fi

build: $(STAMP)
	$(BIN)/python -m analysis build

check: $(STAMP)
	$(BIN)/python -m analysis check

explore: $(STAMP)
	$(BIN)/python -m analysis explore -o explore

# The browser test needs Debian's chromium: .ci/provision-browser installs it when it can (root
# with apt), else says why the browser tests are skipped; under CI=true they are required.
test: $(STAMP)
	@bash .ci/provision-browser; status=$$?; \
	if [ $$status -eq 0 ]; then $(BIN)/python -m pytest $(NBVAL) tests notebooks; \
	elif [ $$status -eq 3 ]; then $(BIN)/python -m pytest $(NBVAL) -m "not browser" tests notebooks; \
	else exit $$status; fi

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow" --hypothesis-profile=fast -p no:cacheprovider -p no:nbval tests

test-unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" tests

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) notebooks

test-browser: $(STAMP)
	@bash .ci/provision-browser || exit 1
	$(BIN)/python -m pytest -m browser tests

# Each cell's printed output is coalesced into one stream after running, so how the kernel happened to
# chunk it never changes the stored notebook (a fresh make figures leaves the checkout clean).
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.record_timing=False \
		--Exporter.preprocessors=nbconvert.preprocessors.CoalesceStreamsPreprocessor notebooks/[0-9]*.ipynb

report: $(STAMP)
	$(BIN)/jupyter nbconvert --to html --embed-images --TemplateExporter.extra_template_basedirs=analysis/templates --template report --output-dir reports notebooks/[0-9]*.ipynb

# JupyterLab at the repository root (data/, figures/ browsable), opened on notebooks/; it prints
# its URL. As root (containers, CI) it needs --allow-root. LAB_ARGS adds options (e.g. --port=8890).
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter-lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

basemap: $(STAMP)
	$(BIN)/python scripts/build_basemap.py

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_pace.py
	$(BIN)/python benchmarks/score_extraction.py
	$(BIN)/python benchmarks/bench_propose.py

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	{ sed -n '1,4p' requirements-lock.txt; .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements-lock.new
	mv requirements-lock.new requirements-lock.txt && rm -rf .lock-venv

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks scripts
	$(BIN)/ruff format --check analysis tests benchmarks scripts

release: figures
	$(BIN)/python -m analysis.release

clean-venv:
	rm -rf $(VENV)
