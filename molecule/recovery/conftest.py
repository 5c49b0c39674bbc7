"""The recovery scenario's test directories (tests/ and one per verify step) share swarmcheck.py, beside this file."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
