"""Fitting on and predicting from Dask arrays (the optional ``dask`` extra).

Only :mod:`sknumpynet._dask.dispatch` is imported with sknumpynet, and it
does not import Dask; the other modules are imported when a Dask array
arrives.
"""
