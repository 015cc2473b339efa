"""The network as functions over arrays: activations, row reductions,
losses, initial weights, the flat parameter vector and the forward and backward pass.

Imports nothing else from sknumpynet: every other layer builds on this one.
"""
