#!/usr/bin/env python3
"""Load on a running `vitrine serve` from concurrent clients on loopback: each client sends its
share of POST /v1/search requests with one image, one at a time, on its own connection.

Reports end-to-end latency (p50, p99: upload, decode, embed, search, answer), throughput, the
answers by status, and requests that got no HTTP answer at all (a lost request: must be 0), and
writes them as JSON (--out). Not a test: figures depend on the machine; record `lscpu` beside them.

    scripts/bench_serve.py --url http://127.0.0.1:8080 --image photo.png --requests 400 --clients 1
"""
import argparse
import http.client
import json
import threading
import time
import urllib.parse


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else None


def client(url, path, body, count, results, lock):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    for _ in range(count):
        start = time.perf_counter()
        try:
            connection.request("POST", path, body=body, headers={"Content-Type": "image/png"})
            response = connection.getresponse()
            response.read()
            outcome = response.status
        except (OSError, http.client.HTTPException):
            outcome = "no answer"
            connection.close()
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        with lock:
            results.append((outcome, time.perf_counter() - start))
    connection.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--image", required=True, help="the query image (PNG or JPEG)")
    ap.add_argument("--k", type=int, default=50)
    ap.add_argument("--requests", type=int, default=200, help="requests in all, split over the clients")
    ap.add_argument("--clients", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=10, help="requests sent first and not counted")
    ap.add_argument("--out", help="write the figures here as JSON")
    args = ap.parse_args()
    url = urllib.parse.urlparse(args.url)
    body = open(args.image, "rb").read()
    path = f"/v1/search?k={args.k}"
    lock = threading.Lock()
    client(url, path, body, args.warmup, [], lock)
    results = []
    threads = [threading.Thread(target=client, args=(url, path, body, args.requests // args.clients, results, lock))
               for _ in range(args.clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ok = [seconds for outcome, seconds in results if outcome == 200]
    statuses = {}
    for outcome, _ in results:
        statuses[str(outcome)] = statuses.get(str(outcome), 0) + 1
    report = {
        "image": args.image, "k": args.k, "clients": args.clients, "requests": len(results),
        "seconds": round(elapsed, 3), "throughput_per_s": round(len(results) / elapsed, 1),
        "p50_ms_200": round(percentile(ok, 0.5) * 1000, 2) if ok else None,
        "p99_ms_200": round(percentile(ok, 0.99) * 1000, 2) if ok else None,
        "statuses": statuses, "unanswered": statuses.get("no answer", 0),
        "share_503": round(statuses.get("503", 0) / len(results), 3) if results else None,
    }
    print(json.dumps(report, indent=2))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
