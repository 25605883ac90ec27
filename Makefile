# quizapp: the checks and chores of the project, one command each. `make help` lists them.
# Everything runs from the virtual environment in .venv (`make venv` makes it).

VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help venv lint format types imports test check snapshots bench catalogs catalog-cache clean

help: ## list the targets with what each does
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-10s %s\n", $$1, $$2}'

venv: ## make .venv with the project, its test extras and the CPU build of torch
	python3 -m venv $(VENV)
	$(BIN)/pip install -q -e ".[test,torch]"

lint: ## ruff: lint and check formatting (changes nothing)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: ## ruff: fix what it can and format every file
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: ## mypy, strict ([tool.mypy] in pyproject.toml)
	$(BIN)/mypy

imports: ## import-linter: the layers and who may import the engine
	$(BIN)/lint-imports

test: ## the whole suite in parallel (PYTEST_WORKERS=auto), engine doctests included
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

check: lint types imports test ## everything CI checks: lint, format, mypy, lint-imports, tests

snapshots: ## rewrite the SVG snapshots and docs/screenshots (read the report first!)
	$(BIN)/python -m pytest tests/tui/test_snapshots.py --snapshot-update -q
	for name in home choice_question numeric_feedback_with_worked_solution statistics mock_report; do \
		cp "tests/tui/__snapshots__/test_snapshots/test_$${name}[120x40].svg" "docs/screenshots/$${name}.svg"; \
	done

bench: ## every benchmark, as ratios to a baseline measured beside it
	$(BIN)/python benchmarks/run.py

# One line per gettext domain: extract its messages, merge them into each language's .po (new
# messages arrive untranslated, never guessed), compile the .mo that ships in the wheel.
QUIZAPP_KEYWORDS := -k N_ -F babel.cfg --ignore-dirs='.* ._ templates __pycache__'
TEMPLATES_KEYWORDS := --no-default-keywords -k tr -k plural:1,2 -k N_
catalogs: ## gettext catalogs (Babel): extract, update quizapp/locale/*/LC_MESSAGES/*.po, compile .mo
	@mkdir -p build
	$(BIN)/pybabel extract $(QUIZAPP_KEYWORDS) --project=quizapp --no-wrap --sort-by-file -o build/quizapp.pot quizapp && $(BIN)/pybabel update --init-missing --no-wrap --no-fuzzy-matching --ignore-obsolete -D quizapp -i build/quizapp.pot -d quizapp/locale -l zh && $(BIN)/pybabel compile --statistics -D quizapp -d quizapp/locale -l zh
	$(BIN)/pybabel extract $(TEMPLATES_KEYWORDS) --project=quizapp --no-wrap --sort-by-file -o build/templates.pot quizapp/templates && $(BIN)/pybabel update --init-missing --no-wrap --no-fuzzy-matching --ignore-obsolete -D templates -i build/templates.pot -d quizapp/locale -l zh && $(BIN)/pybabel compile --statistics -D templates -d quizapp/locale -l zh

catalog-cache: ## rebuild quizapp/builtin_catalog.json, the built-in banks' catalog a first start reads (after any bank edit)
	$(BIN)/python -m quizapp.core.packaged_catalog

clean: ## remove caches and build output (never .venv or your data)
	rm -rf .pytest_cache .ruff_cache .mypy_cache .hypothesis .import_linter_cache build dist snapshot_report.html
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
