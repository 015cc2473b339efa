"""What the benchmark scripts in ``benchmarks/`` share: cross-validation,
timing, the machine's description, the data sets and models of the
real-data benchmark, and the table files the documentation quotes
(``tables``).

A script run as ``python benchmarks/<name>.py`` has ``benchmarks/`` first on
``sys.path``, so it imports these as ``from common import tables``.
"""
