"""The catalogs are merged in the same order in every process: a phrase two features translate differently must
not come out one way from one gunicorn worker and another way from the next (the plugin manager's set of plugins
is ordered by string hashes, which differ per process)."""
import os
import subprocess
import sys

SCRIPT = """
from portal import create_app
from portal.plugin.manager import current_plugins
app = create_app()
with app.app_context():
    print("|".join(current_plugins().translation_dirs()))
"""


def test_the_translation_folders_come_in_one_order_whatever_the_hash_seed(tmp_path):
    orders = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, SECRET_KEY="order", DATABASE_URL=f"sqlite:///{tmp_path}/o.sqlite")
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
        orders.add(out.stdout.strip().splitlines()[-1])
    assert len(orders) == 1 and orders.pop().count("|") >= 10
