#!/usr/bin/env python3
"""statsmodels' OLS results and scipy's distribution values, for VitrineRegression's tests.

Reads the committed sales table Tests/VitrineRegressionTests/Fixtures/sales_small.csv (written by
VitrineRegression's seeded generator, 40 products x 12 weeks; see SalesTableFixtureTests for how
to rewrite it) and writes into the same folder:

  statsmodels_sales_small.json  for each model below, statsmodels' OLS fit with
                                cov_type 'nonrobust', 'HC1' and 'cluster' (groups: product_id,
                                statsmodels' default corrections and use_t): params, bse, tvalues,
                                pvalues, conf_int, rsquared, rsquared_adj, fvalue, f_pvalue, the
                                F test's degrees of freedom, nobs, llf, aic, bic, condition
                                number, and summary(slim=True).as_text()
  scipy_distributions.json      scipy.special.betainc, scipy.stats.t (sf, ppf), f (sf),
                                norm (sf, ppf) at points chosen to reach the far tails, large
                                and fractional degrees of freedom and both branches of the
                                incomplete beta's continued fraction

The Swift tests fit the same formulas and match every number to 1e-6 relative (and the
summaries character for character), so `swift test` needs neither statsmodels nor scipy.

Models (terms as the Swift test builds them; patsy puts categorical terms first, so the lists
do too, and the column orders agree):
  main          np.log(units_sold) ~ C(style) + C(category) + C(week) + np.log(price) + promo
                (style's levels declared product_only, on_model, worn: product_only is the
                reference, so the dummies are C(style)[T.on_model] and C(style)[T.worn])
  implicit      np.log(units_sold) ~ 0 + C(category) + np.log(price) + promo
                (a full set of category dummies: statsmodels' implicit constant, so R² is
                centred and the robust F test is NaN)
  no_constant   np.log(units_sold) ~ 0 + np.log(price) + promo   (uncentered R²)

Usage:
  scripts/make_regression_fixtures.py            regenerate the committed JSON files
  scripts/make_regression_fixtures.py --check    recompute in memory, compare with the committed
                                                 files, exit 1 naming what differs
  scripts/make_regression_fixtures.py --table T.csv --out F.json
                                                 statsmodels' results for another table (the
                                                 live cross-check test uses this)
Install with `python3 -m pip install statsmodels scipy`.
"""
import argparse
import json
import math
import os
import sys
import warnings

FIXTURES = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "VitrineRegressionTests", "Fixtures"))
TABLE = "sales_small.csv"
STATSMODELS_JSON = "statsmodels_sales_small.json"
SCIPY_JSON = "scipy_distributions.json"
STYLE_LEVELS = ["product_only", "on_model", "worn"]

# Terms: ["intercept"], ["categorical", column] (levels sorted as patsy sorts them, or declared),
# ["log", column], ["numeric", column].
MODELS = {
    "main": [["intercept"], ["categorical", "style"], ["categorical", "category"], ["categorical", "week"],
             ["log", "price"], ["numeric", "promo"]],
    "implicit": [["categorical", "category"], ["log", "price"], ["numeric", "promo"]],
    "no_constant": [["log", "price"], ["numeric", "promo"]],
}
CLUSTER_COLUMN = "product_id"


def formula(terms):
    parts = []
    for term in terms:
        kind = term[0]
        if kind == "categorical":
            parts.append(f"C({term[1]})")
        elif kind == "log":
            parts.append(f"np.log({term[1]})")
        elif kind == "numeric":
            parts.append(term[1])
    if ["intercept"] not in terms:
        parts.insert(0, "0")
    return "np.log(units_sold) ~ " + " + ".join(parts)


def finite(x):
    """JSON has no NaN: statsmodels' NaN (an undefined F test) is written as null."""
    x = float(x)
    return None if math.isnan(x) else x


