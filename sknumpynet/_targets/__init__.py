"""From ``y`` (and ``sample_weight``) to what the loss reads: the
classifier's labels and class weights, the regressor's target scaling, and
the checks of sample weights.

Imports nothing else from sknumpynet.
"""
