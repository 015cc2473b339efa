"""Training a flat parameter vector: the optimisers and their epoch loop,
L-BFGS, early stopping, the state kept between calls, and the ``'auto'``
defaults. Builds on :mod:`sknumpynet._nn`.
"""
