"""A regression guard for the Qt binding itself.

PySide6-Essentials 6.12.0 on Python 3.11 loses one reference to None on every Qt call that
returns nothing; after some tens of thousands of calls (minutes of animation) None's count
reaches zero and the interpreter aborts with "none_dealloc". pyproject.toml excludes it; this
test fails if a binding with that fault is installed again."""

import subprocess
import sys

CODE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(2000):
    label.setText("x")
print(before - sys.getrefcount(None))
"""


def test_void_qt_calls_do_not_leak_references_to_none():
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=60)
    lost = int(out.stdout.strip().splitlines()[-1])
    assert lost < 100, f"the Qt binding lost {lost} references to None in 2,000 calls: the app would abort"
