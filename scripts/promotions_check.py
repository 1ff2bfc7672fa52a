#!/usr/bin/env python3
"""Cross-checks a promotion report's agreement figures with scipy.

Reads the per-campaign table of a `vitrine whatif --out` report (contribution columns "profit"
and "true profit") or of a `vitrine optimize --out` report (standalone "profit" and "true
profit"), and prints Spearman's rank correlation (scipy.stats.spearmanr) and the precision and
recall of the campaigns flagged as harmful (forecast < 0) against those truly harmful (true < 0).

    python3 scripts/promotions_check.py docs/results/promotions/whatif-pool.md
"""
import sys

from scipy.stats import spearmanr


def number(cell):
    return float(cell.strip().replace(",", "").replace("\u2212", "-"))


def table(path):
    rows, header = [], None
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "id":
            header = cells
            continue
        if header and len(cells) == len(header) and cells[0].isdigit():
            rows.append(dict(zip(header, cells)))
        elif header and rows and not line.startswith("|"):
            break
    return header, rows


def main(path):
    header, rows = table(path)
    forecast_key = next(k for k in header if k in ("profit", "revenue", "units"))
    truth_key = "true " + forecast_key
    forecast = [number(r[forecast_key]) for r in rows]
    truth = [number(r[truth_key]) for r in rows]
    rho = spearmanr(forecast, truth).statistic
    flagged = [f < 0 for f in forecast]
    harmful = [t < 0 for t in truth]
    both = sum(f and h for f, h in zip(flagged, harmful))
    precision = both / sum(flagged) if sum(flagged) else float("nan")
    recall = both / sum(harmful) if sum(harmful) else float("nan")
    print(f"{path}: {len(rows)} campaigns, Spearman {rho:.3f} (scipy); harmful {sum(harmful)}, flagged {sum(flagged)}, "
          f"precision {precision:.2f}, recall {recall:.2f}")


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        main(argument)
