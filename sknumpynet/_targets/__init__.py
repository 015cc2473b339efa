"""From ``y`` (and ``sample_weight``) to what the loss reads: the
classifier's labels and class weights, the regressor's target scaling, the
checks of sample weights, and the targets of data in row blocks.

Imports nothing else from sknumpynet.
"""