def statsmodels_results(table_path):
    import numpy as np
    import pandas as pd
    import statsmodels
    import statsmodels.formula.api as smf

    # Every column as text first, then the numeric ones parsed, exactly as the Swift table does.
    data = pd.read_csv(table_path, dtype=str, keep_default_na=False)
    for column in ["week", "promo", "units_sold"]:
        data[column] = data[column].astype(int)
    data["price"] = data["price"].astype(float)
    # Declared style levels: product_only is the reference, and the dummies keep this order.
    data["style"] = pd.Categorical(data["style"], categories=STYLE_LEVELS)
    groups = pd.factorize(data[CLUSTER_COLUMN])[0]

    models = {}
    for name, terms in MODELS.items():
        model = smf.ols(formula(terms), data)
        fits = {}
        for cov_type in ["nonrobust", "HC1", "cluster"]:
            kwargs = {"cov_type": cov_type}
            if cov_type == "cluster":
                kwargs["cov_kwds"] = {"groups": groups}
            with warnings.catch_warnings():
                # A robust F test on a rank-deficient restriction covariance warns; the numbers stand.
                warnings.simplefilter("ignore")
                r = model.fit(**kwargs)
                ci = np.asarray(r.conf_int())
                f_test_df = (None, None)
                if not math.isnan(float(r.fvalue)):
                    if cov_type == "nonrobust":
                        f_test_df = (float(r.df_model), float(r.df_resid))
                    else:
                        k = len(r.params)
                        mat = np.eye(k)
                        const_idx = r.model.data.const_idx
                        if r.model.data.k_constant == 1 and const_idx is not None:
                            mat = np.delete(mat, const_idx, axis=0)
                        ft = r.f_test(mat)
                        f_test_df = (float(ft.df_num), float(ft.df_denom))
                fits[cov_type] = {
                    "use_t": bool(r.use_t),
                    "bse": [float(x) for x in r.bse],
                    "tvalues": [float(x) for x in r.tvalues],
                    "pvalues": [float(x) for x in r.pvalues],
                    "conf_int_lower": [float(x) for x in ci[:, 0]],
                    "conf_int_upper": [float(x) for x in ci[:, 1]],
                    "fvalue": finite(r.fvalue),
                    "f_pvalue": finite(r.f_pvalue),
                    "f_df_num": f_test_df[0],
                    "f_df_denom": f_test_df[1],
                    "summary_slim": r.summary(slim=True).as_text(),
                }
        r = model.fit()
        models[name] = {
            "formula": formula(terms),
            "terms": terms,
            "names": list(r.params.index),
            "params": [float(x) for x in r.params],
            "nobs": float(r.nobs),
            "df_model": float(r.df_model),
            "df_resid": float(r.df_resid),
            "k_constant": int(r.k_constant),
            "rsquared": float(r.rsquared),
            "rsquared_adj": float(r.rsquared_adj),
            "ssr": float(r.ssr),
            "llf": float(r.llf),
            "aic": float(r.aic),
            "bic": float(r.bic),
            "condition_number": float(r.condition_number),
            "fits": fits,
        }
    return {
        "table": os.path.basename(table_path),
        "style_levels": STYLE_LEVELS,
        "cluster_column": CLUSTER_COLUMN,
        "models": models,
        "versions": {"statsmodels": statsmodels.__version__, "pandas": pd.__version__, "numpy": np.__version__},
    }


def scipy_values():
    import scipy
    from scipy import special, stats

    beta = []
    for a, b in [(0.5, 0.5), (1, 1), (2, 3), (0.5, 30), (30, 0.5), (5, 5), (100, 0.5), (0.5, 100), (230, 0.5),
                 (50, 60), (1000, 1000), (20000, 0.5), (3.7, 12.2), (1e-2, 4)]:
        for x in [1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999999]:
            beta.append([a, b, x, float(special.betainc(a, b, x))])
    t = []
    for df in [1, 2, 3, 5, 11, 39, 100, 441, 10000, 2.5]:
        for x in [0, 0.5, 1.96, 3, 10, 40]:
            t.append([df, x, float(stats.t.sf(x, df))])
    t_quantiles = []
    for df in [1, 2, 3, 5, 11, 39, 100, 441, 10000, 2.5]:
        for p in [0.6, 0.9, 0.975, 0.995, 0.9999999]:
            t_quantiles.append([df, p, float(stats.t.ppf(p, df))])
    f = []
    for d1, d2 in [(1, 1), (2, 10), (5, 20), (17, 39), (17, 441), (3, 10000), (0.5, 2.5)]:
        for x in [0.01, 0.5, 1, 2, 5, 30, 300]:
            f.append([d1, d2, x, float(stats.f.sf(x, d1, d2))])
    normal = [[z, float(stats.norm.sf(z))] for z in [-3, -1, 0, 0.5, 1.96, 5, 10, 30]]
    normal_quantiles = [[p, float(stats.norm.ppf(p))] for p in [1e-10, 0.01, 0.3, 0.5, 0.6, 0.975, 0.999, 1 - 1e-12]]
    return {
        "betainc": beta,
        "t_sf": t,
        "t_ppf": t_quantiles,
        "f_sf": f,
        "norm_sf": normal,
        "norm_ppf": normal_quantiles,
        "versions": {"scipy": scipy.__version__},
    }


def dump(value):
    return json.dumps(value, indent=1, sort_keys=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    parser.add_argument("--table", help="another sales table (with --out)")
    parser.add_argument("--out", help="where to write statsmodels' results for --table")
    args = parser.parse_args()

    if args.table:
        if not args.out:
            parser.error("--table needs --out")
        with open(args.out, "w") as f:
            f.write(dump(statsmodels_results(args.table)))
        return 0

    outputs = {
        STATSMODELS_JSON: dump(statsmodels_results(os.path.join(FIXTURES, TABLE))),
        SCIPY_JSON: dump(scipy_values()),
    }
    if args.check:
        different = []
        for name, text in outputs.items():
            path = os.path.join(FIXTURES, name)
            if not os.path.exists(path) or open(path).read() != text:
                different.append(name)
        if different:
            print("differs from the committed fixture: " + ", ".join(different), file=sys.stderr)
            return 1
        print("the committed fixtures are what this script makes")
        return 0
    for name, text in outputs.items():
        with open(os.path.join(FIXTURES, name), "w") as f:
            f.write(text)
        print(f"wrote {os.path.join(FIXTURES, name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
