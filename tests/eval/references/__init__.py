"""Reference recommenders for tests/eval/evaluate.py (see base.py for the module protocol)."""
