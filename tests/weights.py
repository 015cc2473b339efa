"""The fitted network's weights as one list, for the tests that compare two
models weight by weight."""


def all_weights(est):
    """``est``'s weight matrices, then its bias vectors, as one list."""
    return list(est.coefs_) + list(est.intercepts_)
