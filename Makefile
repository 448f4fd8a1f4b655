# The two commands: `make run` serves the portal with a demo county; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := portal
PGBIN := $(shell ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PGPORT ?= 55432
PGDATA := $(CURDIR)/.pgdata
REDISPORT ?= 56379
REDISPID := $(CURDIR)/.redis.pid
TEST_WORKERS ?= 2
PYTEST_ARGS ?= -n $(TEST_WORKERS)
# Folders or files to test (empty: the whole suite); the second pass, on Redis, takes the queue's among them.
TESTS ?=
QUEUE_TESTS := $(if $(strip $(TESTS)),$(filter tests/background% tests/notifications% tests/reports/test_kept%,$(TESTS)),tests/background tests/notifications tests/reports/test_kept.py)

.PHONY: run test test-run install catalogs vendor db demo pg-install pg-start pg-stop redis-install redis-start redis-stop browser-install test-plugins translations bench bench-portal clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

install: $(STAMP)
	@$(MAKE) --no-print-directory catalogs

# The compiled catalogs are not kept in git: every translations/ folder (the portal's, each feature's and
# group's, the test plugin's) is compiled here, at install, before a run and before a test run.
CATALOG_DIRS = $(shell find portal plugins tests/hardship_plugin -type d -name translations -not -path '*/build/*' 2>/dev/null)
catalogs:
	@for d in $(CATALOG_DIRS); do $(BIN)/pybabel -q compile -d $$d || exit 1; done

db: install
	$(BIN)/guanai db upgrade heads

# The web server and its worker (the task queue's consumer) start together and stop together.
run: db catalogs
	$(BIN)/guanai demo --if-empty
	@$(BIN)/guanai worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/guanai run --host 127.0.0.1 --port 5000

# The fourth group lives in tests/ as its own package; it is installed beside, not into, the venv,
# so that only the test run sees it.
test-plugins: install
	rm -rf .test-plugins
	$(BIN)/pip install --quiet --no-deps --target .test-plugins ./tests/hardship_plugin

pg-install:
	@if [ -z "$(PGBIN)" ]; then \
		echo "Installing PostgreSQL (Debian package postgresql)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used); printed cards
# need Chinese fonts (fonts-noto-cjk) and their PDF test reads the file with poppler-utils (pdftotext).
browser-install:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "Installing Chromium (Debian package chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@if ! command -v pdftotext >/dev/null 2>&1 || ! fc-list :lang=zh | grep -q "Noto Sans CJK"; then \
		echo "Installing Chinese fonts and PDF tools (Debian packages fonts-noto-cjk poppler-utils)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk poppler-utils >/dev/null; \
	fi

# A throwaway cluster for the test run, owned by the postgres user (initdb refuses root).
# A statement of a test that runs past 5 minutes fails with its SQL named, rather than holding the run until CI's limit
# (pytest-timeout cannot interrupt a query waiting in the server).
pg-start: pg-install
	@bin=$$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); \
	rm -rf $(PGDATA) && mkdir -p $(PGDATA) && chown postgres $(PGDATA) 2>/dev/null || true; \
	runas() { if [ "$$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$$*"; else sh -c "$$*"; fi; }; \
	runas "$$bin/initdb -D $(PGDATA) -U postgres -A trust >/dev/null" && \
	runas "$$bin/pg_ctl -D $(PGDATA) -o '-p $(PGPORT) -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c statement_timeout=300s' -l $(PGDATA)/log -w start >/dev/null" && \
	runas "$$bin/createdb -h 127.0.0.1 -p $(PGPORT) -U postgres guanai_test"

redis-install:
	@if ! command -v redis-server >/dev/null 2>&1; then \
		echo "Installing Redis (Debian package redis-server)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

# A throwaway Redis for the queue's tests on Redis (no disk, local only), stopped by redis-stop.
redis-start: redis-install
	@redis-server --port $(REDISPORT) --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
		--pidfile $(REDISPID) --dir /tmp >/dev/null && sleep 0.3

redis-stop:
	@if [ -f $(REDISPID) ]; then kill $$(cat $(REDISPID)) 2>/dev/null; rm -f $(REDISPID); fi

pg-stop:
	@bin=$$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1); \
	if [ -n "$$bin" ] && [ -f $(PGDATA)/postmaster.pid ]; then \
		if [ "$$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$$bin/pg_ctl -D $(PGDATA) -m fast stop >/dev/null"; \
		else $$bin/pg_ctl -D $(PGDATA) -m fast stop >/dev/null; fi; fi; rm -rf $(PGDATA)

# The whole suite (queue on its SQLite storage), then the queue's own tests again with the queue on Redis, on
# TEST_WORKERS processes (pytest-xdist; each worker has its own databases: tests/workers.py). PYTEST_ARGS replaces
# the default, e.g. `make test PYTEST_ARGS="-n 0"` (one process); TESTS chooses folders: `make test TESTS=tests/ledger`.
test: install test-plugins browser-install
	$(MAKE) --no-print-directory test-run

# The run itself with what is installed (BIN= another venv's bin): services up, the two passes, services down.
test-run: catalogs
	$(MAKE) --no-print-directory pg-start
	$(MAKE) --no-print-directory redis-start
	GUANAI_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$(PGPORT)/guanai_test \
	PYTHONPATH=$(CURDIR)/.test-plugins $(BIN)/python -m pytest $(PYTEST_ARGS) $(TESTS) && \
	{ [ -z "$(strip $(QUEUE_TESTS))" ] || \
	GUANAI_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$(PGPORT)/guanai_test \
	GUANAI_TEST_QUEUE_URL=redis://127.0.0.1:$(REDISPORT)/0 \
	PYTHONPATH=$(CURDIR)/.test-plugins $(BIN)/python -m pytest $(PYTEST_ARGS) $(QUEUE_TESTS); }; \
	status=$$?; $(MAKE) --no-print-directory redis-stop; $(MAKE) --no-print-directory pg-stop; exit $$status


# The phone's scripts (issue 31), vendored into git from the npm registry (no CDN, no build step): Workbox's
# prebuilt production files and idb's UMD build, each with its licence. `make vendor` fetches them again.
WORKBOX_VERSION := 7.4.1
IDB_VERSION := 8.0.4
VENDOR := portal/offline/static/vendor
vendor:
	rm -rf build/vendor && mkdir -p build/vendor $(VENDOR)/workbox $(VENDOR)/idb
	cd build/vendor && npm pack --silent workbox-sw@$(WORKBOX_VERSION) workbox-core@$(WORKBOX_VERSION) \
		workbox-routing@$(WORKBOX_VERSION) workbox-strategies@$(WORKBOX_VERSION) workbox-precaching@$(WORKBOX_VERSION) \
		idb@$(IDB_VERSION) >/dev/null
	cd build/vendor && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp build/vendor/workbox-sw-$(WORKBOX_VERSION)/package/build/workbox-sw.js $(VENDOR)/workbox/
	for m in core routing strategies precaching; do \
		cp build/vendor/workbox-$$m-$(WORKBOX_VERSION)/package/build/workbox-$$m.prod.js $(VENDOR)/workbox/ || exit 1; done
	cp build/vendor/workbox-sw-$(WORKBOX_VERSION)/package/LICENSE $(VENDOR)/workbox/LICENSE
	cp build/vendor/idb-$(IDB_VERSION)/package/build/umd.js $(VENDOR)/idb/idb.umd.js
	cp build/vendor/idb-$(IDB_VERSION)/package/LICENSE $(VENDOR)/idb/LICENSE
	printf 'workbox-sw, workbox-core, workbox-routing, workbox-strategies, workbox-precaching %s (npm)\nidb %s (npm)\n' \
		$(WORKBOX_VERSION) $(IDB_VERSION) > $(VENDOR)/VERSIONS

translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o build/messages.pot portal plugins
	$(MAKE) --no-print-directory catalogs

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/matching.py

# The portal at county scale: a private PostgreSQL, a county of 100,000 people, gunicorn, 1/5/20 clients.
bench-portal: install pg-install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/portal.py $(BENCH_ARGS)

clean: pg-stop redis-stop
	rm -rf $(VENV) .test-plugins build instance
