"""Training a flat parameter vector: the optimisers, the epoch loop with its
progress record and batch sources, L-BFGS, early stopping, the state kept
between calls, and the ``'auto'`` defaults. Builds on :mod:`sknumpynet._nn`.
"""
